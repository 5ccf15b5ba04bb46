// What applying one resource does, decided without touching the cluster (DESIGN §7; lynq-behaviour
// §2.2, §4.2–4.6): conflict (conflictPolicy), ownership and re-adoption, creationPolicy Once, the
// applied-hash skip, ignoreFields and how the write goes (patchStrategy). The adapter
// (lambdas/adapters/resource-apply.ts) reads the live object, asks this, and executes the answer.
import type { ResourceTemplate } from '../config/config-model';
import type { KubeObject } from '../template/rendered-resource';
import { appliedHash, applyStartTime, liveAppliedHash, withApplyAnnotations } from './applied-hash';
import { keepIgnoredFields } from './ignore-fields';
import type { NodeOwner } from './node-identity';
import { hasOrphanMarkers } from './orphan-markers';
import { foreignOwnership, isCreatedOnce } from './resource-ownership';

/** The policies of a resource template that the apply decides on. */
export type ApplyPolicies = Pick<ResourceTemplate, 'creationPolicy' | 'conflictPolicy' | 'patchStrategy' | 'ignoreFields'>;

export interface ApplyDecisionOptions {
  /** Write even when the applied hash matches (drift repair). */
  force?: boolean;
  /** When this apply happens: the apply start time of a changed object. */
  now: Date;
}

/** How the body is written: server-side apply, or create / merge patch / replace (`replace` uses the live resourceVersion). */
export type WriteMethod = { method: 'server-side-apply'; force: boolean } | { method: 'create' } | { method: 'merge-patch' } | { method: 'replace' };

export type ApplyDecision =
  /** The live object has a deletionTimestamp: writing changes nothing; wait until it is gone. */
  | { kind: 'wait-for-deletion' }
  /** The object is not this node's and conflictPolicy is Stuck: fail, after a dry run that names the field managers when `dryRunFirst`. */
  | { kind: 'refuse-foreign'; reason: string; dryRunFirst: boolean }
  /** creationPolicy Once and created before: never write the spec again; `adopt` re-labels a retained object as ours. */
  | { kind: 'keep-once'; adopt: boolean }
  /** The applied hash matches and nothing asks for a write. */
  | { kind: 'skip-unchanged' }
  /** Write `body`; `adopt` first takes the orphan markers off (the result is then `adopted`). */
  | { kind: 'write'; adopt: boolean; body: KubeObject; hash: string; write: WriteMethod; result: 'created' | 'updated' | 'adopted' };

/**
 * The one decision of an apply. `desired` is desiredObject()'s output (no hash annotations yet);
 * `live` is the object as read, undefined when absent; `owner` is the node applying it.
 */
export function decideApply(
  live: KubeObject | undefined, desired: KubeObject, template: ApplyPolicies, owner: NodeOwner, options: ApplyDecisionOptions,
): ApplyDecision {
  if (live?.metadata.deletionTimestamp) return { kind: 'wait-for-deletion' };
  const foreign = live ? foreignOwnership(live, owner) : undefined;
  if (foreign && template.conflictPolicy !== 'Force') {
    // The API server names conflicting fields and their managers best: a dry run surfaces them.
    return { kind: 'refuse-foreign', reason: foreign, dryRunFirst: template.patchStrategy === 'apply' };
  }
  const adopt = live !== undefined && hasOrphanMarkers(live);
  if (live && template.creationPolicy === 'Once' && isCreatedOnce(live)) return { kind: 'keep-once', adopt };
  const hash = appliedHash(desired);
  if (live && !adopt && !options.force && liveAppliedHash(live) === hash) return { kind: 'skip-unchanged' };

  let body = withApplyAnnotations(desired, hash, applyStartTime(live, hash, options.now));
  if (live && template.creationPolicy !== 'Once' && template.ignoreFields.length > 0) body = keepIgnoredFields(body, live, template.ignoreFields);
  return { kind: 'write', adopt, body, hash, write: writeMethod(template, live !== undefined, adopt), result: adopt ? 'adopted' : live ? 'updated' : 'created' };
}

function writeMethod(template: ApplyPolicies, exists: boolean, adopt: boolean): WriteMethod {
  switch (template.patchStrategy) {
    case 'apply':
      // Re-adoption forces, as Lynq does: the object is ours again whoever touched it meanwhile.
      return { method: 'server-side-apply', force: template.conflictPolicy === 'Force' || adopt };
    case 'merge':
      return exists ? { method: 'merge-patch' } : { method: 'create' };
    case 'replace':
      return exists ? { method: 'replace' } : { method: 'create' };
  }
}

/**
 * A server-side apply conflict whose every field manager is lynq-sfn itself (fields it wrote by
 * create or update, patchStrategy merge or replace before the form switched to apply): those
 * fields are ours, so the apply is repeated with force. Any other manager's conflict stands.
 */
export function isOwnFieldConflict(conflictManagers: readonly string[], fieldManager: string): boolean {
  return conflictManagers.length > 0 && conflictManagers.every((manager) => manager === fieldManager);
}
