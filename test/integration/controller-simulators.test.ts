// Controller simulators against the emulated API server: they act only as API clients.
import { AppsV1Api, BatchV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { type ControllerSimulators, installCrossplaneRdsCrd, startControllerSimulators } from '../../local/controller-simulators';
import { type KubeEmulator, startKubeEmulator } from '../../local/kube-emulator';
import { SimulatedClock } from '../../local/simulated-clock';

type Json = Record<string, any>;

let emulator: KubeEmulator;
let kc: KubeConfig;
let core: CoreV1Api;
let apps: AppsV1Api;
let batch: BatchV1Api;
let custom: CustomObjectsApi;
const running: ControllerSimulators[] = [];

beforeAll(async () => {
  emulator = await startKubeEmulator();
  kc = new KubeConfig();
  kc.loadFromFile(emulator.kubeconfigPath);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  batch = kc.makeApiClient(BatchV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await installCrossplaneRdsCrd(kc);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(() => emulator.stop());

/** Simulators that act only when the test calls reconcileOnce(). */
function manualSimulators(clock = new SimulatedClock(), rdsReadyAfterSeconds = 2): ControllerSimulators {
  const sims = startControllerSimulators(kc, { clock, rdsReadyAfterSeconds, manual: true });
  running.push(sims);
  return sims;
}

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

function deployment(name: string, replicas: number, image = 'nginx:1.25'): V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

function condition(obj: Json, type: string): Json | undefined {
  return (obj.status?.conditions ?? []).find((c: Json) => c.type === type);
}

/** Polls `read` until `done` holds; gives up after a generous number of tries (not a timing assertion). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 400; i++) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition never held; last value: ${JSON.stringify(last)}`);
}

test('a new namespace is Active from its creation (the apiserver sets it, no controller)', async () => {
  const ns = await namespace('sim-ns');
  expect((await core.readNamespace({ name: ns })).status?.phase).toBe('Active');
});

test('a deployment shows its rollout in progress for a poll, then becomes ready; again after a spec change', async () => {
  const sims = manualSimulators();
  const ns = await namespace('sim-deploy');
  await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 3) });

  await sims.reconcileOnce();
  let d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
  expect(d.status).toMatchObject({ observedGeneration: 1, updatedReplicas: 0, readyReplicas: 0 });
  expect(condition(d, 'Available')?.status).toBe('False');

  await sims.reconcileOnce();
  d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
  expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
  expect(condition(d, 'Available')).toMatchObject({ status: 'True' });
  expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });

  await apps.replaceNamespacedDeployment({ name: 'web', namespace: ns, body: { ...d, spec: deployment('web', 3, 'nginx:1.26').spec } });
  await sims.reconcileOnce();
  d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
  expect(d.metadata?.generation).toBe(2);
  expect(d.status).toMatchObject({ observedGeneration: 2, updatedReplicas: 0, readyReplicas: 3 });
  expect(condition(d, 'Progressing')?.reason).toBe('ReplicaSetUpdated');
  await sims.reconcileOnce();
  d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
  expect(d.status).toMatchObject({ observedGeneration: 2, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
});

test('statefulsets, daemonsets, jobs, claims and load balancers reach their ready states', async () => {
  const sims = manualSimulators();
  const ns = await namespace('sim-misc');
  const template = deployment('x', 2).spec!;
  await apps.createNamespacedStatefulSet({ namespace: ns, body: { metadata: { name: 'db' }, spec: { ...template, serviceName: 'db' } } });
  await apps.createNamespacedDaemonSet({ namespace: ns, body: { metadata: { name: 'agent' }, spec: { selector: template.selector, template: template.template } } });
  await batch.createNamespacedJob({ namespace: ns, body: { metadata: { name: 'migrate' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox' }] } } } } });
  await core.createNamespacedPersistentVolumeClaim({ namespace: ns, body: { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } } } });
  await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } } });
  await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'internal' }, spec: { ports: [{ port: 80 }] } } });

  await sims.reconcileOnce();
  expect((await batch.readNamespacedJob({ name: 'migrate', namespace: ns })).status).toMatchObject({ active: 1 });
  expect((await apps.readNamespacedStatefulSet({ name: 'db', namespace: ns })).status?.updatedReplicas).toBe(0);
  await sims.reconcileOnce();

  const sts = await apps.readNamespacedStatefulSet({ name: 'db', namespace: ns });
  expect(sts.status).toMatchObject({ observedGeneration: 1, replicas: 2, readyReplicas: 2, updatedReplicas: 2 });
  const ds = await apps.readNamespacedDaemonSet({ name: 'agent', namespace: ns });
  expect(ds.status).toMatchObject({ observedGeneration: 1, desiredNumberScheduled: 1, numberReady: 1, updatedNumberScheduled: 1 });
  const job = await batch.readNamespacedJob({ name: 'migrate', namespace: ns });
  expect(job.status?.succeeded).toBe(1);
  expect(job.status?.conditions?.find((c) => c.type === 'Complete')?.status).toBe('True');
  const pvc = await core.readNamespacedPersistentVolumeClaim({ name: 'data', namespace: ns });
  expect(pvc.status).toMatchObject({ phase: 'Bound', capacity: { storage: '5Gi' } });
  const lb = await core.readNamespacedService({ name: 'lb', namespace: ns });
  expect(lb.status?.loadBalancer?.ingress?.[0]?.ip).toMatch(/^203\.0\.113\.\d+$/);
  const internal = await core.readNamespacedService({ name: 'internal', namespace: ns });
  expect(internal.status?.loadBalancer?.ingress).toBeUndefined();
});

describe('Crossplane RDSInstance', () => {
  const ref = { group: 'database.aws.crossplane.io', version: 'v1beta1', plural: 'rdsinstances' };
  const readRds = async (name: string) => (await custom.getClusterCustomObject({ ...ref, name })) as Json;

  async function createRds(name: string, secretNamespace: string): Promise<void> {
    await custom.createClusterCustomObject({
      ...ref,
      body: {
        apiVersion: 'database.aws.crossplane.io/v1beta1',
        kind: 'RDSInstance',
        metadata: { name, labels: { 'node-id': 'acme-corp' } },
        spec: {
          forProvider: { region: 'us-west-2', engine: 'postgres', masterUsername: 'acme_admin', dbInstanceClass: 'db.t3.small', allocatedStorage: 50 },
          writeConnectionSecretToRef: { name: `${name}-conn`, namespace: secretNamespace },
        },
      },
    });
  }

  test('installCrossplaneRdsCrd is idempotent and the kind is cluster-scoped', async () => {
    await installCrossplaneRdsCrd(kc);
    const discovery = await (await fetch(`${emulator.url}/apis/database.aws.crossplane.io/v1beta1`)).json() as Json;
    expect(discovery.resources).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'rdsinstances', kind: 'RDSInstance', namespaced: false })]));
  });

  test('creating -> available on the simulated clock, with a 4-key connection Secret', async () => {
    const clock = new SimulatedClock(new Date('2026-01-01T00:00:00Z'));
    const sims = manualSimulators(clock, 900);
    const ns = await namespace('node-acme-corp');
    await createRds('acme-corp-db', ns);

    await sims.reconcileOnce();
    let rds = await readRds('acme-corp-db');
    expect(rds.status.atProvider.dbInstanceStatus).toBe('creating');
    expect(condition(rds, 'Ready')).toMatchObject({ status: 'False', reason: 'Creating' });
    expect(condition(rds, 'Synced')).toMatchObject({ status: 'True' });

    clock.advance(899);
    await sims.reconcileOnce();
    expect((await readRds('acme-corp-db')).status.atProvider.dbInstanceStatus).toBe('creating');
    await expect(core.readNamespacedSecret({ name: 'acme-corp-db-conn', namespace: ns })).rejects.toMatchObject({ code: 404 });

    clock.advance(1);
    await sims.reconcileOnce();
    rds = await readRds('acme-corp-db');
    expect(rds.status.atProvider.dbInstanceStatus).toBe('available');
    expect(rds.status.atProvider.endpoint).toMatch(/^acme-corp-db\.[a-z0-9]{6}\.us-west-2\.rds\.amazonaws\.com$/);
    expect(condition(rds, 'Ready')).toMatchObject({ status: 'True', reason: 'Available' });
    expect(condition(rds, 'Synced')).toMatchObject({ status: 'True' });

    const secret = await core.readNamespacedSecret({ name: 'acme-corp-db-conn', namespace: ns });
    expect(secret.type).toBe('connection.crossplane.io/v1alpha1');
    const data = Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
    expect(Object.keys(data).sort()).toEqual(['endpoint', 'password', 'port', 'username']);
    expect(data).toMatchObject({ endpoint: rds.status.atProvider.endpoint, port: '5432', username: 'acme_admin' });
    expect(data.password.length).toBeGreaterThanOrEqual(16);

    await sims.reconcileOnce();
    const again = await core.readNamespacedSecret({ name: 'acme-corp-db-conn', namespace: ns });
    expect(again.data?.password).toBe(secret.data?.password); // not rotated on every poll
  });

  test('a new simulator continues from the cluster state: the creation time is an annotation, available stays available', async () => {
    const clock = new SimulatedClock(new Date('2026-01-01T00:00:00Z'));
    const ns = await namespace('node-restart');
    await createRds('restart-db', ns);
    await manualSimulators(clock, 60).reconcileOnce();
    const created = await readRds('restart-db');
    expect(created.metadata.annotations['crossplane.io/external-create-succeeded']).toBe('2026-01-01T00:00:00.000Z');

    clock.advance(30);
    await manualSimulators(clock, 60).reconcileOnce(); // a second process: no memory of the first
    expect((await readRds('restart-db')).status.atProvider.dbInstanceStatus).toBe('creating');
    clock.advance(30);
    await manualSimulators(clock, 60).reconcileOnce();
    expect((await readRds('restart-db')).status.atProvider.dbInstanceStatus).toBe('available');

    // A simulator whose clock starts anew (systemClock in another run) never flips it back.
    await manualSimulators(new SimulatedClock(new Date('2026-01-01T00:00:00Z')), 3600).reconcileOnce();
    expect((await readRds('restart-db')).status.atProvider.dbInstanceStatus).toBe('available');
  });

  test('a connection Secret aimed at a terminating namespace is retried later, not an error of the pass', async () => {
    const clock = new SimulatedClock();
    const ns = await namespace('node-terminating');
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'held', finalizers: ['example.com/hold'] } } });
    await core.deleteNamespace({ name: ns });
    await eventually(() => core.readNamespace({ name: ns }), (n) => n.status?.phase === 'Terminating');
    await createRds('late-db', ns);
    const sims = manualSimulators(clock, 0);
    await expect(sims.reconcileOnce()).resolves.toBeUndefined();
    expect((await readRds('late-db')).status.atProvider.dbInstanceStatus).toBe('available');
  });

  test('failRds reports Synced=False ReconcileError and never becomes ready', async () => {
    const clock = new SimulatedClock();
    const sims = manualSimulators(clock, 10);
    const ns = await namespace('node-failing');
    await createRds('failing-db', ns);
    sims.failRds('failing-db', 'InvalidParameterCombination: db.t3.nano does not support encryption');
    await sims.reconcileOnce();
    clock.advance(3600);
    await sims.reconcileOnce();
    const rds = await readRds('failing-db');
    expect(condition(rds, 'Synced')).toMatchObject({ status: 'False', reason: 'ReconcileError', message: 'InvalidParameterCombination: db.t3.nano does not support encryption' });
    expect(condition(rds, 'Ready')?.status).toBe('False');
    expect(rds.status.atProvider.dbInstanceStatus).not.toBe('available');

    sims.recoverRds('failing-db');
    await sims.reconcileOnce();
    expect((await readRds('failing-db')).status.atProvider.dbInstanceStatus).toBe('available');
  });
});

test('a scoped simulator leaves objects of other runs alone', async () => {
  const mine = await namespace('sim-scope-mine');
  const theirs = await namespace('sim-scope-theirs');
  const sims = startControllerSimulators(kc, { manual: true, scope: (o) => o.namespace === mine });
  running.push(sims);
  await apps.createNamespacedDeployment({ namespace: mine, body: deployment('api', 1) });
  await apps.createNamespacedDeployment({ namespace: theirs, body: deployment('api', 1) });
  for (let i = 0; i < 3; i++) await sims.reconcileOnce();
  expect((await apps.readNamespacedDeployment({ name: 'api', namespace: mine })).status?.readyReplicas).toBe(1);
  expect((await apps.readNamespacedDeployment({ name: 'api', namespace: theirs })).status?.readyReplicas).toBeUndefined();
});

test('the polling loop alone makes a deployment ready (systemClock, default options)', async () => {
  const sims = startControllerSimulators(kc);
  running.push(sims);
  const ns = await namespace('sim-loop');
  await apps.createNamespacedDeployment({ namespace: ns, body: deployment('api', 2) });
  const ready = await eventually(
    () => apps.readNamespacedDeployment({ name: 'api', namespace: ns }),
    (d) => d.status?.readyReplicas === 2 && d.status?.observedGeneration === 1,
  );
  expect(ready.status?.availableReplicas).toBe(2);
  expect(sims.lastError()).toBeUndefined();
});
