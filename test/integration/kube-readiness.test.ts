// Readiness of live objects as the controllers (simulated, stepped by hand) move them along.
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { assessReadiness, CLOUD_POLL_MAX_SECONDS, type Readiness } from '../../lambdas/core/readiness/readiness';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import type { AppliedRef } from '../../lambdas/core/contracts/workflow-contracts';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { installCrossplaneRdsCrd, startControllerSimulators, type ControllerSimulators } from '../../local/controller-simulators';
import { createNamespace, deploymentManifest, kubectl, nodeContext, rendered, setStatus } from './kube-fixtures';

let cluster: TestCluster;
let controllers: ControllerSimulators;
let ns: string;
const now = new Date('2026-01-01T00:00:00Z');

beforeAll(async () => {
  cluster = await connectTestCluster();
  ns = cluster.uniqueName('ready');
  await createNamespace(cluster, ns);
  await installCrossplaneRdsCrd(cluster.kubeConfig);
  controllers = startControllerSimulators(cluster.kubeConfig, { manual: true, rdsReadyAfterSeconds: 3600 });
});

afterAll(async () => {
  await controllers.stop();
  await cluster.cleanupNamespaces();
  await cluster.stop();
});

async function apply(id: string, manifest: KubeObject): Promise<AppliedRef> {
  return (await applyResource(cluster.kubeConfig, rendered(id, manifest), nodeContext('acme', now))).ref;
}

async function readiness(ref: AppliedRef): Promise<Readiness> {
  return assessReadiness(await readLiveObject(cluster.kubeConfig, ref), { waitForReady: true, ref });
}

describe('workloads', () => {
  it('a Deployment mid-rollout waits with its replica count, then is ready', async () => {
    const ref = await apply('app', deploymentManifest('acme-corp-app', ns, { replicas: 2 }));
    await controllers.reconcileOnce();
    const during = await readiness(ref);
    expect(during.state).toBe('waiting');
    expect(during.message).toMatch(new RegExp(`^Waiting for Deployment ${ns}/acme-corp-app: \\d/2 replicas ready`));
    expect(during.state === 'waiting' && during.waitSeconds).toBe(5);

    await controllers.reconcileOnce();
    expect(await readiness(ref)).toEqual({ state: 'ready', message: `Deployment ${ns}/acme-corp-app is ready: 2/2 replicas` });
    expect(await kubectl(cluster, ['get', 'deployment', 'acme-corp-app', '-n', ns, '-o', 'jsonpath={.status.readyReplicas}/{.spec.replicas}'])).toBe('2/2');
  });

  it('a Deployment whose new spec the controller has not observed yet is not ready', async () => {
    const ref = await apply('app2', deploymentManifest('gen-check', ns, { replicas: 1 }));
    await controllers.reconcileOnce();
    await controllers.reconcileOnce();
    expect((await readiness(ref)).state).toBe('ready');
    await applyResource(cluster.kubeConfig, rendered('app2', deploymentManifest('gen-check', ns, { replicas: 1, image: 'app:v2' })), nodeContext('acme', now));
    const after = await readiness(ref);
    expect(after.state).toBe('waiting');
    expect(after.message).toMatch(/has not seen generation/);
  });

  it('StatefulSet and DaemonSet become ready through the controller', async () => {
    const sts = await apply('sts', {
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'cache', namespace: ns },
      spec: { replicas: 2, serviceName: 'cache', selector: { matchLabels: { app: 'cache' } }, template: { metadata: { labels: { app: 'cache' } }, spec: { containers: [{ name: 'c', image: 'redis' }] } } },
    });
    const ds = await apply('ds', {
      apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: ns },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent' }] } } },
    });
    expect((await readiness(sts)).state).toBe('waiting');
    expect((await readiness(ds)).state).toBe('waiting');
    for (let i = 0; i < 3; i++) await controllers.reconcileOnce();
    expect((await readiness(sts)).state).toBe('ready');
    expect((await readiness(ds)).state).toBe('ready');
  });

  it('a Job is ready once complete', async () => {
    const ref = await apply('migrate', {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: ns },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'migrate' }] } } },
    });
    expect((await readiness(ref)).state).toBe('waiting');
    for (let i = 0; i < 3; i++) await controllers.reconcileOnce();
    expect((await readiness(ref)).state).toBe('ready');
  });
});

