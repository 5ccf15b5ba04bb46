// The JSONPath subset CRD printer columns use: `.a.b`, `['a.b']`, `[0]`, `[*]` and filters
// `[?(@.type=="Ready")]` (with == or !=, string/number/boolean literals).
import { badRequest } from './api-error';
import { type JsonValue, isJsonObject } from './json-types';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: string[]; negate: boolean; value: JsonValue };

function parse(expression: string): Step[] {
  const steps: Step[] = [];
  let rest = expression.trim().replace(/^\{(.*)\}$/, '$1').replace(/^\$/, '');
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z0-9_-]+)/.exec(rest))) steps.push({ kind: 'field', name: m[1] });
    else if ((m = /^\[['"]([^'"]+)['"]\]/.exec(rest))) steps.push({ kind: 'field', name: m[1] });
    else if ((m = /^\[(\d+)\]/.exec(rest))) steps.push({ kind: 'index', index: Number(m[1]) });
    else if ((m = /^\[\*\]/.exec(rest))) steps.push({ kind: 'all' });
    else if ((m = /^\[\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*(==|!=)\s*("[^"]*"|'[^']*'|[^)\s]+)\)\]/.exec(rest))) {
      const literal = m[3].startsWith("'") ? JSON.stringify(m[3].slice(1, -1)) : m[3];
      steps.push({ kind: 'filter', path: m[1].slice(1).split('.'), negate: m[2] === '!=', value: JSON.parse(literal) as JsonValue });
    } else throw badRequest(`unsupported JSONPath in printer column: ${expression}`);
    rest = rest.slice(m[0].length);
  }
  return steps;
}

function dig(value: JsonValue | undefined, path: string[]): JsonValue | undefined {
  let node = value;
  for (const p of path) node = isJsonObject(node) ? node[p] : undefined;
  return node;
}

/** All values the expression selects in `root` (empty when the path is absent). */
export function evaluateColumnPath(root: JsonValue, expression: string): JsonValue[] {
  let nodes: JsonValue[] = [root];
  for (const step of parse(expression)) {
    const next: JsonValue[] = [];
    for (const node of nodes) {
      if (step.kind === 'field' && isJsonObject(node) && node[step.name] !== undefined) next.push(node[step.name] as JsonValue);
      if (step.kind === 'index' && Array.isArray(node) && step.index < node.length) next.push(node[step.index]);
      if (step.kind === 'all') {
        if (Array.isArray(node)) next.push(...node);
        else if (isJsonObject(node)) next.push(...Object.values(node).filter((v): v is JsonValue => v !== undefined));
      }
      if (step.kind === 'filter' && Array.isArray(node)) {
        next.push(...node.filter((item) => (dig(item, step.path) === step.value) !== step.negate));
      }
    }
    nodes = next;
  }
  return nodes;
}
