// One readiness check of one resource, shared by ApplyResource (the check right after the write,
// or instead of it when the namespace is being deleted) and CheckReady (each check after a wait).
// checkResource is the one function that sets the `outcome` the RouteResource Choice routes on:
// "not ready yet" (waiting) goes to WaitBeforeNextCheck, "being deleted" (deleting) to
// WaitBeforeReapply; neither is ever an error.
import type { ResourceTemplate } from '../core/config/config-model';
import type { KubeObject } from '../core/template/rendered-resource';
import type { ResourceProgress, ResourceStep } from '../core/contracts/workflow-contracts';
import { assessReadiness, pollSecondsFor } from '../core/readiness/readiness';
import type { TransientErrorLimits } from '../core/readiness/provider-errors';
import { nextWait } from '../core/readiness/readiness-wait';

export interface CheckContext {
  step: ResourceStep;
  resource: Pick<ResourceTemplate, 'id' | 'waitForReady' | 'timeoutSeconds'>;
  /** The object as read (or as the apply left it); undefined when it does not exist. */
  live: KubeObject | undefined;
  ref: { apiVersion: string; kind: string; name: string; namespace?: string };
  /** When this execution started waiting for the resource. */
  waitingSince: Date;
  /** What the previous check saw, for the adaptive wait. */
  previous?: Pick<ResourceProgress, 'phase' | 'phaseSince' | 'providerErrorChecks'>;
  /** How long a transient provider error (Synced=False) is waited out. */
  transientErrors?: TransientErrorLimits;
  /** The apply was refused because the object's namespace is being deleted: apply again once it is gone. */
  namespaceTerminating?: boolean;
  now: Date;
}

export function checkResource(ctx: CheckContext): ResourceProgress {
  const { step, resource, live, now } = ctx;
  const base = { ...step, waitingSince: ctx.waitingSince.toISOString() };
  const elapsed = Math.round((now.getTime() - ctx.waitingSince.getTime()) / 1000);
  const overdue = elapsed >= resource.timeoutSeconds;

  if (ctx.namespaceTerminating || !live || live.metadata.deletionTimestamp) {
    // Deleted under us, or still going (the object or its namespace): never mistaken for the live
    // object. Apply again once gone.
    const state = live ? 'is still being deleted' : 'does not exist (deleted meanwhile)';
    const what = ctx.namespaceTerminating
      ? `the namespace of ${ctx.ref.kind} ${ctx.ref.name} is being deleted`
      : `${ctx.ref.kind} ${ctx.ref.namespace ? `${ctx.ref.namespace}/` : ''}${ctx.ref.name} ${state}`;
    if (overdue) return { ...base, outcome: 'failed', waitSeconds: 0, message: timeoutMessage(resource, elapsed, what, ctx.namespaceTerminating ? 'applied' : 'ready') };
    const waitSeconds = nextWait({ baseSeconds: pollSecondsFor(ctx.ref.apiVersion, ctx.ref.kind), waitingSince: ctx.waitingSince, now }).waitSeconds;
    return { ...base, outcome: 'deleting', waitSeconds, message: `${what}; applying it again in ${waitSeconds}s` };
  }

  const readiness = assessReadiness(live, {
    waitForReady: resource.waitForReady, now, transientErrors: ctx.transientErrors, providerErrorChecks: ctx.previous?.providerErrorChecks,
  });
  if (readiness.state === 'ready') return { ...base, outcome: 'ready', waitSeconds: 0, message: readiness.message };
  if (readiness.state === 'failed') return { ...base, outcome: 'failed', waitSeconds: 0, message: `${step.id}: ${readiness.message}` };
  if (overdue) return { ...base, outcome: 'failed', waitSeconds: 0, message: timeoutMessage(resource, elapsed, readiness.message) };

  const wait = nextWait({
    baseSeconds: readiness.waitSeconds, phase: readiness.phase, waitingSince: ctx.waitingSince,
    previousPhase: ctx.previous?.phase, previousPhaseSince: ctx.previous?.phaseSince,
    transientProviderError: readiness.providerErrorChecks !== undefined, now,
  });
  // Never wait past the deadline: the last check lands on it.
  const waitSeconds = Math.max(1, Math.min(wait.waitSeconds, resource.timeoutSeconds - elapsed));
  const progress: ResourceProgress = {
    ...base, outcome: 'waiting', waitSeconds,
    // What the console shows for a waiting resource: the state, and when the next look is.
    message: `${readiness.message}; next check in ${waitSeconds}s (waiting ${elapsed}s of ${resource.timeoutSeconds}s)`,
  };
  if (wait.phase) progress.phase = wait.phase;
  if (wait.phaseSince) progress.phaseSince = wait.phaseSince;
  if (readiness.providerErrorChecks !== undefined) progress.providerErrorChecks = readiness.providerErrorChecks;
  return progress;
}

function timeoutMessage(resource: CheckContext['resource'], elapsed: number, state: string, not: 'ready' | 'applied' = 'ready'): string {
  return `Resource '${resource.id}' not ${not} after ${elapsed}s (timeout: ${resource.timeoutSeconds}s): ${state}`;
}
