// Conversion between a set of field paths and the FieldsV1 tree stored in managedFields.
import { type JsonObject, type JsonValue, isJsonObject } from './json-types';
import { type FieldPath, parsePathKey, pathKey } from './field-path';

export function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  const members: JsonObject[] = [];
  for (const key of [...paths].sort()) {
    let node = root;
    for (const segment of parsePathKey(key)) {
      node = (node[segment] ??= {}) as JsonObject;
    }
    members.push(node);
  }
  // A member that also has owned children marks itself with ".", as the apiserver does.
  for (const node of members) if (Object.keys(node).some((k) => k !== '.')) node['.'] = {};
  return ordered(root);
}

/** "." first, then the children in structured-merge-diff's order, as a real server writes them. */
function ordered(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  if ('.' in node) out['.'] = {};
  for (const key of Object.keys(node).filter((k) => k !== '.').sort(compareSegments)) out[key] = ordered(node[key] as JsonObject);
  return out;
}

/** Field names before keys before values before indexes; keys and values compared as values (numbers as numbers). */
function compareSegments(a: string, b: string): number {
  const rank = (s: string) => 'fkvi'.indexOf(s[0]);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const [x, y] = [a.slice(2), b.slice(2)];
  if (a[0] === 'f') return x < y ? -1 : x > y ? 1 : 0;
  if (a[0] === 'i') return Number(x) - Number(y);
  return compareValues(JSON.parse(x) as JsonValue, JSON.parse(y) as JsonValue);
}

function compareValues(x: JsonValue, y: JsonValue): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  if (isJsonObject(x) && isJsonObject(y)) {
    // A key: its fields in order, by name, then by value.
    const [xs, ys] = [Object.entries(x), Object.entries(y)];
    for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
      const byName = xs[i][0] < ys[i][0] ? -1 : xs[i][0] > ys[i][0] ? 1 : 0;
      const order = byName || compareValues(xs[i][1] ?? null, ys[i][1] ?? null);
      if (order !== 0) return order;
    }
    return xs.length - ys.length;
  }
  const text = (v: JsonValue) => JSON.stringify(v);
  return text(x) < text(y) ? -1 : text(x) > text(y) ? 1 : 0;
}

export function fromFieldsV1(tree: JsonObject): Set<string> {
  const out = new Set<string>();
  const visit = (node: JsonObject, path: FieldPath): void => {
    const children = Object.keys(node).filter((k) => k !== '.');
    if (path.length > 0 && (children.length === 0 || '.' in node)) out.add(pathKey(path));
    for (const k of children) visit((node[k] ?? {}) as JsonObject, [...path, k]);
  };
  visit(tree, []);
  return out;
}
