// Applies one rendered resource with its policies (DESIGN §7, lynq-behaviour §2.2, §4.2–4.6).
// What to do is decided by decideApply (lambdas/core/apply/apply-decision.ts); this file reads
// the live object, executes the decision against the cluster and reports what happened.
import type { KubeObject, RenderedResource } from '../core/template/rendered-resource';
import type { AppliedRef } from '../core/contracts/workflow-contracts';
import type { Cluster } from '../core/contracts/cluster';
import { FIELD_MANAGER } from '../core/apply/tracking-labels';
import { appliedRefOf, desiredObject } from '../core/apply/desired-object';
import { liveApplyStartTime } from '../core/apply/applied-hash';
import { adoptionPatch } from '../core/apply/orphan-markers';
import type { NodeIdentity } from '../core/apply/node-identity';
import { decideApply, isOwnFieldConflict, type WriteMethod } from '../core/apply/apply-decision';
import { clusterOf, type ClusterAccess } from './cluster-access';
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

export async function applyResource(access: ClusterAccess, rendered: RenderedResource, ctx: ApplyContext): Promise<ApplyResult> {
  const cluster = clusterOf(access);
  const template = rendered.template;
  const info = await cluster.resourceInfo(rendered.manifest.apiVersion, rendered.manifest.kind);
  const desired = desiredObject(rendered, ctx, info.namespaced);
  const ref = appliedRefOf(rendered.id, desired);
  let live = await cluster.get(ref);
  const decision = decideApply(live, desired, template, ctx, { now: ctx.now, force: ctx.force });
  switch (decision.kind) {
    case 'wait-for-deletion':
      // Applying to an object being deleted changes nothing (a namespace stays Terminating): wait for it to go.
      return { action: 'deleting', appliedAt: ctx.now.toISOString(), live: live as KubeObject, ref };
    case 'refuse-foreign': {
      if (decision.dryRunFirst) await cluster.serverSideApply(desired, false, { dryRun: true });
      const where = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
      throw new KubeConflictError(
        `${ref.kind} ${where} already exists and ${decision.reason}; lynq-sfn does not take over objects it does not manage (conflictPolicy: Force takes it over)`,
        { target: { verb: 'patch', apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace }, managers: otherManagers(live as KubeObject), fields: [] },
      );
    }
    case 'keep-once': {
      // Created before: never touch the spec again. A retained object is only re-labelled as ours.
      const kept = decision.adopt ? await cluster.mergePatch(ref, adoptionPatch(ctx)) : (live as KubeObject);
      return { action: decision.adopt ? 'adopted' : 'once-skipped', appliedAt: liveApplyStartTime(kept, ctx.now), live: kept, ref };
    }
    case 'skip-unchanged':
      return { action: 'unchanged', appliedAt: liveApplyStartTime(live as KubeObject, ctx.now), live: live as KubeObject, ref };
    case 'write': {
      if (decision.adopt) live = await cluster.mergePatch(ref, adoptionPatch(ctx));
      const written = await write(cluster, decision.write, decision.body, ref, live);
      return { action: decision.result, appliedAt: liveApplyStartTime(written, ctx.now), live: written, ref };
    }
  }
}

async function write(cluster: Cluster, how: WriteMethod, body: KubeObject, ref: AppliedRef, live: KubeObject | undefined): Promise<KubeObject> {
  switch (how.method) {
    case 'server-side-apply':
      return applyOverOwnUpdates(cluster, body, how.force);
    case 'create':
      return cluster.create(body);
    case 'merge-patch':
      return cluster.mergePatch(ref, body);
    case 'replace':
      return cluster.replace({ ...body, metadata: { ...body.metadata, resourceVersion: live?.metadata.resourceVersion } });
  }
}

/**
 * Server-side apply. A real API server reports fields lynq-sfn itself wrote by create or update as
 * a conflict with "lynq-sfn" using v1: those are ours (isOwnFieldConflict), apply again with force.
 */
async function applyOverOwnUpdates(cluster: Cluster, body: KubeObject, force: boolean): Promise<KubeObject> {
  try {
    return await cluster.serverSideApply(body, force);
  } catch (err) {
    if (!(err instanceof KubeConflictError) || !isOwnFieldConflict(err.conflicts.map((c) => c.manager), FIELD_MANAGER)) throw err;
    return cluster.serverSideApply(body, true);
  }
}

function otherManagers(live: KubeObject): string[] {
  const fields = (live.metadata.managedFields ?? []) as { manager?: string }[];
  return [...new Set(fields.map((f) => f.manager).filter((m): m is string => !!m && m !== FIELD_MANAGER))];
}