describe('other kinds', () => {
  it('a Namespace is ready when Active', async () => {
    const ref = await apply('node-namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: cluster.uniqueName('node-acme') } });
    await controllers.reconcileOnce();
    const r = await readiness(ref);
    expect(r).toEqual({ state: 'ready', message: `Namespace ${ref.name} is Active` });
  });

  it('a PVC is ready when Bound', async () => {
    const ref = await apply('data', {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: ns },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect((await readiness(ref)).message).toMatch(/^Waiting for PersistentVolumeClaim .*phase/);
    for (let i = 0; i < 3; i++) await controllers.reconcileOnce();
    expect((await readiness(ref)).state).toBe('ready');
  });

  it('a LoadBalancer Service waits for its address; a ClusterIP Service is ready at once', async () => {
    // `protocol` spelled out: it is a key of the ports list, which server-side apply on v1.20 requires.
    const ports = [{ port: 80, protocol: 'TCP' }];
    const lb = await apply('lb', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'public', namespace: ns }, spec: { type: 'LoadBalancer', selector: { app: 'x' }, ports } });
    const internal = await apply('svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'internal', namespace: ns }, spec: { selector: { app: 'x' }, ports } });
    expect((await readiness(internal)).state).toBe('ready');
    expect((await readiness(lb)).message).toBe(`Waiting for Service ${ns}/public: no load balancer address yet`);
    for (let i = 0; i < 3; i++) await controllers.reconcileOnce();
    expect((await readiness(lb)).state).toBe('ready');
  });

  it('an Ingress with rules is ready', async () => {
    const ref = await apply('ing', {
      apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns },
      spec: { rules: [{ host: 'acme.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'internal', port: { number: 80 } } } }] } }] },
    });
    expect((await readiness(ref)).state).toBe('ready');
  });

  it('an HPA is ready when AbleToScale', async () => {
    // autoscaling/v2 is served from v1.23; an older cluster serves the same fields as v2beta2.
    const group = JSON.parse(await kubectl(cluster, ['get', '--raw', '/apis/autoscaling'])) as { versions: Array<{ version: string }> };
    const version = group.versions.some((v) => v.version === 'v2') ? 'v2' : 'v2beta2';
    const hpa: KubeObject = {
      apiVersion: `autoscaling/${version}`, kind: 'HorizontalPodAutoscaler', metadata: { name: 'app', namespace: ns },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'acme-corp-app' }, minReplicas: 1, maxReplicas: 5 },
    };
    const ref = await apply('hpa', hpa);
    expect((await readiness(ref)).state).toBe('waiting');
    // No HPA controller is simulated: write what it would report.
    await setStatus(cluster, hpa, { currentReplicas: 2, desiredReplicas: 2, conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', lastTransitionTime: now.toISOString() }] });
    expect((await readiness(ref)).state).toBe('ready');
  });
});

describe('Crossplane', () => {
  const rds = (name: string): KubeObject => ({
    apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', metadata: { name },
    spec: { forProvider: { region: 'us-west-2', dbInstanceClass: 'db.t3.small', engine: 'postgres', masterUsername: 'acme', allocatedStorage: 50 }, writeConnectionSecretToRef: { name: `${name}-conn`, namespace: ns } },
  });

  it('an RDS instance being created waits long with the provider state', async () => {
    const name = cluster.uniqueName('creating');
    const ref = await apply('rds-instance', rds(name));
    await controllers.reconcileOnce();
    expect(await readiness(ref)).toMatchObject({ state: 'waiting', message: `RDSInstance ${name} is creating`, waitSeconds: CLOUD_POLL_MAX_SECONDS });
  });

  it('Synced=False fails at once with the provider message', async () => {
    const name = cluster.uniqueName('broken');
    const ref = await apply('rds-instance', rds(name));
    controllers.failRds(name, 'create failed: InvalidParameterCombination: db.t3.small does not support encryption');
    await controllers.reconcileOnce();
    expect(await readiness(ref)).toEqual({
      state: 'failed',
      message: `RDSInstance ${name} cannot be synced: create failed: InvalidParameterCombination: db.t3.small does not support encryption`,
    });
  });
});
