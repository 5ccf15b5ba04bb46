// Jobs: started on first sight, complete (all completions succeeded) a poll later.
import { type Json, type KindSimulator, MERGE_PATCH, rfc3339, tolerateRaces } from './simulator-context';

function isFinished(job: Json): boolean {
  return (job.status?.conditions ?? []).some((c: Json) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export const jobSimulator: KindSimulator = {
  name: 'jobs',
  async reconcile(ctx) {
    const list = (await ctx.custom.listCustomObjectForAllNamespaces({ group: 'batch', version: 'v1', plural: 'jobs' })) as { items: Json[] };
    for (const job of list.items) {
      if (!ctx.owns(job)) continue;
      if (job.metadata.deletionTimestamp || isFinished(job) || job.spec?.suspend === true) continue;
      const now = rfc3339(ctx.clock.now());
      const completions = typeof job.spec?.completions === 'number' ? job.spec.completions : 1;
      const status: Json = job.status?.startTime
        ? {
            active: null,
            succeeded: completions,
            ready: 0,
            completionTime: now,
            conditions: [
              { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
              { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
            ],
          }
        : { active: 1, ready: 0, startTime: now };
      const ref = { group: 'batch', version: 'v1', namespace: job.metadata.namespace, plural: 'jobs', name: job.metadata.name };
      await tolerateRaces(() => ctx.custom.patchNamespacedCustomObjectStatus({ ...ref, body: { status } }, MERGE_PATCH));
    }
  },
};
