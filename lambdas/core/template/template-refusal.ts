// Templates run confined (DESIGN §3): in their own JavaScript realm, without Node's globals. Code
// that names a way out is refused when the form is validated, so a copied snippet fails with a
// clear message instead of failing (or worse) at render time. The realm is what holds: this check
// only makes the obvious attempts visible early (a computed name such as `x['constr' + 'uctor']`
// passes it and still finds nothing to reach).
import { templateTags } from './template-code';

/**
 * Names that only make sense to reach the process, the module system or a function constructor,
 * and the ways to a promise (the realm has none: see template-sandbox).
 */
const REFUSED_NAMES = [
  'process', 'require', 'module', 'exports', 'global', 'globalThis', 'this', 'constructor', '__proto__',
  'Function', 'eval', 'import', 'Buffer', 'caller', 'callee', 'prepareStackTrace', '__lynqRun',
  'Promise', 'async', 'await',
];
/** Inside a string literal only these count (`x['constructor']`): 'this' or 'global' there is prose. */
const REFUSED_IN_STRINGS = ['constructor', '__proto__', 'globalThis', 'prepareStackTrace', 'callee', '__lynqRun'];

const wordPattern = (names: string[]): RegExp => new RegExp(`(?<![\\w$])(${names.join('|')})(?![\\w$])`);
const REFUSED = wordPattern(REFUSED_NAMES);
const REFUSED_STRING = wordPattern(REFUSED_IN_STRINGS);
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;

/** Why a template is refused, or null. */
export function confinementProblem(source: string): string | null {
  for (const { code } of templateTags(source)) {
    const strings = code.match(STRING_LITERAL) ?? [];
    const name = REFUSED.exec(code.replace(STRING_LITERAL, "''"))?.[1] ?? strings.map((s) => REFUSED_STRING.exec(s)?.[1]).find((n) => n !== undefined);
    if (name !== undefined) {
      return `template code may not use '${name}': templates run confined, without Node's globals (process, require, Buffer), 'this', function constructors or promises`;
    }
  }
  return null;
}
