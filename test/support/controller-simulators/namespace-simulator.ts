// The namespace controller's visible effect: a new namespace becomes Active.
import { type Json, type KindSimulator, MERGE_PATCH, tolerateRaces } from './simulator-context';

export const namespaceSimulator: KindSimulator = {
  name: 'namespaces',
  async reconcile(ctx) {
    const list = await ctx.core.listNamespace();
    for (const ns of list.items as Json[]) {
      if (ns.metadata?.deletionTimestamp || ns.status?.phase === 'Active') continue;
      await tolerateRaces(() => ctx.core.patchNamespaceStatus({ name: ns.metadata.name, body: { status: { phase: 'Active' } } }, MERGE_PATCH));
    }
  },
};
