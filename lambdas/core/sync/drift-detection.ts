// Drift (issue #13): a managed object that is missing, or whose fields lynq-sfn owned are now
// owned by another field manager (someone ran kubectl edit/scale/apply on them). Pure: the caller
// renders what each settled node should have placed and lists what is there, metadata only.
// ignoreFields are never drift, and with creationPolicy Once no field is (the object is never
// written again); a missing Once object is, as Lynq re-creates it.
import type { ResourceTemplate } from '../config/config-model';
import type { KubeObject } from '../template/rendered-resource';
import { FIELD_MANAGER } from '../apply/tracking-labels';
import type { DriftedResource } from '../contracts/workflow-contracts';
import { ignoredPaths, isUnder, ownsPath, pathsOfFieldsV1, pathsOfObject, type FieldPathSet } from '../apply/owned-field-paths';

/** One object a settled node should have placed: the object as its next apply would send it. */
export interface ExpectedObject {
  /** LynqNode name. */
  node: string;
  uid: string;
  form: string;
  resourceId: string;
  template: Pick<ResourceTemplate, 'creationPolicy' | 'ignoreFields'>;
  desired: KubeObject;
}

/** What a metadata-only LIST gives for one object. */
export interface LiveMetadata {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    managedFields?: unknown[];
    [key: string]: unknown;
  };
}

export interface NodeDrift {
  node: string;
  uid: string;
  form: string;
  resources: DriftedResource[];
}

/** A report stays small: it travels in an execution input and a LynqNode status. */
export const MAX_REPORTED_FIELDS = 10;

interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: unknown;
}

export function objectKey(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  return `${apiVersion}/${kind}/${namespace ?? ''}/${name}`;
}

export function detectDrift(expected: readonly ExpectedObject[], live: Iterable<LiveMetadata>): NodeDrift[] {
  const liveByKey = new Map<string, LiveMetadata>();
  for (const obj of live) liveByKey.set(objectKey(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name ?? ''), obj);
  const byNode = new Map<string, NodeDrift>();
  for (const want of expected) {
    const { desired } = want;
    const found = liveByKey.get(objectKey(desired.apiVersion, desired.kind, desired.metadata.namespace, desired.metadata.name));
    const drifted = found ? takenOverFields(want, found) : { reason: 'missing' as const };
    if (!drifted) continue;
    const entry = byNode.get(want.node) ?? { node: want.node, uid: want.uid, form: want.form, resources: [] };
    const resource: DriftedResource = { id: want.resourceId, kind: desired.kind, name: desired.metadata.name, reason: drifted.reason };
    if (desired.metadata.namespace) resource.namespace = desired.metadata.namespace;
    if ('fields' in drifted) Object.assign(resource, { fields: drifted.fields, managers: drifted.managers });
    entry.resources.push(resource);
    byNode.set(want.node, entry);
  }
  return [...byNode.values()];
}

/**
 * The managedFields entries drift detection needs of one object, so a round keeps little per object:
 * none when only lynq-sfn (and status writers) manage it, as nothing can have been taken.
 */
export function entriesThatCanDrift(managedFields: readonly unknown[] | undefined): unknown[] {
  const main = ((managedFields ?? []) as ManagedFieldsEntry[]).filter((e) => e.subresource !== 'status');
  return main.some((e) => e.manager !== FIELD_MANAGER) ? main : [];
}

function takenOverFields(want: ExpectedObject, live: LiveMetadata): { reason: 'fields-taken-over'; fields: string[]; managers: string[] } | undefined {
  if (want.template.creationPolicy === 'Once') return undefined;
  // Status writers (controllers) never own what we apply; a /scale writer (kubectl scale, an
  // autoscaler) does: the server records its fields as the object's own (.spec.replicas).
  const main = entriesThatCanDrift(live.metadata.managedFields) as ManagedFieldsEntry[];
  const ours = merged(main.filter((e) => e.manager === FIELD_MANAGER));
  const others = new Map<string, FieldPathSet>();
  for (const e of main) {
    if (e.manager === FIELD_MANAGER || !e.manager) continue;
    const set = others.get(e.manager) ?? { paths: new Set<string>() };
    for (const p of pathsOfFieldsV1(e.fieldsV1).paths) set.paths.add(p);
    others.set(e.manager, set);
  }
  if (others.size === 0) return undefined;
  const ignored = ignoredPaths(want.desired, want.template.ignoreFields);
  const fields: string[] = [];
  const managers = new Set<string>();
  for (const path of pathsOfObject(want.desired)) {
    if (ignored.some((i) => isUnder(path, i)) || ownsPath(ours, path)) continue;
    const owners = [...others].filter(([, set]) => ownsPath(set, path)).map(([m]) => m);
    if (owners.length === 0) continue; // nobody owns it: pruned or defaulted away, not taken
    fields.push(secretSafe(want.desired.kind, path));
    owners.forEach((m) => managers.add(m));
  }
  if (fields.length === 0) return undefined;
  return { reason: 'fields-taken-over', fields: [...new Set(fields)].sort().slice(0, MAX_REPORTED_FIELDS), managers: [...managers].sort() };
}

function merged(entries: ManagedFieldsEntry[]): FieldPathSet {
  const paths = new Set<string>();
  for (const e of entries) for (const p of pathsOfFieldsV1(e.fieldsV1).paths) paths.add(p);
  return { paths };
}

/** A Secret's keys are named no deeper than `.data` / `.stringData`: reports are logged. */
function secretSafe(kind: string, path: string): string {
  if (kind !== 'Secret') return path;
  const top = /^\.(data|stringData)\b/.exec(path);
  return top ? top[0] : path;
}
