// Server-side apply: merge an applied configuration into the live object, with per-manager
// ownership, conflicts on fields another manager set to a different value, and removal of
// fields this manager applied before and has now dropped.
import { isDeepStrictEqual } from 'node:util';
import { KubeApiError } from './api-error';
import {
  type FieldPath, collectPaths, isAtomicMap, formatPath, isAncestorOrSelf, isItemKeyField, itemSegment, listModeOf, parsePathKey, removeAt, valueAt,
} from './field-path';
import { type JsonObject, type JsonValue, type KubeObject, cloneJson, isJsonObject } from './json-types';
import { type ManagedEntry, type WriteScope, pruneEntries, readEntries, scopedContent, subresourceOf, writeEntries } from './managed-fields';

export interface ApplyRequest {
  live: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  scope: WriteScope;
  hasStatus: boolean;
  apiVersion: string;
  now: string;
}

interface Conflict {
  path: FieldPath;
  /** How the message names the manager: `"m"`, plus ` using v1` for an Update, ` with subresource "status"`. */
  manager: string;
}

function managerLabel(e: ManagedEntry): string {
  return `"${e.manager}"${e.operation === 'Update' ? ` using ${e.apiVersion}` : ''}${e.subresource ? ` with subresource "${e.subresource}"` : ''}`;
}

/** Merges `applied` into `live`: maps by key, associative lists by their key field, the rest replaced. */
export function mergeApplied(live: JsonValue | undefined, applied: JsonValue, fieldName = ''): JsonValue {
  if (isAtomicMap(fieldName, applied)) return cloneJson(applied);
  if (isJsonObject(live) && isJsonObject(applied)) {
    const out = cloneJson(live);
    for (const [k, v] of Object.entries(applied)) {
      if (v === undefined || v === null) continue;
      out[k] = mergeApplied(live[k] ?? undefined, v, k);
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(applied)) {
    const mode = listModeOf(fieldName, [...live, ...applied]);
    if (mode.kind === 'atomic') return cloneJson(applied);
    const out = cloneJson(live);
    for (const item of applied) {
      const segment = itemSegment(mode, item);
      const index = out.findIndex((existing) => itemSegment(mode, existing) === segment);
      if (index < 0) out.push(cloneJson(item));
      else if (mode.kind === 'map') out[index] = mergeApplied(out[index], item);
    }
    return out;
  }
  return cloneJson(applied);
}

function conflictError(conflicts: Conflict[]): KubeApiError {
  const byManager = new Map<string, string[]>();
  for (const c of conflicts) byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), formatPath(c.path)]);
  const groups = [...byManager].sort(([a], [b]) => (a < b ? -1 : 1)).map(([m, fields]) => [m, fields.sort()] as const);
  const summary =
    conflicts.length === 1
      ? `conflict with ${groups[0][0]}: ${groups[0][1][0]}`
      : groups.map(([manager, fields]) => `conflicts with ${manager}:\n${fields.map((f) => `- ${f}`).join('\n')}`).join('\n');
  const plural = conflicts.length === 1 ? 'conflict' : 'conflicts';
  return new KubeApiError(409, 'Conflict', `Apply failed with ${conflicts.length} ${plural}: ${summary}`, {
    causes: groups.flatMap(([manager, fields]) => fields.map((field) => ({ reason: 'FieldManagerConflict', message: `conflict with ${manager}`, field }))),
  });
}

/** Removes containers left empty by a removal, unless someone owns them as a value. */
function pruneEmptyAncestors(root: JsonObject, path: FieldPath, owned: (p: FieldPath) => boolean): void {
  for (let len = path.length - 1; len > 0; len--) {
    const ancestor = path.slice(0, len);
    const at = valueAt(root, ancestor);
    const empty = at.found && ((isJsonObject(at.value) && Object.keys(at.value).length === 0) || (Array.isArray(at.value) && at.value.length === 0));
    if (!empty || owned(ancestor)) return;
    removeAt(root, ancestor);
  }
}

export function serverSideApply(req: ApplyRequest): KubeObject {
  const entries: ManagedEntry[] = readEntries(req.live);
  const subresource = subresourceOf(req.scope);
  const mine = entries.find((e) => e.manager === req.manager && e.operation === 'Apply' && e.subresource === subresource);
  const others = entries.filter((e) => e !== mine);
  const applied = scopedContent(req.applied, req.scope, req.hasStatus);
  const base: JsonObject = req.live ? (cloneJson(req.live)) : {};
  const newFields = collectPaths(applied);

  const conflicts: Conflict[] = [];
  for (const key of newFields) {
    const path = parsePathKey(key);
    if (!path[path.length - 1].startsWith('f:')) continue; // list items conflict through their fields
    const current = valueAt(base, path);
    if (!current.found || isDeepStrictEqual(current.value, valueAt(applied, path).value)) continue;
    for (const e of others) if (e.fields.has(key)) conflicts.push({ path, manager: managerLabel(e) });
  }
  if (conflicts.length > 0 && !req.force) throw conflictError(conflicts);
  for (const c of conflicts) for (const e of others) e.fields.delete(JSON.stringify(c.path));

  const merged = mergeApplied(base, applied) as JsonObject;
  if (mine) {
    const ownedByOthers = (path: FieldPath): boolean =>
      others.some((e) => [...e.fields].some((k) => isAncestorOrSelf(path, parsePathKey(k))));
    const dropped = [...mine.fields].filter((k) => !newFields.has(k)).map(parsePathKey).sort((a, b) => b.length - a.length);
    for (const path of dropped) {
      // A dropped item goes whole (after its other fields, deepest first), found by its keys.
      if (ownedByOthers(path) || isItemKeyField(path)) continue;
      removeAt(merged, path);
      pruneEmptyAncestors(merged, path, (p) => ownedByOthers(p) || newFields.has(JSON.stringify(p)));
    }
  }

  const result = merged as KubeObject;
  result.metadata = isJsonObject(result.metadata) ? result.metadata : {};
  const entry: ManagedEntry = mine ?? { manager: req.manager, operation: 'Apply', apiVersion: req.apiVersion, subresource, fields: new Set() };
  entry.fields = newFields;
  // The entry's time moves only when the apply changed a value (an apply that only takes
  // ownership of values already there leaves a new entry without time).
  const contentOf = (o: JsonObject | undefined) => (o ? { ...o, metadata: { ...(o.metadata as JsonObject), managedFields: undefined, resourceVersion: undefined } } : undefined);
  if (!req.live || !isDeepStrictEqual(contentOf(req.live), contentOf(merged))) entry.time = req.now;
  else if (!mine) delete entry.time;
  entry.apiVersion = req.apiVersion;
  const all = mine ? entries : [...entries, entry];
  pruneEntries(all, result);
  writeEntries(result, all);
  return result;
}
