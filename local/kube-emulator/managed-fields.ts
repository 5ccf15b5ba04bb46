// Per-manager field ownership (metadata.managedFields). Every write records who set which
// fields, so that server-side apply can detect conflicts and remove fields a manager dropped.
import { isDeepStrictEqual } from 'node:util';
import { collectPaths, currentSchema, listModeOf, parsePathKey, valueAt } from './field-path';
import { fromFieldsV1, toFieldsV1 } from './fields-v1';
import { type JsonObject, type JsonValue, type KubeObject, cloneJson, isJsonObject } from './json-types';
import { jsonText } from './json-types';

export type WriteScope = 'main' | 'status';

export interface ManagedEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  /** Absent when the manager's last write changed no value (only ownership). */
  time?: string;
  subresource?: string;
  fields: Set<string>;
}

/** Metadata the server owns; never part of anybody's field set. */
const SERVER_METADATA = [
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields', 'selfLink',
];

export function readEntries(obj: KubeObject | undefined): ManagedEntry[] {
  const raw = obj?.metadata.managedFields ?? [];
  return raw.filter(isJsonObject).map((e) => ({
    manager: jsonText(e.manager),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: jsonText(e.apiVersion),
    time: typeof e.time === 'string' ? e.time : undefined,
    subresource: typeof e.subresource === 'string' ? e.subresource : undefined,
    fields: fromFieldsV1(isJsonObject(e.fieldsV1) ? e.fieldsV1 : {}),
  }));
}

export function writeEntries(obj: KubeObject, entries: ManagedEntry[]): void {
  const kept = entries.filter((e) => e.fields.size > 0);
  if (kept.length === 0) {
    delete obj.metadata.managedFields;
    return;
  }
  obj.metadata.managedFields = kept.map((e) => {
    // In ManagedFieldsEntry's field order, as a real server writes it.
    return {
      manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, ...(e.time !== undefined ? { time: e.time } : {}),
      fieldsType: 'FieldsV1', fieldsV1: toFieldsV1(e.fields), ...(e.subresource ? { subresource: e.subresource } : {}),
    };
  });
}

/** The part of an object a write through `scope` may set, without server-owned metadata. */
export function scopedContent(obj: KubeObject, scope: WriteScope, hasStatus: boolean): JsonObject {
  if (scope === 'status') return obj.status === undefined ? {} : { status: cloneJson(obj.status) };
  const out = cloneJson(obj) as JsonObject;
  delete out.apiVersion;
  delete out.kind;
  if (hasStatus) delete out.status;
  if (isJsonObject(out.metadata)) {
    for (const f of SERVER_METADATA) delete out.metadata[f];
    if (Object.keys(out.metadata).length === 0) delete out.metadata;
  }
  return out;
}

export function subresourceOf(scope: WriteScope): string | undefined {
  return scope === 'status' ? 'status' : undefined;
}

/** Drops ownership of fields that no longer exist in `obj`. */
export function pruneEntries(entries: ManagedEntry[], obj: KubeObject): void {
  const present = collectPaths(obj, true);
  for (const e of entries) for (const p of [...e.fields]) if (!present.has(p)) e.fields.delete(p);
}

/**
 * Fields of built-in kinds that Go types always carry (non-pointer structs, lists without
 * omitempty): the server never records them as owned themselves ("." in FieldsV1), only their content.
 */
const ALWAYS_PRESENT = new Set(['f:metadata', 'f:spec', 'f:status', 'f:template', 'f:strategy', 'f:updateStrategy', 'f:containers', 'f:resources', 'f:jobTemplate', 'f:names']);

/** A map with entries, or a keyed/set list: ownership goes to its members, not to itself. */
function isContainer(value: unknown, fieldName: string): boolean {
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return Array.isArray(value) && value.length > 0 && listModeOf(fieldName, value as JsonValue[]).kind !== 'atomic';
}

/**
 * Records a non-apply write (create, update, patch): the writer takes ownership of every field it
 * changed or added (a map or list item it created, with "."), other managers lose those fields.
 * An entry's time moves only when the object changed.
 */
export function recordUpdate(
  before: KubeObject | undefined,
  after: KubeObject,
  manager: string,
  scope: WriteScope,
  hasStatus: boolean,
  apiVersion: string,
  now: string,
): void {
  const entries = readEntries(before);
  const beforeContent = before ? scopedContent(before, scope, hasStatus) : undefined;
  const afterContent = scopedContent(after, scope, hasStatus);
  const changed = [...collectPaths(afterContent, true)].filter((key) => {
    const path = parsePathKey(key);
    const old = valueAt(beforeContent, path);
    const value = valueAt(afterContent, path).value;
    const last = path[path.length - 1];
    if (isContainer(value, last.slice(2)) && !last.startsWith('k:') && !last.startsWith('v:')) {
      const alwaysPresent = currentSchema() === 'builtin' ? ALWAYS_PRESENT.has(last) : last === 'f:metadata';
      return !old.found && !alwaysPresent;
    }
    return !old.found || !isDeepStrictEqual(old.value, value);
  });
  const subresource = subresourceOf(scope);
  if (changed.length > 0) {
    let mine = entries.find((e) => e.manager === manager && e.operation === 'Update' && e.subresource === subresource);
    if (!mine) {
      mine = { manager, operation: 'Update', apiVersion, time: now, subresource, fields: new Set() };
      entries.push(mine);
    }
    for (const e of entries) if (e !== mine) for (const p of changed) e.fields.delete(p);
    for (const p of changed) mine.fields.add(p);
    mine.time = now;
    mine.apiVersion = apiVersion;
  }
  pruneEntries(entries, after);
  writeEntries(after, entries);
}
