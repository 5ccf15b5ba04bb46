// Plain JSON shapes the emulator stores and serves. Objects are kept as parsed JSON
// (not typed models) because the emulator must round-trip any kind, CRDs included.
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export interface ObjectMeta extends JsonObject {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  managedFields?: JsonObject[];
}

export interface KubeObject extends JsonObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects among the items of `value`; none when it is not an array. */
export function objectItems(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/**
 * A deep copy made of plain literals. Not structuredClone: under jest that returns objects of
 * another realm, and util.isDeepStrictEqual (no-op detection) then sees every copy as changed.
 */
export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = cloneJson((value as Record<string, unknown>)[key]);
    return out as T;
  }
  return value;
}

/**
 * A JSON value as message text: strings as they are, numbers and booleans printed, objects as JSON,
 * absent or null as `fallback`. Null reads as absent, as Go's unstructured accessors read it (a real
 * server answers a body without apiVersion and kind with `invalid object type: /, Kind=`).
 * The conformance harness uses it too, for sort keys and template values.
 */
export function jsonText(value: unknown, fallback = ''): string {
  switch (typeof value) {
    case 'string': return value;
    case 'number': case 'boolean': case 'bigint': return String(value);
    case 'object': return value === null ? fallback : JSON.stringify(value);
    default: return fallback;
  }
}
