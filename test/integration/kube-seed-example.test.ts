// The seed (examples/database-per-node) for acme-corp, applied level by level through the
// Kubernetes layer with simulated controllers and a simulated clock: the namespace, then the
// RDS instance (creating -> available, with its connection Secret), then the app.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { renderResources } from '../../lambdas/core/template/template-render';
import { dependencyLevels } from '../../lambdas/core/apply/dependency-graph';
import { assessReadiness, type Readiness } from '../../lambdas/core/readiness/readiness';
import { lynqNodeName } from '../../lambdas/core/lynqnode/lynqnode-status';
import type { NodeValues, ProjectConfig } from '../../lambdas/core/config/config-model';
import type { RenderedResource } from '../../lambdas/core/template/rendered-resource';
import type { ApplyContext, ApplyResult } from '../../lambdas/adapters/resource-apply';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { installCrossplaneRdsCrd, startControllerSimulators, type ControllerSimulators } from '../../local/controller-simulators';
import { SimulatedClock } from '../../local/simulated-clock';
import { kubectl, kubectlJson } from './kube-fixtures';

const EXAMPLE = join(__dirname, '../../examples/database-per-node');
/** This run's node: its namespace and its cluster-scoped RDS instance never meet another run's. */
const UID = `acme-corp-${randomBytes(3).toString('hex')}`;
const RDS_CREATION_SECONDS = 15 * 60;

let cluster: TestCluster;
let controllers: ControllerSimulators;
let clock: SimulatedClock;
let project: ProjectConfig;

/** The acme-corp row mapped through the hub's value mappings, SQL types kept. */
function acmeValues(config: ProjectConfig): NodeValues {
  const parsed = JSON.parse(readFileSync(join(EXAMPLE, 'rows.json'), 'utf8')) as Record<string, string | number | null> | Record<string, string | number | null>[];
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  const row = rows.find((r) => r[config.hub.valueMappings.uid] === 'acme-corp');
  if (!row) throw new Error('rows.json has no acme-corp row');
  const values: NodeValues = { uid: UID, activate: row[config.hub.valueMappings.activate] === 1 };
  for (const [variable, column] of Object.entries(config.hub.extraValueMappings)) values[variable] = row[column];
  return values;
}

beforeAll(async () => {
  cluster = await connectTestCluster();
  clock = new SimulatedClock(new Date('2026-01-01T00:00:00Z'));
  await installCrossplaneRdsCrd(cluster.kubeConfig);
  controllers = startControllerSimulators(cluster.kubeConfig, {
    clock, rdsReadyAfterSeconds: RDS_CREATION_SECONDS, manual: true, scope: (o) => o.name.includes(UID) || (o.namespace ?? '').includes(UID),
  });
  project = loadProjectConfig(EXAMPLE);
});

afterAll(async () => {
  await controllers?.stop();
  await cluster.cleanupNamespaces(`node-${UID}`);
  await kubectl(cluster, ['delete', 'rdsinstance', `${UID}-postgres`, '--ignore-not-found', '--wait=false']).catch(() => undefined);
  await cluster.stop();
});

