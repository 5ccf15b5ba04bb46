// `lynq-sfn plan --diff`: for each resource of a node, the live object against what the next
// apply would make of it, asked of the API server with a server-side dry-run apply (nothing is
// written). It follows applyResource's decisions (creationPolicy Once, the applied-hash skip,
// ignoreFields, conflicts) without its writes. Secrets are reported changed/unchanged only.
import type { KubeConnection } from '../adapters/kube-connection';
import type { FormConfig, NodeValues } from '../core/config/config-model';
import {
  appliedHash, appliedRefOf, applyStartTime, desiredObject, foreignOwnership, hasOrphanMarkers,
  isCreatedOnce, keepIgnoredFields, withApplyAnnotations, type NodeIdentity,
} from '../core/apply/apply-plan';
import { ANNOTATION_APPLIED_HASH } from '../core/apply/tracking-labels';
import { diffObjects, type FieldChange } from '../core/apply/object-diff';
import { renderResource } from '../core/template/template-render';
import { templateVariables } from '../core/sync/row-mapping';
import { dependencyLevels } from '../core/apply/dependency-graph';
import { KubeRest } from '../adapters/kube-rest';
import { KubeConflictError } from '../adapters/kube-errors';

export type ResourceDiffOutcome = 'create' | 'change' | 'unchanged' | 'kept-once' | 'conflict' | 'error';

export interface ResourceDiff {
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  outcome: ResourceDiffOutcome;
  /** Field changes; always empty for Secrets, whose values are never shown. */
  changes: FieldChange[];
  /** Why there is no field diff (conflict, error, creationPolicy Once, applied hash unchanged). */
  note?: string;
}

export async function diffNode(kube: KubeConnection, form: FormConfig, node: NodeValues, identity: NodeIdentity, now: Date): Promise<ResourceDiff[]> {
  const values = templateVariables(node, form);
  const diffs: ResourceDiff[] = [];
  // In apply order, as the execution would go through them.
  for (const id of dependencyLevels(form.resources).flat()) {
    try {
      diffs.push(await diffResource(kube, form, id, values, identity, now));
    } catch (error) {
      // One resource that cannot render or be read must not hide the others' diffs.
      diffs.push({ id, kind: '', name: '', outcome: 'error', changes: [], note: shortMessage(error) });
    }
  }
  return diffs;
}

async function diffResource(kube: KubeConnection, form: FormConfig, id: string, values: NodeValues, identity: NodeIdentity, now: Date): Promise<ResourceDiff> {
  const rest = KubeRest.for(kube);
  const rendered = renderResource(form, id, values, { now });
  const template = rendered.template;
  const info = await rest.resourceInfo(rendered.manifest.apiVersion, rendered.manifest.kind);
  const desired = desiredObject(rendered, identity, info.namespaced);
  const ref = appliedRefOf(id, desired);
  const base = { id, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
  const secret = ref.kind === 'Secret' && ref.apiVersion === 'v1';
  const hash = appliedHash(desired);
  const live = await rest.get(ref);
  const body = withApplyAnnotations(desired, hash, applyStartTime(live, hash, now));

  if (!live) {
    // The namespace may not exist yet, so a dry run could fail where the real, ordered apply will not.
    return { ...base, outcome: 'create', changes: secret ? [] : diffObjects(undefined, body) };
  }
  const adopting = hasOrphanMarkers(live);
  const foreign = foreignOwnership(live, identity);
  if (foreign && template.conflictPolicy !== 'Force') {
    return { ...base, outcome: 'conflict', changes: [], note: `${foreign}; the apply would fail (conflictPolicy: Stuck)` };
  }
  if (template.creationPolicy === 'Once' && isCreatedOnce(live)) {
    return { ...base, outcome: 'kept-once', changes: [], note: 'creationPolicy: Once, created before: never written again' };
  }
  if (!adopting && live.metadata.annotations?.[ANNOTATION_APPLIED_HASH] === hash) {
    return { ...base, outcome: 'unchanged', changes: [], note: 'applied hash matches: the apply skips it' };
  }
  const sent = template.ignoreFields.length > 0 ? keepIgnoredFields(body, live, template.ignoreFields) : body;
  let after;
  try {
    after = await rest.serverSideApply(sent, template.conflictPolicy === 'Force' || adopting, { dryRun: true });
  } catch (error) {
    if (error instanceof KubeConflictError) return { ...base, outcome: 'conflict', changes: [], note: shortMessage(error) };
    throw error;
  }
  const changes = diffObjects(live, after);
  const note = template.patchStrategy === 'apply' ? undefined : `patchStrategy ${template.patchStrategy}: shown as a server-side apply would change it`;
  return { ...base, outcome: changes.length > 0 ? 'change' : 'unchanged', changes: secret ? [] : changes, ...(note ? { note } : {}) };
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
