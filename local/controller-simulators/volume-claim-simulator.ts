// PersistentVolumeClaims: bound at once, with the requested capacity.
import { type Json, type KindSimulator, MERGE_PATCH, tolerateRaces } from './simulator-context';

export const volumeClaimSimulator: KindSimulator = {
  name: 'persistentvolumeclaims',
  async reconcile(ctx) {
    const list = await ctx.core.listPersistentVolumeClaimForAllNamespaces();
    for (const pvc of list.items as Json[]) {
      if (!ctx.owns(pvc)) continue;
      if (pvc.metadata?.deletionTimestamp || pvc.status?.phase === 'Bound') continue;
      const status = {
        phase: 'Bound',
        accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
        capacity: { storage: pvc.spec?.resources?.requests?.storage ?? '1Gi' },
      };
      await tolerateRaces(() =>
        ctx.core.patchNamespacedPersistentVolumeClaimStatus({ name: pvc.metadata.name, namespace: pvc.metadata.namespace, body: { status } }, MERGE_PATCH),
      );
    }
  },
};
