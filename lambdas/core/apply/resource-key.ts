// `Kind/namespace/name@id` keys for LynqNode status (lynq-behaviour §4.5), and the
// orphan computation over the machine-readable refs that go with them.
import type { AppliedRef } from '../contracts/workflow-contracts';

export interface ResourceKeyParts {
  id: string;
  kind: string;
  name: string;
  /** Empty or absent for cluster-scoped kinds. */
  namespace?: string;
}

/** `Deployment/node-acme-corp/acme-corp-app@app`; a cluster-scoped object has an empty namespace segment. */
export function resourceKey(parts: ResourceKeyParts): string {
  return `${parts.kind}/${parts.namespace ?? ''}/${parts.name}@${parts.id}`;
}

export function parseResourceKey(key: string): ResourceKeyParts {
  // Kind and namespace never hold `/` or `@`; names never hold `/` or `@`; the id may hold anything after the first `@`.
  const match = /^([^/@]+)\/([^/@]*)\/([^/@]+)@(.+)$/.exec(key);
  if (!match) throw new Error(`invalid resource key "${key}": expected Kind/namespace/name@id`);
  const [, kind = '', namespace = '', name = '', id = ''] = match;
  return namespace ? { kind, namespace, name, id } : { kind, name, id };
}

/** Refs recorded before that the current form no longer places (removed, renamed, re-namespaced or re-id'd). */
export function orphanedRefs(previous: AppliedRef[], current: AppliedRef[]): AppliedRef[] {
  // apiVersion is left out of the comparison: moving v1beta1 -> v1 is the same object, not an orphan.
  const currentKeys = new Set(current.map(resourceKey));
  const seen = new Set<string>();
  return previous.filter((ref) => {
    const key = resourceKey(ref);
    if (currentKeys.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
