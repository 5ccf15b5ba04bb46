// LynqNode records: CRD install, CRUD with resourceVersion checks, status retries, kubectl columns.
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { KubeStaleWriteError } from '../../lambdas/adapters/kube-errors';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
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

it('a record edited by hand into a shape lynq-sfn cannot read fails with every bad field named, never its value', async () => {
  const secret = 'tok_SENTINEL_secret_row_value';
  const name = lynqNodeName('hand-edited', 'database-provisioning');
  const rest = KubeRest.for(cluster.kubeConfig);
  // The CRD lets values and status hold anything, so the API server accepts what the schema refuses.
  const created = await rest.create({
    apiVersion: 'sfn.lynq.sh/v1', kind: 'LynqNode', metadata: { name, namespace: ns, labels: { 'lynq.sh/uid': 'hand-edited' } },
    spec: { uid: 'hand-edited', form: 'database-provisioning', hubId: 'database-per-node', desiredHash: 'h1', values: { uid: 'hand-edited', activate: 'yes', plan: { tier: secret } } },
  });
  await rest.replace({ ...created, status: { ...emptyLynqNodeStatus(), retryCount: 'many', conditions: [{ type: 'Ready', status: 'Maybe', reason: secret, message: '', lastTransitionTime: '' }] } }, 'status');

  const failure = await store.get(name).then(() => undefined, (error: unknown) => error as Error);
  expect(failure?.name).toBe('Lynq.Permanent');
  expect(failure?.message).toBe(
    `LynqNode ${ns}/${name} is not a record lynq-sfn can read: spec.values.activate must be true or false; spec.values.plan must be a string, number, boolean or null`,
  );
  expect(failure?.message).not.toContain(secret);
  await store.delete(name);
});

it('a status edited by hand is named field by field too', async () => {
  const name = lynqNodeName('bad-status', 'database-provisioning');
  const rest = KubeRest.for(cluster.kubeConfig);
  const created = await rest.create({
    apiVersion: 'sfn.lynq.sh/v1', kind: 'LynqNode', metadata: { name, namespace: ns, labels: { 'lynq.sh/uid': 'bad-status' } },
    spec: record('bad-status').spec,
  });
  await rest.replace({ ...created, status: { ...emptyLynqNodeStatus(), retryCount: 'many', conditions: [{ type: 'Ready', status: 'Maybe', reason: 'r', message: '', lastTransitionTime: '' }] } }, 'status');
  await expect(store.get(name)).rejects.toThrow(
    `LynqNode ${ns}/${name} is not a record lynq-sfn can read: status.retryCount must be a number; status.conditions[0].status must be True, False or Unknown`,
  );
  await store.delete(name);
});

it("the sync's list validates only what a summary keeps, and names the record and field it cannot read", async () => {
  const hub = cluster.uniqueName('summary-hub');
  const rest = KubeRest.for(cluster.kubeConfig);
  const create = (uid: string, spec: Record<string, unknown>) => rest.create({
    apiVersion: 'sfn.lynq.sh/v1', kind: 'LynqNode', metadata: { name: lynqNodeName(uid, 'database-provisioning'), namespace: ns, labels: { 'lynq.sh/hub': hub } },
    spec: { uid, form: 'database-provisioning', hubId: hub, desiredHash: 'h1', ...spec },
  });
  // Row values the summary drops are not its concern (the execution reads the record in full).
  await create('odd-values', { values: { uid: 'odd-values', activate: 'yes' } });
  expect(await store.listSummariesOfHub(hub)).toStrictEqual([
    { name: 'odd-values-database-provisioning', namespace: ns, spec: { uid: 'odd-values', form: 'database-provisioning', hubId: hub, desiredHash: 'h1' } },
  ]);
  // The CRD checks the spec's strings but lets a status hold anything: a summary field gone wrong.
  const bad = await create('bad-status', { values: { uid: 'bad-status', activate: true } });
  await rest.replace({ ...bad, status: { ...emptyLynqNodeStatus(), retryCount: 'many' } }, 'status');
  await expect(store.listSummariesOfHub(hub)).rejects.toThrow(
    `LynqNode ${ns}/bad-status-database-provisioning is not a record lynq-sfn can read: status.retryCount must be a number`,
  );
  await store.delete('odd-values-database-provisioning');
  await store.delete('bad-status-database-provisioning');
});
