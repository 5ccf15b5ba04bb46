// Pure steps of applying one rendered resource (DESIGN §4, §7; lynq-behaviour §2.2, §4.2, §4.6):
// the object we send, the tracking labels and annotations stamped on it, its applied hash,
// ignoreFields, and the orphan-marker patches.
import { createHash } from 'node:crypto';
import { JSONPath } from 'jsonpath-plus';
import type { KubeObject, RenderedResource } from '../template/rendered-resource';
import type { AppliedRef } from '../contracts/workflow-contracts';
import { canonicalJson } from './canonical-json';
import {
  ANNOTATION_APPLIED_HASH,
  ANNOTATION_APPLY_START,
  ANNOTATION_CREATED_ONCE,
  ANNOTATION_DELETION_POLICY,
  ANNOTATION_ORPHANED_AT,
  ANNOTATION_ORPHANED_REASON,
  ANNOTATION_RESOURCE_ID,
  LABEL_FORM,
  LABEL_HUB,
  LABEL_MANAGED_BY,
  LABEL_NODE,
  LABEL_NODE_NAMESPACE,
  LABEL_ORPHANED,
  LABEL_UID,
  MANAGED_BY,
} from './tracking-labels';

/** Who owns the object: the node (LynqNode record) it belongs to. */
export interface NodeIdentity {
  /** LynqNode name, e.g. acme-corp-database-provisioning. */
  nodeName: string;
  /** Namespace of the LynqNode record. */
  recordNamespace: string;
  uid: string;
  form: string;
  hubId: string;
}

export type OrphanReason = 'LynqNodeDeleted' | 'RemovedFromTemplate';

