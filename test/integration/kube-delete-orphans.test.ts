// Deletion policies, orphan markers, re-adoption and orphan cleanup against a real HTTP API.
import { randomBytes } from 'node:crypto';
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { removeResource } from '../../lambdas/adapters/resource-delete';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { orphanedRefs } from '../../lambdas/core/apply/resource-key';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import type { AppliedRef } from '../../lambdas/core/contracts/workflow-contracts';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { configMap, createNamespace, deploymentManifest, kubectl, kubectlJson, nodeContext, rendered } from './kube-fixtures';

let cluster: TestCluster;
let ns: string;
const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-02T00:00:00Z');
const deletedAt = new Date('2026-01-03T04:05:06Z');

/** A per-run API group: the CRD is cluster-scoped, and a shared cluster may hold another run's. */
const WIDGET_GROUP = `r${randomBytes(3).toString('hex')}.example.com`;

const widgetCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${WIDGET_GROUP}` },
  spec: {
    group: WIDGET_GROUP,
    scope: 'Namespaced',
    names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

function widget(name: string, size: number): KubeObject {
  return { apiVersion: `${WIDGET_GROUP}/v1`, kind: 'Widget', metadata: { name, namespace: ns }, spec: { size } };
}

beforeAll(async () => {
  cluster = await connectTestCluster();
  ns = cluster.uniqueName('orphans');
  await createNamespace(cluster, ns);
  await KubeRest.for(cluster.kubeConfig).serverSideApply(widgetCrd, true);
  // A real server serves the kind once the CRD is Established, a moment later.
  for (let attempt = 0; ; attempt++) {
    const crd = await kubectlJson<{ status?: { conditions?: { type: string; status: string }[] } }>(cluster, ['get', 'crd', `widgets.${WIDGET_GROUP}`]);
    if ((crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) break;
    if (attempt > 300) throw new Error(`CRD widgets.${WIDGET_GROUP} not Established within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  await cluster.cleanupNamespaces();
  await kubectl(cluster, ['delete', 'crd', `widgets.${WIDGET_GROUP}`, '--ignore-not-found', '--wait=false']).catch(() => undefined);
  await cluster.stop();
});

async function notFound(args: string[]): Promise<boolean> {
  try {
    await kubectl(cluster, args);
    return false;
  } catch (e) {
    return /NotFound|not found/i.test((e as Error).message);
  }
}

describe('node deletion', () => {
  it('Delete deletes; Retain strips ownership and adds orphan markers', async () => {
    const gone = await applyResource(cluster.kubeConfig, rendered('a', configMap('doomed', ns, { k: 'v' })), nodeContext('acme', t0));
    const kept = await applyResource(cluster.kubeConfig, rendered('b', configMap('kept', ns, { k: 'v' }), { deletionPolicy: 'Retain' }), nodeContext('acme', t0));

    expect(await removeResource(cluster.kubeConfig, gone.ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt)).toBe('deleted');
    expect(await removeResource(cluster.kubeConfig, kept.ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt)).toBe('retained');

    expect(await notFound(['get', 'configmap', 'doomed', '-n', ns])).toBe(true);
    const live = await kubectlJson(cluster, ['get', 'configmap', 'kept', '-n', ns]);
    expect(live.metadata.labels).not.toHaveProperty('lynq.sh/node');
    expect(live.metadata.labels).not.toHaveProperty('lynq.sh/node-namespace');
    expect(live.metadata.labels).toMatchObject({ 'lynq.sh/orphaned': 'true', 'lynq.sh/uid': 'acme' });
    expect(live.metadata.annotations).toMatchObject({ 'lynq.sh/orphaned-at': '2026-01-03T04:05:06Z', 'lynq.sh/orphaned-reason': 'LynqNodeDeleted' });
    expect((await kubectl(cluster, ['get', 'configmaps', '-n', ns, '-l', 'lynq.sh/orphaned=true', '-o', 'name'])).trim()).toBe('configmap/kept');
  });

  it('the policy recorded on the live object wins, and removing twice is harmless', async () => {
    const r = await applyResource(cluster.kubeConfig, rendered('c', configMap('recorded', ns, { k: 'v' }), { deletionPolicy: 'Retain' }), nodeContext('acme', t0));
    // The caller may only know the form's current (different) policy; the object says Retain.
    expect(await removeResource(cluster.kubeConfig, r.ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt)).toBe('retained');
    expect(await removeResource(cluster.kubeConfig, r.ref, nodeContext('acme'), 'LynqNodeDeleted', new Date('2027-01-01T00:00:00Z'))).toBe('retained');
    expect(await kubectl(cluster, ['get', 'configmap', 'recorded', '-n', ns, '-o', 'jsonpath={.metadata.annotations.lynq\\.sh/orphaned-at}'])).toBe('2026-01-03T04:05:06Z');
    const ref: AppliedRef = { id: 'x', apiVersion: 'v1', kind: 'ConfigMap', name: 'never-existed', namespace: ns };
    expect(await removeResource(cluster.kubeConfig, ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt)).toBe('absent');
  });

  it('leaves alone an object of the same name that lynq-sfn does not manage', async () => {
    await kubectl(cluster, ['create', 'configmap', 'someone-elses', '-n', ns, '--from-literal=k=v']);
    const ref: AppliedRef = { id: 'x', apiVersion: 'v1', kind: 'ConfigMap', name: 'someone-elses', namespace: ns };
    expect(await removeResource(cluster.kubeConfig, ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt)).toBe('absent');
    expect(await kubectl(cluster, ['get', 'configmap', 'someone-elses', '-n', ns, '-o', 'jsonpath={.data.k}'])).toBe('v');
  });
});

