// Failures of the Kubernetes API over real HTTP (the emulator's fault injection), as the state
// machine sees them: retryable (429, 5xx, dropped connection) or permanent (403 with an RBAC hint).
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { KubePermanentError, KubeRetryableError } from '../../lambdas/adapters/kube-errors';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { configMap, createNamespace, deploymentManifest, nodeContext, rendered } from './kube-fixtures';

// Fault injection needs the emulator; against a real cluster these cases are skipped.
const onEmulator = process.env.LYNQ_TEST_KUBECONFIG ? describe.skip : describe;

onEmulator('Kubernetes API failures', () => {
  let cluster: TestCluster;
  let ns: string;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    ns = cluster.uniqueName('errors');
    await createNamespace(cluster, ns);
  });

  afterAll(async () => {
    await cluster.stop();
  });

  it('HTTP 429 with Retry-After: 1 is waited out inside the call, which then succeeds', async () => {
    const res = rendered('cfg', configMap('retry-after', ns, { k: 'v' }));
    cluster.emulator!.failNext({ method: 'PATCH', pathIncludes: '/configmaps/retry-after' }, 429);
    expect((await applyResource(cluster.kubeConfig, res, nodeContext('acme'))).action).toBe('created');
  });

  it.each([500, 503])('HTTP %i on apply is Lynq.Retryable, and the next attempt succeeds', async (status) => {
    const res = rendered('cfg', configMap(`retry-${status}`, ns, { k: 'v' }));
    cluster.emulator!.failNext({ method: 'PATCH', pathIncludes: `/configmaps/retry-${status}` }, status);
    const failed = await applyResource(cluster.kubeConfig, res, nodeContext('acme')).catch((e) => e);
    expect(failed).toBeInstanceOf(KubeRetryableError);
    expect(failed.name).toBe('Lynq.Retryable');
    expect(failed.statusCode).toBe(status);
    expect(failed.message).toContain(`ConfigMap ${ns}/retry-${status}`);
    expect((await applyResource(cluster.kubeConfig, res, nodeContext('acme'))).action).toBe('created');
  });

  it('a dropped connection is Lynq.Retryable', async () => {
    cluster.emulator!.failNext({ method: 'GET', pathIncludes: '/configmaps/dropped' }, 'connection-reset');
    const failed = await readLiveObject(cluster.kubeConfig, { apiVersion: 'v1', kind: 'ConfigMap', name: 'dropped', namespace: ns }).catch((e) => e);
    expect(failed).toBeInstanceOf(KubeRetryableError);
    expect(failed.message).toMatch(/ECONNRESET|socket hang up|network error/);
  });

  it('403 is Lynq.Permanent and names the missing RBAC permission', async () => {
    cluster.emulator!.failNext({ method: 'PATCH', pathIncludes: '/deployments/' }, 403);
    const failed = await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('acme-corp-app', ns)), nodeContext('acme')).catch((e) => e);
    expect(failed).toBeInstanceOf(KubePermanentError);
    expect(failed.name).toBe('Lynq.Permanent');
    expect(failed.message).toBe(`forbidden: cannot patch deployments.apps in namespace ${ns} (check the RBAC ClusterRole bound to the lynq-sfn group)`);
  });

  it('a manifest the API server rejects is Lynq.Permanent with the reason', async () => {
    const bad = configMap('bad', ns, { k: 'v' });
    bad.metadata.labels = { tier: 'not a valid label!' };
    const failed = await applyResource(cluster.kubeConfig, rendered('cfg', bad), nodeContext('acme')).catch((e) => e);
    expect(failed).toBeInstanceOf(KubePermanentError);
    expect(failed.message).toContain(`ConfigMap ${ns}/bad`);
    expect(failed.message).toContain('metadata.labels');
  });

  it('a rejected Secret reports the field, never the value', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns, labels: { token: 'hunter2 is-my-password!' } }, stringData: { password: 'hunter2' } };
    const failed = await applyResource(cluster.kubeConfig, rendered('secret', secret), nodeContext('acme')).catch((e) => e);
    expect(failed).toBeInstanceOf(KubePermanentError);
    expect(failed.message).toContain(`Secret ${ns}/db`);
    expect(failed.message).toContain('metadata.labels');
    expect(failed.message).not.toContain('hunter2');
    expect(JSON.stringify({ ...failed })).not.toContain('hunter2');
  });

  it('an unknown kind is Lynq.Permanent and suggests the missing CRD', async () => {
    const failed = await applyResource(cluster.kubeConfig, rendered('x', { apiVersion: 'nothing.example.com/v1', kind: 'Ghost', metadata: { name: 'g', namespace: ns } }), nodeContext('acme')).catch((e) => e);
    expect(failed).toBeInstanceOf(KubePermanentError);
    expect(failed.message).toBe('unknown kind Ghost in apiVersion nothing.example.com/v1: the API server does not serve it (is its CRD installed?)');
  });
});