it('provisions acme-corp: namespace, then the RDS instance (waiting while creating), then the app', async () => {
  const form = project.forms[0];
  const startedAt = clock.now();
  const resources = new Map(renderResources(form, acmeValues(project), { now: startedAt }).map((r) => [r.id, r]));
  const levels = dependencyLevels(form.resources);
  expect(levels).toEqual([['node-namespace'], ['rds-instance'], ['app']]);

  const ctx: ApplyContext = {
    nodeName: lynqNodeName(UID, form.name),
    recordNamespace: 'lynq-system',
    uid: UID,
    form: form.name,
    hubId: form.hubId,
    now: startedAt,
  };
  const apply = (id: string): Promise<ApplyResult> => applyResource(cluster.kubeConfig, resources.get(id) as RenderedResource, ctx);
  const check = async (applied: ApplyResult): Promise<Readiness> =>
    assessReadiness(await readLiveObject(cluster.kubeConfig, applied.ref), { waitForReady: (resources.get(applied.ref.id) as RenderedResource).template.waitForReady, ref: applied.ref });

  // Level 1: the node namespace.
  const namespace = await apply('node-namespace');
  expect(namespace.ref).toMatchObject({ kind: 'Namespace', name: `node-${UID}` });
  await controllers.reconcileOnce();
  expect((await check(namespace)).state).toBe('ready');
  expect(await kubectl(cluster, ['get', 'namespace', `node-${UID}`, '-o', 'jsonpath={.metadata.labels.node-id} {.status.phase}'])).toBe(`${UID} Active`);

  // Level 2: the RDS instance, cluster-scoped although the form gives a targetNamespace.
  const rds = await apply('rds-instance');
  expect(rds.action).toBe('created');
  expect(rds.ref.namespace).toBeUndefined();
  const live = await kubectlJson<{ spec: { forProvider: Record<string, unknown> }; metadata: { annotations: Record<string, string> } }>(cluster, ['get', 'rdsinstance', `${UID}-postgres`]);
  expect(live.spec.forProvider).toMatchObject({ dbInstanceClass: 'db.t3.small', allocatedStorage: 50, multiAZ: false, masterUsername: UID.replace(/-/g, '') });
  expect(live.metadata.annotations).toMatchObject({ 'lynq.sh/created-once': 'true', 'lynq.sh/deletion-policy': 'Retain' });

  await controllers.reconcileOnce();
  const creating = await check(rds);
  expect(creating).toMatchObject({ state: 'waiting', message: `RDSInstance ${UID}-postgres is creating`, waitSeconds: 55 });
  expect(await kubectl(cluster, ['get', 'rdsinstance', '-l', `node-id=${UID}`, '-o', 'jsonpath={.items[0].status.atProvider.dbInstanceStatus}'])).toBe('creating');
  await expect(kubectl(cluster, ['get', 'secret', `${UID}-db-conn`, '-n', `node-${UID}`])).rejects.toThrow(/not found/i);

  // The workflow waits and checks again; time passes until the provider reports available.
  let waits = 0;
  let state = creating;
  while (state.state === 'waiting') {
    clock.advance(state.waitSeconds);
    waits++;
    await controllers.reconcileOnce();
    state = await check(rds);
    // Re-applying a Once resource on a later pass never touches it.
    expect((await apply('rds-instance')).action).toBe('once-skipped');
  }
  expect(state).toEqual({ state: 'ready', message: `RDSInstance ${UID}-postgres is ready` });
  // 15 minutes at most 55 s apart: few checks, and the app follows within a minute of "available".
  expect(waits).toBe(Math.ceil(RDS_CREATION_SECONDS / 55));
  expect(await kubectl(cluster, ['get', 'rdsinstance', `${UID}-postgres`, '-o', 'jsonpath={.status.atProvider.dbInstanceStatus}'])).toBe('available');

  const secret = await kubectlJson<{ type: string; data: Record<string, string> }>(cluster, ['get', 'secret', `${UID}-db-conn`, '-n', `node-${UID}`]);
  expect(secret.type).toBe('connection.crossplane.io/v1alpha1');
  expect(Object.keys(secret.data).sort()).toEqual(['endpoint', 'password', 'port', 'username']);
  expect(Buffer.from(secret.data.port, 'base64').toString()).toBe('5432');

  // Level 3: the app, only now.
  await expect(kubectl(cluster, ['get', 'deployment', `${UID}-app`, '-n', `node-${UID}`])).rejects.toThrow(/not found/i);
  const app = await apply('app');
  expect(app.action).toBe('created');
  await controllers.reconcileOnce();
  expect((await check(app)).state).toBe('waiting');
  await controllers.reconcileOnce();
  expect(await check(app)).toEqual({ state: 'ready', message: `Deployment node-${UID}/${UID}-app is ready: 2/2 replicas` });
  expect(await kubectl(cluster, ['get', 'deployment', `${UID}-app`, '-n', `node-${UID}`, '-o', 'jsonpath={.status.readyReplicas}/{.spec.replicas}'])).toBe('2/2');
  const env = await kubectl(cluster, ['get', 'deployment', `${UID}-app`, '-n', `node-${UID}`, '-o', 'jsonpath={.spec.template.spec.containers[0].resources.requests.cpu}']);
  expect(env).toBe('500m');
});
