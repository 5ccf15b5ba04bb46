// `lynq-sfn plan --diff`: for each resource of a node, the live object against what the next
// apply would make of it, asked of the API server with a server-side dry-run apply (nothing is
// written). It asks decideApply, as applyResource does (creationPolicy Once, the applied-hash skip,
// ignoreFields, conflicts), and makes none of its writes. Secrets are reported changed/unchanged only.
import type { FormConfig, NodeValues } from '../core/config/config-model';
import { appliedHash, withApplyAnnotations } from '../core/apply/applied-hash';
import { decideApply } from '../core/apply/apply-decision';
import { appliedRefOf, desiredObject } from '../core/apply/desired-object';
import type { NodeIdentity } from '../core/apply/node-identity';
import { diffObjects, type FieldChange } from '../core/apply/object-diff';
import { renderResource } from '../core/template/template-render';
import { templateVariables } from '../core/sync/row-mapping';
import { dependencyLevels } from '../core/apply/dependency-graph';
import { clusterOf, type ClusterAccess } from '../adapters/cluster-access';
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

export async function diffNode(kube: ClusterAccess, form: FormConfig, node: NodeValues, identity: NodeIdentity, now: Date): Promise<ResourceDiff[]> {
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

async function diffResource(access: ClusterAccess, form: FormConfig, id: string, values: NodeValues, identity: NodeIdentity, now: Date): Promise<ResourceDiff> {
  const cluster = clusterOf(access);
  const rendered = renderResource(form, id, values, { now });
  const template = rendered.template;
  const info = await cluster.resourceInfo(rendered.manifest.apiVersion, rendered.manifest.kind);
  const desired = desiredObject(rendered, identity, info.namespaced);
  const ref = appliedRefOf(id, desired);
  const base = { id, kind: ref.kind, name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
  const secret = ref.kind === 'Secret' && ref.apiVersion === 'v1';
  const live = await cluster.get(ref);
  // The apply's own decision, so the preview cannot drift from what the apply does.
  const decision = decideApply(live, desired, template, identity, { now });
  switch (decision.kind) {
    case 'wait-for-deletion': {
      const created = withApplyAnnotations(desired, appliedHash(desired), now.toISOString());
      return { ...base, outcome: 'create', changes: secret ? [] : diffObjects(undefined, created), note: 'being deleted: the apply waits until it is gone, then creates it again' };
    }
    case 'refuse-foreign':
      return { ...base, outcome: 'conflict', changes: [], note: `${decision.reason}; the apply would fail (conflictPolicy: Stuck)` };
    case 'keep-once':
      return { ...base, outcome: 'kept-once', changes: [], note: 'creationPolicy: Once, created before: never written again' };
    case 'skip-unchanged':
      return { ...base, outcome: 'unchanged', changes: [], note: 'applied hash matches: the apply skips it' };
    case 'write':
      break;
  }
  if (!live) {
    // The namespace may not exist yet, so a dry run could fail where the real, ordered apply will not.
    return { ...base, outcome: 'create', changes: secret ? [] : diffObjects(undefined, decision.body) };
  }
  let after;
  try {
    after = await cluster.serverSideApply(decision.body, template.conflictPolicy === 'Force' || decision.adopt, { dryRun: true });
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