/** Metadata the API server owns; a template that carries it would make every apply fail or drift. */
const SERVER_METADATA = ['resourceVersion', 'uid', 'managedFields', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

export function trackingLabels(node: NodeIdentity): Record<string, string> {
  return {
    [LABEL_NODE]: node.nodeName,
    [LABEL_NODE_NAMESPACE]: node.recordNamespace,
    [LABEL_FORM]: node.form,
    [LABEL_HUB]: node.hubId,
    [LABEL_UID]: node.uid,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
}

/**
 * Where an object lands: a cluster-scoped kind has no namespace (targetNamespace does not apply);
 * a namespaced one without targetNamespace or metadata.namespace lands in the node's record
 * namespace (Lynq's default: the LynqNode's namespace). The one rule for apply, readiness checks,
 * deletion, orphaning and status.appliedResources, so they always look at the same object.
 */
export function resolvedNamespace(renderedNamespace: string | undefined, namespaced: boolean, recordNamespace: string): string | undefined {
  if (!namespaced) return undefined;
  return renderedNamespace || recordNamespace;
}

/**
 * The object to send, without the hash and start-time annotations: the rendered manifest with
 * tracking labels (which win over template labels) and the policy annotations. Cluster-scoped kinds
 * lose any namespace; a namespaced object without one goes to the record namespace (Lynq's default).
 */
export function desiredObject(rendered: RenderedResource, node: NodeIdentity, namespaced: boolean): KubeObject {
  const manifest = rendered.manifest;
  const where = `resource "${rendered.id}" of node ${node.nodeName}`;
  if (!manifest || typeof manifest !== 'object') throw new Error(`${where}: manifest is not an object`);
  if (typeof manifest.apiVersion !== 'string' || !manifest.apiVersion) throw new Error(`${where}: field apiVersion is missing`);
  if (typeof manifest.kind !== 'string' || !manifest.kind) throw new Error(`${where}: field kind is missing`);
  if (!manifest.metadata || typeof manifest.metadata.name !== 'string' || !manifest.metadata.name) {
    throw new Error(`${where}: field metadata.name is missing (set nameTemplate)`);
  }
  const copy = structuredClone(manifest) as KubeObject;
  delete copy.status;
  for (const key of SERVER_METADATA) delete copy.metadata[key];
  // ownerReferences are never ours: the LynqNode lives in another namespace, tracking is by labels.
  delete copy.metadata.ownerReferences;
  const namespace = resolvedNamespace(copy.metadata.namespace, namespaced, node.recordNamespace);
  if (namespace) copy.metadata.namespace = namespace;
  else delete copy.metadata.namespace;

  copy.metadata.labels = { ...stringMap(copy.metadata.labels, where, 'metadata.labels'), ...trackingLabels(node) };
  const annotations = stringMap(copy.metadata.annotations, where, 'metadata.annotations');
  delete annotations[ANNOTATION_APPLIED_HASH];
  delete annotations[ANNOTATION_APPLY_START];
  delete annotations[ANNOTATION_ORPHANED_AT];
  delete annotations[ANNOTATION_ORPHANED_REASON];
  annotations[ANNOTATION_DELETION_POLICY] = rendered.template.deletionPolicy;
  annotations[ANNOTATION_RESOURCE_ID] = rendered.id;
  if (rendered.template.creationPolicy === 'Once') annotations[ANNOTATION_CREATED_ONCE] = 'true';
  else delete annotations[ANNOTATION_CREATED_ONCE];
  copy.metadata.annotations = annotations;
  delete copy.metadata.labels[LABEL_ORPHANED];
  return copy;
}

/** 16 hex chars of SHA-256 over the canonical JSON of the desired object, without the hash and start-time annotations. */
export function appliedHash(desired: KubeObject): string {
  const copy = structuredClone(desired) as KubeObject;
  if (copy.metadata.annotations) {
    delete copy.metadata.annotations[ANNOTATION_APPLIED_HASH];
    delete copy.metadata.annotations[ANNOTATION_APPLY_START];
  }
  return createHash('sha256').update(canonicalJson(copy)).digest('hex').slice(0, 16);
}

export function withApplyAnnotations(desired: KubeObject, hash: string, applyStartTime: string): KubeObject {
  const copy = structuredClone(desired) as KubeObject;
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [ANNOTATION_APPLIED_HASH]: hash, [ANNOTATION_APPLY_START]: applyStartTime };
  return copy;
}

/** The start time to stamp: kept while the applied hash is unchanged, reset to `now` when it changes. */
export function applyStartTime(live: KubeObject | undefined, hash: string, now: Date): string {
  const annotations = live?.metadata.annotations ?? {};
  const kept = annotations[ANNOTATION_APPLY_START];
  return annotations[ANNOTATION_APPLIED_HASH] === hash && kept ? kept : now.toISOString();
}

/**
 * ignoreFields: for each JSONPath, the live value replaces the desired one, and a path absent
 * live is dropped from the desired object; so the field is set on create and left alone after.
 * Paths that match nothing are a no-op.
 */
export function keepIgnoredFields(desired: KubeObject, live: KubeObject, paths: string[]): KubeObject {
  const result = structuredClone(desired) as KubeObject;
  for (const path of paths) {
    const liveMatches = matches(path, live);
    const livePaths = new Set(liveMatches.map((m) => m.join('\u0000')));
    // Remove deepest/last first so array indices of earlier matches stay valid.
    const absentLive = matches(path, result).filter((m) => !livePaths.has(m.join('\u0000'))).reverse();
    for (const segments of absentLive) removeAt(result, segments);
    for (const segments of liveMatches) setAt(result, segments, structuredClone(getAt(live, segments)));
  }
  return result;
}

/** Who the object belongs to, as far as lynq-sfn is concerned. */
export type NodeOwner = Pick<NodeIdentity, 'uid' | 'form' | 'hubId'>;

/**
 * Why an existing object is not this node's to change or delete, or undefined when it is (retained
 * objects keep their uid/form/hub labels, so only their own node adopts them back). A value from the
 * table must never make lynq-sfn take over, and later delete, an object it did not create.
 */
export function foreignOwnership(live: KubeObject, node: NodeOwner): string | undefined {
  const labels = live.metadata.labels ?? {};
  if (labels[LABEL_MANAGED_BY] !== MANAGED_BY) return 'it was not created by lynq-sfn';
  const uid = labels[LABEL_UID];
  const form = labels[LABEL_FORM];
  const hub = labels[LABEL_HUB];
  if (uid !== node.uid || form !== node.form || hub !== node.hubId) return `it belongs to node ${uid ?? '?'} of form ${form ?? '?'} (hub ${hub ?? '?'})`;
  return undefined;
}

export function isCreatedOnce(live: KubeObject): boolean {
  return live.metadata.annotations?.[ANNOTATION_CREATED_ONCE] === 'true';
}

export function hasOrphanMarkers(live: KubeObject): boolean {
  return live.metadata.labels?.[LABEL_ORPHANED] === 'true' || live.metadata.annotations?.[ANNOTATION_ORPHANED_AT] !== undefined;
}

/** JSON merge patch for Retain: drop the node's ownership labels, add the orphan markers. */
export function orphanMarkerPatch(reason: OrphanReason, now: Date): Record<string, unknown> {
  return {
    metadata: {
      labels: { [LABEL_NODE]: null, [LABEL_NODE_NAMESPACE]: null, [LABEL_ORPHANED]: 'true' },
      annotations: { [ANNOTATION_ORPHANED_AT]: now.toISOString().replace(/\.\d{3}Z$/, 'Z'), [ANNOTATION_ORPHANED_REASON]: reason },
    },
  };
}

/** JSON merge patch for re-adoption: remove the orphan markers and put the tracking labels back. */
export function adoptionPatch(node: NodeIdentity): Record<string, unknown> {
  return {
    metadata: {
      labels: { ...trackingLabels(node), [LABEL_ORPHANED]: null },
      annotations: { [ANNOTATION_ORPHANED_AT]: null, [ANNOTATION_ORPHANED_REASON]: null },
    },
  };
}

/** The ref recorded for a desired object, as normalised by desiredObject. */
export function appliedRefOf(id: string, desired: KubeObject): AppliedRef {
  const ref: AppliedRef = { id, apiVersion: desired.apiVersion, kind: desired.kind, name: desired.metadata.name };
  if (desired.metadata.namespace) ref.namespace = desired.metadata.namespace;
  return ref;
}

function stringMap(value: unknown, where: string, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: field ${field} must be a map of strings`);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new Error(`${where}: field ${field}.${key} must be a string, got ${v === null ? 'null' : typeof v}`);
    out[key] = v;
  }
  return out;
}

type Segments = string[];

function matches(path: string, json: unknown): Segments[] {
  const results = JSONPath({ path, json: json as object, resultType: 'path', wrap: true }) as string[];
  return results.map((p) => JSONPath.toPathArray(p).slice(1));
}

function getAt(root: unknown, segments: Segments): unknown {
  let node = root as Record<string, unknown> | undefined;
  for (const s of segments) node = node?.[s] as Record<string, unknown> | undefined;
  return node;
}

function setAt(root: KubeObject, segments: Segments, value: unknown): void {
  let node = root as Record<string, unknown>;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (next === null || typeof next !== 'object') node[segment] = /^\d+$/.test(segments[i + 1]) ? [] : {};
    node = node[segment] as Record<string, unknown>;
  });
}

function removeAt(root: KubeObject, segments: Segments): void {
  const parent = getAt(root, segments.slice(0, -1));
  const last = segments[segments.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
}
