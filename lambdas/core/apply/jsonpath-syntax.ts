// ignoreFields paths (lynq-behaviour.md §2.2) are checked when the config is loaded, so a typo fails at
// validate/synth time rather than at apply time. The check parses with the engine that evaluates them
// (jsonpath-plus): its path splitter and its filter-expression parser, so what passes here is exactly
// what the apply can run. On top, two rules of ours: the path names a field below `$` (a bare `$`
// would ignore the whole object), and brackets balance (the splitter silently drops a stray one).
import { JSONPath } from 'jsonpath-plus';

interface ScriptConstructor { new (code: string): { ast: unknown } }
// The evaluator's own expression compiler (jsep-based), the one `eval: 'safe'` uses for `?()` and `()`.
const SafeScript = (JSONPath.prototype as unknown as { safeVm: { Script: ScriptConstructor } }).safeVm.Script;

/** null when valid, else what is wrong. */
export function jsonPathProblem(path: string): string | null {
  if (!path.startsWith('$')) return 'must start with $';
  const unbalanced = unbalancedBracket(path);
  if (unbalanced !== null) return `unbalanced ${JSON.stringify(path[unbalanced])} at position ${unbalanced}`;
  const segments = JSONPath.toPathArray(path);
  const [root = ''] = segments;
  if (root !== '$') return `unexpected ${JSON.stringify(root.slice(1, 2))} after $`;
  if (segments.length === 1) return 'names no field (a bare $ would ignore the whole object)';
  for (const segment of segments) {
    const script = scriptOf(segment);
    if (script === null) continue;
    let ast: unknown;
    try {
      ast = new SafeScript(script).ast;
    } catch (error) {
      return `expression ${JSON.stringify(segment)}: ${(error as Error).message}`;
    }
    const refused = refusedProperty(ast);
    if (refused) return `expression ${JSON.stringify(segment)}: the evaluator refuses to read '${refused}'`;
  }
  try {
    JSONPath({ path, json: {}, resultType: 'path', wrap: true });
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

/** The code of a filter `?(...)` or script `(...)` segment, as the evaluator compiles it; null for other segments. */
function scriptOf(segment: string): string | null {
  if (segment.startsWith('?(')) return atAsIdentifier(segment.replace(/^\?\((.*?)\)$/su, '$1'));
  if (segment.startsWith('(')) return atAsIdentifier(segment.replace(/^\((.*?)\)$/su, '$1'));
  return null;
}

// The evaluator binds `@`, `@parent`, `@root`... to variables before compiling; any identifier parses the same.
function atAsIdentifier(code: string): string {
  return code.replaceAll(/@[A-Za-z]*/gu, '_$_v');
}

// The evaluator throws when an expression reads one of these (unless the object has it as its own key),
// so a path naming one fails on every object it meets.
const REFUSED_PROPERTIES = new Set(['constructor', '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function refusedProperty(node: unknown): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as { type?: string; computed?: boolean; property?: { name?: string; value?: unknown } };
  if (n.type === 'MemberExpression') {
    const name = n.computed ? n.property?.value : n.property?.name;
    if (typeof name === 'string' && REFUSED_PROPERTIES.has(name)) return name;
  }
  for (const child of Object.values(node)) {
    const found = refusedProperty(child);
    if (found) return found;
  }
  return undefined;
}

/** Position of the first bracket or parenthesis without its partner, outside quotes; null when all balance. */
function unbalancedBracket(path: string): number | null {
  const open: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < path.length; i += 1) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') open.push(i);
    else if (c === ']' || c === ')') {
      const at = open.pop();
      if (at === undefined || (path[at] === '[') !== (c === ']')) return i;
    }
  }
  return open.at(-1) ?? null;
}
