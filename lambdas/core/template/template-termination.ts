// Which templates provably finish quickly, so rendering can skip the time-limit watchdog (it
// costs a thread start per render, more than rendering the seed form itself).
//
// A template qualifies when each tag is an output tag (`<%= %>`, `<%- %>`) holding an expression
// built only from: names, string and number literals, operators, `?:`, grouping, calls to the
// helpers, and the linear string/array methods below. No loops, no function literals, no
// regular expressions, no brackets, no `new`: nothing can run long or call code a template
// defined. Its free names must resolve to the render's scope (values and helpers), never to the
// realm's globals, which another template may have assigned. Everything else runs under the
// watchdog: still correct, only slower.
import { templateTags } from './template-code';
import { TEMPLATE_HELPERS } from './template-helpers';

/** Callable by name: the helpers (they run in Node on copies of their arguments, never calling template code) and the primitive conversions. */
export const BOUNDED_CALLS: ReadonlySet<string> = new Set([...Object.keys(TEMPLATE_HELPERS), 'String', 'Number', 'Boolean']);

/** Properties and methods after `.`: linear in their input, and never calling template code. */
const BOUNDED_MEMBERS = new Set([
  'length', 'toUpperCase', 'toLowerCase', 'trim', 'trimStart', 'trimEnd', 'slice', 'substring', 'substr', 'startsWith',
  'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'split', 'join', 'concat', 'charAt', 'at', 'toString', 'toFixed',
  'replace', 'replaceAll', 'getTime', 'toISOString',
]);

const LITERAL_NAMES = new Set(['undefined', 'NaN', 'Infinity']);
const OPERATOR_WORDS = new Set(['typeof', 'void', 'null', 'true', 'false', 'in', 'instanceof']);

const TOKEN = /\s+|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|[A-Za-z_$][\w$]*|===|!==|==|!=|<=|>=|&&|\|\||\?\?|\?\.|[-+*%<>!?:.,()=&|^~]/y;
const RESERVED = /^(break|case|catch|class|const|continue|debugger|default|delete|do|else|export|extends|finally|for|function|if|import|let|new|return|super|switch|this|throw|try|var|while|with|yield|async|await|of|static|enum|arguments)$/;

/** The names an expression reads, or null when it is outside the bounded subset. */
function expressionNames(code: string): string[] | null {
  const names: string[] = [];
  let previous = ''; // last significant token
  let previousIsMember = false; // it was a name after '.'
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < code.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(code);
    if (match === null || match.index !== at) return null; // a character outside the subset
    const token = match[0];
    if (/^\s/.test(token)) continue;
    const afterDot = previous === '.' || previous === '?.';
    if (/^[A-Za-z_$]/.test(token)) {
      if (afterDot) {
        if (!BOUNDED_MEMBERS.has(token)) return null;
      } else if (RESERVED.test(token)) {
        return null;
      } else if (!OPERATOR_WORDS.has(token) && !LITERAL_NAMES.has(token)) {
        names.push(token);
      }
    } else if (token === '(') {
      // A call: only of a helper by its name, or of an allowed method; otherwise grouping.
      if (previous === ')' || previous === '?.') return null;
      if (/^[A-Za-z_$]/.test(previous) && !previousIsMember && !BOUNDED_CALLS.has(previous) && !OPERATOR_WORDS.has(previous)) return null;
    }
    previousIsMember = afterDot && /^[A-Za-z_$]/.test(token);
    previous = token;
  }
  return names;
}

/** The free names of a template whose run time is provably short, or null. */
export function boundedTemplateNames(source: string): string[] | null {
  const names = new Set<string>();
  for (const tag of templateTags(source)) {
    if (tag.kind === '') return null;
    const found = expressionNames(tag.code);
    if (found === null) return null;
    for (const name of found) names.add(name);
  }
  return [...names];
}
