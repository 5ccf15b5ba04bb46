// A real API server holds string maps (labels, annotations, a ConfigMap's data) as Go maps, which
// it always writes out with their keys sorted; the emulator stores them the same way, so that an
// answer, and a message quoting an object, list them in the same order.
import { type JsonObject, type KubeObject, isJsonObject } from './json-types';
import type { ResourceType } from './resource-type';

function sortedKeys(map: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}

/** Sorts, in place, the keys of the string maps of `obj`. */
export function sortStringMaps(type: ResourceType, obj: KubeObject): void {
  const meta = obj.metadata as JsonObject;
  for (const field of ['labels', 'annotations']) {
    const map = meta[field];
    if (isJsonObject(map)) meta[field] = sortedKeys(map);
  }
  if (type.group !== '' || (type.kind !== 'ConfigMap' && type.kind !== 'Secret')) return;
  for (const field of ['data', 'binaryData']) {
    const map = obj[field];
    if (isJsonObject(map)) obj[field] = sortedKeys(map);
  }
}
