// Fields the Kubernetes API only accepts as strings. A template there stays a string even when
// unquoted, so `node-id: <%= uid %>` with uid "123" is still a valid label (Lynq has the same
// rule for its typed markers, lynq-behaviour.md §3).

// `selector` holds strings directly in a Service (spec.selector); elsewhere it nests matchLabels.
const STRING_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'nodeSelector', 'selector']);
const STRING_KEYS = new Set(['apiVersion', 'kind']);
const DATA_KINDS = new Set(['ConfigMap', 'Secret']);
const DATA_KEYS = new Set(['data', 'stringData', 'binaryData']);

/**
 * @param keys the object keys from the manifest root to the field (array indexes as numbers)
 * @param kind the manifest's kind (unrendered text is fine: only ConfigMap/Secret matter)
 */
export function isStringOnlyField(keys: ReadonlyArray<string | number>, kind: unknown): boolean {
  const last = keys[keys.length - 1];
  const parent = keys[keys.length - 2];
  if (typeof last === 'string' && STRING_KEYS.has(last) && keys.length === 1) return true;
  if (typeof parent === 'string' && STRING_MAPS.has(parent)) return true;
  if (keys.length === 2 && typeof parent === 'string' && DATA_KEYS.has(parent) && typeof kind === 'string' && DATA_KINDS.has(kind)) return true;
  // Container env values, command and args.
  if (last === 'value' && typeof keys[keys.length - 2] === 'number' && keys[keys.length - 3] === 'env') return true;
  if (typeof last === 'number' && (parent === 'command' || parent === 'args')) return true;
  return false;
}
