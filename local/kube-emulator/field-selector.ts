// Field selectors: `metadata.name=x`, `metadata.namespace!=y`, any dotted path compared as text.
import { badRequest } from './api-error';
import { type JsonValue, type KubeObject, isJsonObject, jsonText } from './json-types';
import type { ResourceType } from './resource-type';

export type FieldSelector = (obj: KubeObject) => boolean;

function lookup(obj: KubeObject, dotted: string): string {
  let node: JsonValue | undefined = obj;
  for (const part of dotted.split('.')) node = isJsonObject(node) ? node[part] : undefined;
  return jsonText(node);
}

/** Fields each kind can be selected by beyond metadata.name/namespace (the real field label conversions). */
const EXTRA_FIELDS: Record<string, string[]> = {
  Namespace: ['status.phase'],
  Secret: ['type'],
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Job: ['status.successful'],
};

export function parseFieldSelector(selector: string | null, type?: ResourceType): FieldSelector {
  const requirements = (selector ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '').map((text) => {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
    if (!m) throw badRequest(`invalid field selector "${text}"`);
    const known = ['metadata.name', 'metadata.namespace', ...(type && !type.definedByCrd ? EXTRA_FIELDS[type.kind] ?? [] : [])];
    if (!known.includes(m[1])) throw badRequest(`"${m[1]}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    return { path: m[1], negate: m[2] === '!=', value: m[3] };
  });
  return (obj) => requirements.every((r) => (lookup(obj, r.path) === r.value) !== r.negate);
}
