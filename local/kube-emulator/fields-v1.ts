// Conversion between a set of field paths and the FieldsV1 tree stored in managedFields.
import type { JsonObject } from './json-types';
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
  return root;
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
