// Field paths as server-side apply records ownership (managedFields[].fieldsV1), and the same
// paths read off an object we apply, in one comparable form: `.spec.replicas`,
// `.spec.template.spec.containers[name=app].image`, `.metadata.labels["app.kubernetes.io/name"]`
// (keys with other characters than letters, digits, `-` and `_` are quoted). A list whose items
// are not keyed by name is one field (`.spec.args`): fieldsV1 keys such items by schema-specific
// keys (or owns an atomic list whole), which only the API server's schema knows, so comparing
// below that level would guess.
import { JSONPath } from 'jsonpath-plus';

/** The field paths one field manager owns. */
export interface FieldPathSet {
  paths: Set<string>;
}

/** Ownership paths from one managedFields entry's fieldsV1. */
export function pathsOfFieldsV1(fieldsV1: unknown): FieldPathSet {
  const paths = new Set<string>();
  const walk = (node: unknown, prefix: string) => {
    if (typeof node !== 'object' || node === null) return;
    const keys = Object.keys(node).filter((k) => k !== '.');
    if (keys.length === 0) {
      if (prefix) paths.add(prefix);
      return;
    }
    for (const key of keys) {
      const child = (node as Record<string, unknown>)[key];
      if (key.startsWith('f:')) {
        walk(child, `${prefix}${segment(key.slice(2))}`);
      } else {
        const named = key.startsWith('k:') ? nameKey(key.slice(2)) : undefined;
        // Items keyed by anything but a lone name, sets (v:) and indexes (i:): the list is one field.
        if (named === undefined) paths.add(prefix);
        else walk(child, `${prefix}[name=${named}]`);
      }
    }
  };
  walk(fieldsV1, '');
  return { paths };
}

function nameKey(json: string): string | undefined {
  try {
    const key = JSON.parse(json) as Record<string, unknown>;
    const keys = Object.keys(key);
    return keys.length === 1 && keys[0] === 'name' && typeof key.name === 'string' ? key.name : undefined;
  } catch {
    return undefined;
  }
}

/** `.key`, or `["key"]` for keys with other characters (label keys have dots and slashes): paths stay unambiguous. */
function segment(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** What the API server never lists in fieldsV1: the object's identity. */
const IDENTITY_PATHS = new Set(['.apiVersion', '.kind', '.metadata.name', '.metadata.namespace']);

/** The leaf paths of an object we apply: what our field manager owns once the apply succeeded. */
export function pathsOfObject(obj: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every(isNamedItem)) {
        for (const item of value as Record<string, unknown>[]) walk(item, `${prefix}[name=${item.name as string}]`);
      } else out.push(prefix);
    } else if (typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, `${prefix}${segment(key)}`);
    } else if (prefix) out.push(prefix);
  };
  walk(obj, '');
  return out.filter((p) => !IDENTITY_PATHS.has(p));
}

function isNamedItem(item: unknown): boolean {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && typeof (item as Record<string, unknown>).name === 'string';
}

/**
 * Whether `set` owns `path`: the path itself, a shorter path owned whole (an atomic list, a list
 * compared as one field), or something below it.
 */
export function ownsPath(set: FieldPathSet, path: string): boolean {
  if (set.paths.has(path)) return true;
  for (let cut = cutPoint(path); cut > 0; cut = cutPoint(path.slice(0, cut))) {
    if (set.paths.has(path.slice(0, cut))) return true;
  }
  for (const owned of set.paths) if (owned.startsWith(`${path}.`) || owned.startsWith(`${path}[`)) return true;
  return false;
}

/** Index of the last `.` or `[` that starts a path segment (not inside a `[name=...]` key). */
function cutPoint(path: string): number {
  let depth = 0;
  for (let i = path.length - 1; i >= 0; i--) {
    const c = path[i];
    if (c === ']') depth++;
    else if (c === '[') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '.' && depth === 0) return i;
  }
  return -1;
}

/**
 * The paths (in this module's form) that ignoreFields' JSONPaths select in `obj`: an index into a
 * named list becomes `[name=...]`; one into any other list selects the whole list.
 */
export function ignoredPaths(obj: unknown, jsonPaths: readonly string[]): string[] {
  const out: string[] = [];
  for (const expression of jsonPaths) {
    const matches = JSONPath<string[]>({ path: expression, json: obj as object, resultType: 'path', wrap: true });
    for (const match of matches) {
      const segments = JSONPath.toPathArray(match).slice(1);
      let node: unknown = obj;
      let path = '';
      for (const step of segments) {
        if (Array.isArray(node)) {
          if (!node.every(isNamedItem)) break;
          const item = node[Number(step)] as Record<string, unknown> | undefined;
          if (!item) break;
          path += `[name=${item.name as string}]`;
          node = item;
        } else {
          path += segment(step);
          node = (node as Record<string, unknown> | undefined)?.[step];
        }
      }
      if (path) out.push(path);
    }
  }
  return out;
}

/** Whether `path` is `ignored` or lies below it. */
export function isUnder(path: string, ignored: string): boolean {
  return path === ignored || path.startsWith(`${ignored}.`) || path.startsWith(`${ignored}[`);
}
