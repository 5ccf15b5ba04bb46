// Applies one rendered resource with its policies (DESIGN §7, lynq-behaviour §2.2, §4.2–4.6):
// creationPolicy Once, conflictPolicy via SSA force, patchStrategy apply/merge/replace,
// ignoreFields, the applied-hash skip (one GET, no write) and re-adoption of orphans.
import type { KubeConnection } from './kube-connection';
import type { KubeObject, RenderedResource } from '../core/template/rendered-resource';
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import { ANNOTATION_APPLIED_HASH, ANNOTATION_APPLY_START, FIELD_MANAGER } from '../core/apply/tracking-labels';
import {
  adoptionPatch,
  appliedHash,
  appliedRefOf,
  applyStartTime,
  desiredObject,
  foreignOwnership,
  hasOrphanMarkers,
  isCreatedOnce,
  keepIgnoredFields,
  withApplyAnnotations,
  type NodeIdentity,
} from '../core/apply/apply-plan';
import { KubeRest } from './kube-rest';
import { KubeConflictError } from './kube-errors';

export interface ApplyContext extends NodeIdentity {
  /**
   * When this apply happens (the caller's clock, not the execution start): it becomes the
   * lynq.sh/apply-start-time of a changed object, from which timeoutSeconds is measured.
   */
  now: Date;
  /** Write even when the applied hash matches (drift repair). */
  force?: boolean;
}

/** deleting: the live object has a deletionTimestamp; nothing was written (it is re-created once gone). */
export type ApplyAction = 'created' | 'updated' | 'unchanged' | 'once-skipped' | 'adopted' | 'deleting';

export interface ApplyResult {
  action: ApplyAction;
  /** lynq.sh/apply-start-time of the live object: when its current version was first applied. */
  appliedAt: string;
  live: KubeObject;
  /** Where the object is (cluster-scoped kinds without namespace), for LynqNodeStatus.appliedRefs. */
  ref: AppliedRef;
}

export async function applyResource(kc: KubeConnection, rendered: RenderedResource, ctx: ApplyContext): Promise<ApplyResult> {
  const rest = KubeRest.for(kc);
  const template = rendered.template;
  const info = await rest.resourceInfo(rendered.manifest.apiVersion, rendered.manifest.kind);
  const desired = desiredObject(rendered, ctx, info.namespaced);
  const ref = appliedRefOf(rendered.id, desired);
  const hash = appliedHash(desired);
  let live = await rest.get(ref);
  if (live?.metadata.deletionTimestamp) {
    // Applying to an object being deleted changes nothing (a namespace stays Terminating): wait for it to go.
    return { action: 'deleting', appliedAt: ctx.now.toISOString(), live, ref };
  }
  const adopting = live !== undefined && hasOrphanMarkers(live);
  const foreign = live ? foreignOwnership(live, ctx) : undefined;
  if (live && foreign && template.conflictPolicy !== 'Force') {
    // The API server names conflicting fields and their managers best: a dry run surfaces them.
    if (template.patchStrategy === 'apply') await rest.serverSideApply(desired, false, { dryRun: true });
    const where = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
    throw new KubeConflictError(
      `${ref.kind} ${where} already exists and ${foreign}; lynq-sfn does not take over objects it does not manage (conflictPolicy: Force takes it over)`,
      { target: { verb: 'patch', apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace }, managers: otherManagers(live), fields: [] },
    );
  }

  if (live && template.creationPolicy === 'Once' && isCreatedOnce(live)) {
    // Created before: never touch the spec again. A retained object is only re-labelled as ours.
    if (adopting) live = await rest.mergePatch(ref, adoptionPatch(ctx));
    return { action: adopting ? 'adopted' : 'once-skipped', appliedAt: startTimeOf(live, ctx.now), live, ref };
  }
  if (live && !adopting && !ctx.force && live.metadata.annotations?.[ANNOTATION_APPLIED_HASH] === hash) {
    return { action: 'unchanged', appliedAt: startTimeOf(live, ctx.now), live, ref };
  }

  let body = withApplyAnnotations(desired, hash, applyStartTime(live, hash, ctx.now));
  if (live && template.creationPolicy !== 'Once' && template.ignoreFields.length > 0) {
    body = keepIgnoredFields(body, live, template.ignoreFields);
  }
  if (adopting && live) live = await rest.mergePatch(ref, adoptionPatch(ctx));

  let written: KubeObject;
  switch (template.patchStrategy) {
    case 'apply':
      // Re-adoption forces, as Lynq does: the object is ours again whoever touched it meanwhile.
      written = await applyOverOwnUpdates(rest, body, template.conflictPolicy === 'Force' || adopting);
      break;
    case 'merge':
      written = live ? await rest.mergePatch(ref, body as unknown as Record<string, unknown>) : await rest.create(body);
      break;
    case 'replace':
      written = live
        ? await rest.replace({ ...body, metadata: { ...body.metadata, resourceVersion: live.metadata.resourceVersion as string } })
        : await rest.create(body);
      break;
  }
  const action: ApplyAction = adopting ? 'adopted' : live ? 'updated' : 'created';
  return { action, appliedAt: startTimeOf(written, ctx.now), live: written, ref };
}

/**
 * Server-side apply. A field that lynq-sfn itself wrote by create or update (patchStrategy merge or
 * replace before the form switched to apply) is recorded under an Update entry of the same manager,
 * and a real API server reports it as a conflict with "lynq-sfn" using v1. Those fields are ours:
 * apply again with force. A conflict that involves any other manager stands.
 */
async function applyOverOwnUpdates(rest: KubeRest, body: KubeObject, force: boolean): Promise<KubeObject> {
  try {
    return await rest.serverSideApply(body, force);
  } catch (err) {
    const ownOnly = err instanceof KubeConflictError && err.conflicts.length > 0 && err.conflicts.every((c) => c.manager === FIELD_MANAGER);
    if (!ownOnly) throw err;
    return rest.serverSideApply(body, true);
  }
}

function otherManagers(live: KubeObject): string[] {
  const fields = (live.metadata.managedFields ?? []) as { manager?: string }[];
  return [...new Set(fields.map((f) => f.manager).filter((m): m is string => !!m && m !== FIELD_MANAGER))];
}

function startTimeOf(live: KubeObject, fallback: Date): string {
  return live.metadata.annotations?.[ANNOTATION_APPLY_START] ?? fallback.toISOString();
}
