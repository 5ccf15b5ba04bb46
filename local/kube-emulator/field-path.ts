// Field paths in the notation of FieldsV1 (managedFields): `f:<field>` for a map field,
// `k:{"name":"app"}` for an item of an associative list, `v:"value"` for an item of a set list.
// A path is an array of those segments; a Set of paths is keyed by its JSON.
import { isDeepStrictEqual } from 'node:util';
import { type JsonObject, type JsonValue, isJsonObject } from './json-types';

export type FieldPath = string[];

/**
 * Lists whose items are merged by key fields (the real schemas' `x-kubernetes-list-map-keys`), by
 * field name; where one name holds lists of two schemas, the first key whose fields the items carry.
 * Ports are keyed by number and protocol, so `53/TCP` and `53/UDP` are two items.
 */
export const ASSOCIATIVE_LIST_KEYS: Record<string, string[][]> = {
  containers: [['name']],
  initContainers: [['name']],
  ephemeralContainers: [['name']],
  volumes: [['name']],
  env: [['name']],
  imagePullSecrets: [['name']],
  volumeMounts: [['mountPath']],
  volumeDevices: [['devicePath']],
  conditions: [['type']],
  ownerReferences: [['uid']],
  hostAliases: [['ip']],
  ports: [['containerPort', 'protocol'], ['port', 'protocol']], // container ports or service ports
};
/**
 * Key fields the schema gives a default: an item without one is keyed by the default (a container
 * port's protocol since v1.20, a Service port's since v1.21; before, server-side apply refused them).
 */
const KEY_FIELD_DEFAULTS: Record<string, JsonValue> = { protocol: 'TCP' };
/** Keyed lists whose items are atomic structs (`x-kubernetes-map-type: atomic`), owned as a whole. */
const ATOMIC_ITEMS = new Set(['ownerReferences']);
/** Lists of scalars merged as sets (`x-kubernetes-list-type: set`). */
const SET_LISTS = new Set(['finalizers']);

export type ListMode = { kind: 'atomic' } | { kind: 'set' } | { kind: 'map'; keys: string[] };

/**
 * Whose schema the current write follows. Custom resources follow their CRD's structural schema,
 * where a list without `x-kubernetes-list-type` is atomic; built-in kinds follow the keys above.
 * Set by ResourceOperations at the start of every (synchronous) write.
 */
let schemaOf: 'builtin' | 'custom' = 'builtin';
export function useSchemaOf(kind: 'builtin' | 'custom'): void {
  schemaOf = kind;
}
export function currentSchema(): 'builtin' | 'custom' {
  return schemaOf;
}

export function listModeOf(fieldName: string, items: JsonValue[]): ListMode {
  if (schemaOf === 'custom') return { kind: 'atomic' };
  if (SET_LISTS.has(fieldName) && items.every((i) => typeof i === 'string')) return { kind: 'set' };
  for (const keys of ASSOCIATIVE_LIST_KEYS[fieldName] ?? []) {
    if (items.every((i) => isJsonObject(i) && keys.every((k) => keyValue(i, k) !== undefined))) return { kind: 'map', keys };
  }
  return { kind: 'atomic' };
}

function keyValue(item: JsonObject, field: string): JsonValue | undefined {
  const value = item[field];
  return value === undefined || value === null ? KEY_FIELD_DEFAULTS[field] : value;
}

export function itemSegment(mode: ListMode, item: JsonValue): string {
  if (mode.kind === 'map') return `k:${JSON.stringify(Object.fromEntries(mode.keys.map((k) => [k, keyValue(item as JsonObject, k)])))}`;
  return `v:${JSON.stringify(item)}`;
}

export function pathKey(path: FieldPath): string {
  return JSON.stringify(path);
}

export function parsePathKey(key: string): FieldPath {
  return JSON.parse(key) as FieldPath;
}

/**
 * Paths a manager owns by setting `value`: leaves (scalars, atomic lists, empty maps) and the
 * items of associative/set lists. `withIntermediate` also yields every map on the way, which is
 * what "still present in the object" needs.
 */
export function collectPaths(value: JsonValue | undefined, withIntermediate = false): Set<string> {
  const out = new Set<string>();
  walk(value, [], '', out, withIntermediate);
  return out;
}

/** Built-in structs marked `x-kubernetes-map-type: atomic` (owned and replaced as a whole). */
const ATOMIC_STRUCTS = new Set(['roleRef']);

/** Maps of labels marked `+mapType=atomic`: a Service's (and a ReplicationController's) selector, a pod's nodeSelector. */
const ATOMIC_LABEL_MAPS = new Set(['selector', 'nodeSelector']);

