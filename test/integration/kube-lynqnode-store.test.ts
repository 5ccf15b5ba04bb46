// LynqNode records: CRD install, CRUD with resourceVersion checks, status retries, kubectl columns.
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { KubeStaleWriteError } from '../../lambdas/adapters/kube-errors';
import { emptyLynqNodeStatus, lynqNodeName, setCondition } from '../../lambdas/core/lynqnode/lynqnode-status';
import type { LynqNodeRecord } from '../../lambdas/core/contracts/workflow-contracts';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { kubectl } from './kube-fixtures';

let cluster: TestCluster;
let store: LynqNodeStore;
let ns: string;
const now = new Date('2026-01-01T00:00:00Z');

function record(uid: string): LynqNodeRecord {
  return {
    name: lynqNodeName(uid, 'database-provisioning'),
    namespace: ns,
    labels: { 'lynq.sh/hub': 'database-per-node', 'lynq.sh/uid': uid },
    spec: { uid, form: 'database-provisioning', hubId: 'database-per-node', desiredHash: 'h1', values: { uid, activate: true, dbStorageGb: 50 } },
  };
}

beforeAll(async () => {
  cluster = await connectTestCluster();
  ns = cluster.uniqueName('records');
  store = new LynqNodeStore(cluster.kubeConfig, ns);
  await store.ensureCrd();
  await store.ensureCrd(); // idempotent
});

it('ensureCrd installed the CRD and created the record namespace', async () => {
  expect(await kubectl(cluster, ['get', 'crd', 'lynqnodes.sfn.lynq.sh', '-o', 'jsonpath={.spec.group}'])).toBe('sfn.lynq.sh');
  expect(await kubectl(cluster, ['get', 'namespace', ns, '-o', 'name'])).toContain(ns);
});

afterAll(async () => {
  await cluster.cleanupNamespaces();
  await cluster.stop();
});

it('creates, reads and lists records; kubectl shows READY ready/desired, DESIRED, FAILED and HUB', async () => {
  const status = { ...emptyLynqNodeStatus(), desiredResources: 3, readyResources: 2, failedResources: 0 };
  status.conditions = setCondition([], { type: 'Ready', status: 'False', reason: 'NotAllResourcesReady', message: 'Waiting for rds-instance to become ready' }, now);
  const created = await store.create({ ...record('acme-corp'), status });
  expect(created.resourceVersion).toBeTruthy();
  expect(created.status?.readySummary).toBe('2/3');
  await store.create(record('globex'));

  const read = await store.get('acme-corp-database-provisioning');
  expect(read?.spec).toEqual(record('acme-corp').spec);
  expect(read?.status?.conditions[0].message).toBe('Waiting for rds-instance to become ready');
  expect(await store.get('nobody-database-provisioning')).toBeUndefined();
  expect((await store.list('lynq.sh/uid=globex')).map((r) => r.name)).toEqual(['globex-database-provisioning']);
  expect((await store.list()).length).toBe(2);

  const table = await kubectl(cluster, ['get', 'lynqnode', '-n', ns]);
  const [header, ...rows] = table.trim().split('\n').map((line) => line.trim().split(/\s+/));
  expect(header).toEqual(['NAME', 'READY', 'DESIRED', 'FAILED', 'HUB', 'AGE']);
  expect(rows.find((r) => r[0] === 'acme-corp-database-provisioning')?.slice(1, 5)).toEqual(['2/3', '3', '0', record('acme-corp').spec.hubId]);
  const ready = await kubectl(cluster, ['get', 'lynqnode', 'acme-corp-database-provisioning', '-n', ns, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}']);
  expect(ready).toBe('False');
});

it('a write based on a stale resourceVersion fails instead of overwriting', async () => {
  const a = (await store.get('globex-database-provisioning'))!;
  const b = (await store.get('globex-database-provisioning'))!;
  await store.replaceSpec({ ...a, spec: { ...a.spec, desiredHash: 'h2' } });
  await expect(store.replaceSpec({ ...b, spec: { ...b.spec, desiredHash: 'h3' } })).rejects.toBeInstanceOf(KubeStaleWriteError);
  await expect(store.replaceStatus({ ...b, status: emptyLynqNodeStatus() })).rejects.toBeInstanceOf(KubeStaleWriteError);
  expect((await store.get('globex-database-provisioning'))?.spec.desiredHash).toBe('h2');
});

it('status and spec are written separately (status subresource)', async () => {
  const current = (await store.get('globex-database-provisioning'))!;
  const withStatus = await store.replaceStatus({ ...current, spec: { ...current.spec, desiredHash: 'ignored' }, status: { ...emptyLynqNodeStatus(), desiredResources: 3 } });
  expect(withStatus.spec.desiredHash).toBe('h2');
  expect(withStatus.status?.desiredResources).toBe(3);
});

it('updateStatusWithRetry loses no update when writers race', async () => {
  cluster.emulator?.clearRequests();
  const name = 'acme-corp-database-provisioning';
  await Promise.all(
    Array.from({ length: 5 }, () =>
      store.updateStatusWithRetry(name, (r) => ({ ...(r.status ?? emptyLynqNodeStatus()), retryCount: (r.status?.retryCount ?? 0) + 1 })),
    ),
  );
  expect((await store.get(name))?.status?.retryCount).toBe(5);
  if (cluster.emulator) expect(cluster.emulator.requests().some((r) => r.method === 'PUT' && r.status === 409)).toBe(true);
  // mutate may decline: no write at all
  const before = (await store.get(name))!.resourceVersion;
  const same = await store.updateStatusWithRetry(name, () => undefined);
  expect(same.resourceVersion).toBe(before);
});

it('deletes a record; deleting again is fine', async () => {
  await store.delete('globex-database-provisioning');
  await store.delete('globex-database-provisioning');
  expect(await store.get('globex-database-provisioning')).toBeUndefined();
});
