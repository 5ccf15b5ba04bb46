// LoadBalancer Services: the cloud controller's effect, an ingress address in status.
// Addresses come from 203.0.113.0/24 (TEST-NET-3, documentation only): nothing ever connects.
import { createHash } from 'node:crypto';
import { type Json, type KindSimulator, MERGE_PATCH, tolerateRaces } from './simulator-context';

function ingressIp(uid: string): string {
  const n = createHash('sha1').update(uid).digest()[0];
  return `203.0.113.${(n % 254) + 1}`;
}

export const loadBalancerSimulator: KindSimulator = {
  name: 'services',
  async reconcile(ctx) {
    const list = await ctx.core.listServiceForAllNamespaces();
    for (const svc of list.items as Json[]) {
      if (!ctx.owns(svc)) continue;
      if (svc.metadata?.deletionTimestamp || svc.spec?.type !== 'LoadBalancer') continue;
      if ((svc.status?.loadBalancer?.ingress ?? []).length > 0) continue;
      const body = { status: { loadBalancer: { ingress: [{ ip: ingressIp(svc.metadata.uid), ipMode: 'VIP' }] } } };
      await tolerateRaces(() => ctx.core.patchNamespacedServiceStatus({ name: svc.metadata.name, namespace: svc.metadata.namespace, body }, MERGE_PATCH));
    }
  },
};