describe('re-adoption after Retain', () => {
  it('a re-added node adopts the retained object: markers removed, labels restored, spec applied with force', async () => {
    const first = await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('adoptee', ns, { image: 'app:v1' }), { deletionPolicy: 'Retain' }), nodeContext('acme', t0));
    await removeResource(cluster.kubeConfig, first.ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt);
    // While orphaned, someone changes the image by hand.
    await kubectl(cluster, ['patch', 'deployment', 'adoptee', '-n', ns, '--type', 'merge', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:hotfix"}]}}}}']);

    const again = await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('adoptee', ns, { image: 'app:v2' }), { deletionPolicy: 'Retain' }), nodeContext('acme', t1));
    expect(again.action).toBe('adopted');
    const live = await kubectlJson<KubeObject & { spec: { template: { spec: { containers: { image: string }[] } } } }>(cluster, ['get', 'deployment', 'adoptee', '-n', ns]);
    expect(live.metadata.labels).toMatchObject({ 'lynq.sh/node': 'acme-web', 'lynq.sh/node-namespace': 'lynq-system' });
    expect(live.metadata.labels).not.toHaveProperty('lynq.sh/orphaned');
    expect(live.metadata.annotations).not.toHaveProperty('lynq.sh/orphaned-at');
    expect(live.metadata.annotations).not.toHaveProperty('lynq.sh/orphaned-reason');
    expect(live.spec.template.spec.containers[0].image).toBe('app:v2');

    const next = await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('adoptee', ns, { image: 'app:v2' }), { deletionPolicy: 'Retain' }), nodeContext('acme', t1));
    expect(next.action).toBe('unchanged');
  });

  it('a retained Once object is re-labelled as ours without touching its spec', async () => {
    const once = { deletionPolicy: 'Retain' as const, creationPolicy: 'Once' as const };
    const first = await applyResource(cluster.kubeConfig, rendered('db', configMap('database', ns, { size: '20' }), once), nodeContext('acme', t0));
    await removeResource(cluster.kubeConfig, first.ref, nodeContext('acme'), 'LynqNodeDeleted', deletedAt);
    const again = await applyResource(cluster.kubeConfig, rendered('db', configMap('database', ns, { size: '50' }), once), nodeContext('acme', t1));
    expect(again.action).toBe('adopted');
    const live = await kubectlJson(cluster, ['get', 'configmap', 'database', '-n', ns]);
    expect(live.data).toEqual({ size: '20' });
    expect(live.metadata.labels).toMatchObject({ 'lynq.sh/node': 'acme-web' });
    expect(live.metadata.labels).not.toHaveProperty('lynq.sh/orphaned');
  });
});

describe('orphan cleanup (resource removed from the form)', () => {
  it('deletes a removed ConfigMap and a removed custom resource according to their policies', async () => {
    const ctx = nodeContext('globex', t0);
    const refs = [
      (await applyResource(cluster.kubeConfig, rendered('settings', configMap('globex-settings', ns, { k: 'v' })), ctx)).ref,
      (await applyResource(cluster.kubeConfig, rendered('gadget', widget('globex-gadget', 1)), ctx)).ref,
      (await applyResource(cluster.kubeConfig, rendered('keepsake', widget('globex-keepsake', 2), { deletionPolicy: 'Retain' }), ctx)).ref,
      (await applyResource(cluster.kubeConfig, rendered('app', configMap('globex-app', ns, { k: 'v' })), ctx)).ref,
    ];
    expect(await kubectl(cluster, [`get`, `widgets.${WIDGET_GROUP}`, '-n', ns, '-l', 'lynq.sh/node=globex-web', '-o', 'name'])).toContain('globex-gadget');

    // The form now only places `app`.
    const current = refs.filter((r) => r.id === 'app');
    const orphans = orphanedRefs(refs, current);
    expect(orphans.map((r) => r.id)).toEqual(['settings', 'gadget', 'keepsake']);
    const outcomes = [];
    for (const ref of orphans) outcomes.push(await removeResource(cluster.kubeConfig, ref, ctx, 'RemovedFromTemplate', deletedAt));
    expect(outcomes).toEqual(['deleted', 'deleted', 'retained']);

    expect(await notFound(['get', 'configmap', 'globex-settings', '-n', ns])).toBe(true);
    expect(await notFound(['get', 'widget', 'globex-gadget', '-n', ns])).toBe(true);
    const keepsake = await kubectlJson(cluster, ['get', 'widget', 'globex-keepsake', '-n', ns]);
    expect(keepsake.metadata.annotations).toMatchObject({ 'lynq.sh/orphaned-reason': 'RemovedFromTemplate' });
    expect(keepsake.metadata.labels).toMatchObject({ 'lynq.sh/orphaned': 'true' });
    expect(await kubectl(cluster, ['get', 'configmap', 'globex-app', '-n', ns, '-o', 'name'])).toContain('globex-app');
  });
});
