// The object we send for one rendered resource (DESIGN §4, §7; lynq-behaviour §2.2): the rendered
// manifest without server-owned metadata, with the tracking labels and the policy annotations.
import type { KubeObject, RenderedResource } from '../template/rendered-resource';
import type { AppliedRef } from '../contracts/workflow-contracts';
import type { NodeIdentity } from './node-identity';
import { resolvedNamespace } from './resolved-namespace';
import {
  trackingLabels,
  ANNOTATION_APPLIED_HASH,
  ANNOTATION_APPLY_START,
  ANNOTATION_CREATED_ONCE,
  ANNOTATION_DELETION_POLICY,
  ANNOTATION_ORPHANED_AT,
  ANNOTATION_ORPHANED_REASON,
  ANNOTATION_RESOURCE_ID,
  LABEL_ORPHANED,
} from './tracking-labels';

/** Metadata the API server owns; a template that carries it would make every apply fail or drift. */
const SERVER_METADATA = ['resourceVersion', 'uid', 'managedFields', 'creationTimestamp', 'generation', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/**
 * The object to send, without the hash and start-time annotations: the rendered manifest with
 * tracking labels (which win over template labels) and the policy annotations. Cluster-scoped kinds
 * lose any namespace; a namespaced object without one goes to the record namespace (Lynq's default).
 */
export function desiredObject(rendered: RenderedResource, node: NodeIdentity, namespaced: boolean): KubeObject {
  // Typed as a KubeObject, but rendered from a form: checked here before anything is sent.
  const manifest = rendered.manifest as Partial<KubeObject> | undefined;
  const where = `resource "${rendered.id}" of node ${node.nodeName}`;
  if (!manifest || typeof manifest !== 'object') throw new Error(`${where}: manifest is not an object`);
  if (typeof manifest.apiVersion !== 'string' || !manifest.apiVersion) throw new Error(`${where}: field apiVersion is missing`);
  if (typeof manifest.kind !== 'string' || !manifest.kind) throw new Error(`${where}: field kind is missing`);
  if (!manifest.metadata || typeof manifest.metadata.name !== 'string' || !manifest.metadata.name) {
    throw new Error(`${where}: field metadata.name is missing (set nameTemplate)`);
  }
  const copy = structuredClone(rendered.manifest);
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
