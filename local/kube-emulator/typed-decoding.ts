// What the real server's typed decoding rejects before any validation runs: a value of the wrong
// JSON type in a built-in kind's Go struct (ConfigMap data, Deployment replicas...), bad base64 in
// a Secret, a resource quantity it cannot parse. The same mistake answers 400 on POST/PUT and 500 on
// apply (typed patch, or for a quantity the conversion after the merge), as recorded.
import { KubeApiError } from './api-error';
import { type JsonValue, type KubeObject, isJsonObject } from './json-types';
import type { ResourceType } from './resource-type';
import { invalidQuantityMessage } from './resource-quantity';

interface TypeError {
  /** `.data.size` */
  path: string;
  /** Go struct field as encoding/json names it: `ConfigMap.data`, `DeploymentSpec.spec.replicas`. */
  goField: string;
  goType: 'string' | 'int32';
  value: JsonValue;
}

const STRING_MAPS: Record<string, Array<[string, string]>> = {
  ConfigMap: [['data', 'ConfigMap.data'], ['binaryData', 'ConfigMap.binaryData']],
  Secret: [['data', 'Secret.data'], ['stringData', 'Secret.stringData']],
};
const REPLICA_KINDS: Record<string, string> = { Deployment: 'DeploymentSpec', StatefulSet: 'StatefulSetSpec', ReplicaSet: 'ReplicaSetSpec' };

function jsonKind(value: JsonValue): string {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

function typeErrors(type: ResourceType, obj: KubeObject): TypeError[] {
  if (type.definedByCrd) return [];
  const out: TypeError[] = [];
  for (const [field, goField] of STRING_MAPS[type.kind] ?? []) {
    const map = obj[field];
    if (!isJsonObject(map)) continue;
    for (const [k, v] of Object.entries(map)) if (v !== undefined && v !== null && typeof v !== 'string') out.push({ path: `.${field}.${k}`, goField, goType: 'string', value: v });
  }
  const spec = obj.spec;
  if (REPLICA_KINDS[type.kind] && isJsonObject(spec) && spec.replicas !== undefined && spec.replicas !== null && typeof spec.replicas !== 'number') {
    out.push({ path: '.spec.replicas', goField: `${REPLICA_KINDS[type.kind]}.spec.replicas`, goType: 'int32', value: spec.replicas });
  }
  return out;
}

/** POST/PUT: the body cannot be decoded into the kind's Go type (400). */
export function checkDecodable(type: ResourceType, version: string, obj: KubeObject): void {
  const [first] = typeErrors(type, obj);
  const cannot = (detail: string) => new KubeApiError(400, 'BadRequest', `${type.kind} in version "${version}" cannot be handled as a ${type.kind}: ${detail}`);
  if (first) throw cannot(`json: cannot unmarshal ${jsonKind(first.value)} into Go struct field ${first.goField} of type ${first.goType}`);
  const quantity = invalidQuantityMessage(type, obj);
  if (quantity) throw cannot(quantity);
  if (type.kind === 'Secret' && type.group === '' && isJsonObject(obj.data)) {
    for (const v of Object.values(obj.data)) {
      const bad = typeof v === 'string' ? firstBadBase64Byte(v) : -1;
      if (bad >= 0) throw cannot(`illegal base64 data at input byte ${bad}`);
    }
  }
}

/** Apply: the typed patch cannot be built (500, no reason). */
export function checkApplyTyped(type: ResourceType, apiVersion: string, name: string, obj: KubeObject): void {
  const [first] = typeErrors(type, obj);
  if (!first) {
    const quantity = invalidQuantityMessage(type, obj);
    if (quantity) throw new KubeApiError(500, undefined, `failed to convert new object to proper version: unable to convert unstructured object to ${apiVersion}, Kind=${type.kind}: ${quantity}`);
    return;
  }
  const got = first.goType === 'string' ? `&value.valueUnstructured{Value:${JSON.stringify(first.value)}}` : jsonKind(first.value);
  const expected = first.goType === 'string' ? 'string' : 'numeric (int or float)';
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  throw new KubeApiError(500, undefined, `failed to create typed patch object (/${name}; ${gv}, Kind=${type.kind}): ${first.path}: expected ${expected}, got ${got}`);
}

/** Index of the first byte Go's base64.StdEncoding rejects, or -1. */
function firstBadBase64Byte(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/[A-Za-z0-9+/]/.test(c)) continue;
    if (c === '=' && i >= s.length - 2 && s.length % 4 === 0) continue;
    return i;
  }
  return s.length % 4 === 0 ? -1 : s.length - (s.length % 4);
}

const META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

/** The patched object as the server quotes it: unstructured top level (sorted keys), typed metadata order. */
function quotedObject(obj: KubeObject): string {
  const meta = obj.metadata as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const k of META_ORDER) if (meta[k] !== undefined) ordered[k] = meta[k];
  const top: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) top[k] = k === 'metadata' ? ordered : obj[k];
  return JSON.stringify(top);
}

/** A merge patch whose result cannot be decoded into the kind's Go type (422 quoting the object). */
export function checkPatchedDecodable(type: ResourceType, obj: KubeObject): void {
  const [first] = typeErrors(type, obj);
  const problem = first ? `json: cannot unmarshal ${jsonKind(first.value)} into Go struct field ${first.goField} of type ${first.goType}` : invalidQuantityMessage(type, obj);
  if (!problem) return;
  const message = `Invalid value: ${JSON.stringify(quotedObject(obj))}: ${problem}`;
  throw new KubeApiError(422, 'Invalid', ` "" is invalid: patch: ${message}`, { causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] });
}