/**
 * A LabelSelector (`matchLabels`/`matchExpressions` under `selector`, `podSelector`,
 * `namespaceSelector`, `labelSelector`...) is an atomic struct in the built-in schemas, as are
 * ATOMIC_STRUCTS and ATOMIC_LABEL_MAPS.
 */
export function isAtomicMap(fieldName: string, value: JsonValue): boolean {
  if (schemaOf !== 'builtin' || !isJsonObject(value)) return false;
  const labelSelector = /^(s|.+S)elector$/.test(fieldName) && ('matchLabels' in value || 'matchExpressions' in value);
  return labelSelector || ATOMIC_STRUCTS.has(fieldName) || ATOMIC_LABEL_MAPS.has(fieldName);
}

function walk(value: JsonValue | undefined, path: FieldPath, fieldName: string, out: Set<string>, all: boolean): void {
  if (value === undefined || value === null) return;
  if (isAtomicMap(fieldName, value)) {
    out.add(pathKey(path));
    return;
  }
  if (isJsonObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
    if (path.length > 0 && (keys.length === 0 || all)) out.add(pathKey(path));
    for (const k of keys) walk(value[k], [...path, `f:${k}`], k, out, all);
    return;
  }
  if (Array.isArray(value)) {
    const mode = listModeOf(fieldName, value);
    if (mode.kind === 'atomic' || value.length === 0) {
      out.add(pathKey(path));
      return;
    }
    if (all) out.add(pathKey(path));
    for (const item of value) {
      const itemPath = [...path, itemSegment(mode, item)];
      out.add(pathKey(itemPath));
      if (mode.kind === 'map' && !ATOMIC_ITEMS.has(fieldName)) {
        for (const [k, v] of Object.entries(item as JsonObject)) walk(v, [...itemPath, `f:${k}`], k, out, all);
      }
    }
    return;
  }
  out.add(pathKey(path));
}

function findItem(list: JsonValue[], segment: string): number {
  const body = JSON.parse(segment.slice(2)) as JsonValue;
  if (segment.startsWith('v:')) return list.findIndex((i) => isDeepStrictEqual(i, body));
  const keys = Object.entries(body as JsonObject);
  return list.findIndex((i) => isJsonObject(i) && keys.every(([k, v]) => isDeepStrictEqual(keyValue(i, k), v)));
}

export function valueAt(root: JsonValue | undefined, path: FieldPath): { found: boolean; value?: JsonValue } {
  let current: JsonValue | undefined = root;
  for (const segment of path) {
    if (segment.startsWith('f:')) {
      if (!isJsonObject(current)) return { found: false };
      current = current[segment.slice(2)];
      if (current === undefined) return { found: false };
    } else {
      if (!Array.isArray(current)) return { found: false };
      const index = findItem(current, segment);
      if (index < 0) return { found: false };
      current = current[index];
    }
  }
  return { found: true, value: current };
}

/** Deletes the field or list item at `path`; a missing path is a no-op. */
export function removeAt(root: JsonObject, path: FieldPath): void {
  if (path.length === 0) return;
  const parent = valueAt(root, path.slice(0, -1));
  const last = path[path.length - 1];
  if (!parent.found) return;
  if (last.startsWith('f:') && isJsonObject(parent.value)) {
    delete parent.value[last.slice(2)];
  } else if (Array.isArray(parent.value)) {
    const index = findItem(parent.value, last);
    if (index >= 0) parent.value.splice(index, 1);
  }
}

/** `.spec.template.spec.containers[name="app"].image`, the way the apiserver names fields. */
export function formatPath(path: FieldPath): string {
  return path
    .map((segment) => {
      if (segment.startsWith('f:')) return `.${segment.slice(2)}`;
      const body = JSON.parse(segment.slice(2)) as JsonValue;
      if (segment.startsWith('v:')) return `[=${JSON.stringify(body)}]`;
      return `[${Object.entries(body as JsonObject).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    })
    .join('');
}

/**
 * A list item's key field (`f:containerPort` under `k:{"containerPort":53,"protocol":"UDP"}`): it
 * stays as long as the item does (structured-merge-diff preserves keys when it removes fields).
 */
export function isItemKeyField(path: FieldPath): boolean {
  const last = path[path.length - 1];
  const item = path[path.length - 2];
  if (last === undefined || item === undefined || !last.startsWith('f:') || !item.startsWith('k:')) return false;
  return Object.hasOwn(JSON.parse(item.slice(2)) as JsonObject, last.slice(2));
}

export function isAncestorOrSelf(ancestor: FieldPath, path: FieldPath): boolean {
  return ancestor.length <= path.length && ancestor.every((s, i) => path[i] === s);
}
