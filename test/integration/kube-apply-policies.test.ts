// applyResource against a real HTTP Kubernetes API (the emulator, or LYNQ_TEST_KUBECONFIG):
// the policies of a form resource, checked the way a user would, with kubectl.
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { removeResource } from '../../lambdas/adapters/resource-delete';
import { KubeConflictError, KubePermanentError } from '../../lambdas/adapters/kube-errors';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { configMap, createNamespace, deploymentManifest, kubectl, kubectlJson, nodeContext, rendered } from './kube-fixtures';

let cluster: TestCluster;
let ns: string;

beforeAll(async () => {
  cluster = await connectTestCluster();
  ns = cluster.uniqueName('apply');
  await createNamespace(cluster, ns);
});

afterAll(async () => {
  await cluster.cleanupNamespaces();
  await cluster.stop();
});

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-01-01T01:00:00Z');

interface ManagedField {
  manager: string;
  operation: string;
  fieldsV1?: { 'f:data'?: Record<string, unknown> };
}

describe('tracking', () => {
  it('stamps tracking labels and annotations, no ownerReferences, field manager lynq-sfn', async () => {
    const result = await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('tracked', ns), { deletionPolicy: 'Retain' }), nodeContext('acme', t0));
    expect(result.action).toBe('created');
    expect(result.appliedAt).toBe(t0.toISOString());
    expect(result.ref).toEqual({ id: 'app', apiVersion: 'apps/v1', kind: 'Deployment', name: 'tracked', namespace: ns });

    const live = await kubectlJson(cluster, ['get', 'deployment', 'tracked', '-n', ns, '--show-managed-fields']);
    expect(live.metadata.labels).toMatchObject({
      app: 'tracked',
      'lynq.sh/node': 'acme-web',
      'lynq.sh/node-namespace': 'lynq-system',
      'lynq.sh/form': 'web',
      'lynq.sh/hub': 'tenants',
      'lynq.sh/uid': 'acme',
      'app.kubernetes.io/managed-by': 'lynq-sfn',
    });
    expect(live.metadata.annotations).toMatchObject({
      'lynq.sh/deletion-policy': 'Retain',
      'lynq.sh/resource-id': 'app',
      'lynq.sh/apply-start-time': t0.toISOString(),
    });
    expect(live.metadata.annotations!['lynq.sh/applied-hash']).toMatch(/^[0-9a-f]{16}$/);
    expect(live.metadata.ownerReferences).toBeUndefined();
    const managers = (live.metadata.managedFields as ManagedField[]).map((m) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('lynq-sfn/Apply');

    // In the run's namespace: on a shared cluster an earlier run's namespace may still be terminating.
    const selected = await kubectl(cluster, ['get', 'deployments', '-n', ns, '-l', 'lynq.sh/node=acme-web', '-o', 'name']);
    expect(selected.trim()).toBe('deployment.apps/tracked');
  });

  it('gives a cluster-scoped kind no namespace', async () => {
    const name = cluster.uniqueName('node-ns');
    const manifest: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, namespace: 'ignored' } };
    const result = await applyResource(cluster.kubeConfig, rendered('node-namespace', manifest), nodeContext('acme', t0));
    expect(result.ref.namespace).toBeUndefined();
    expect((await kubectl(cluster, ['get', 'namespace', name, '-o', 'jsonpath={.metadata.labels.lynq\\.sh/uid}']))).toBe('acme');
  });
});

describe('applied hash', () => {
  it('an unchanged object is read once and not written (resourceVersion unchanged)', async () => {
    const res = rendered('cfg', configMap('same', ns, { k: 'v' }));
    const first = await applyResource(cluster.kubeConfig, res, nodeContext('acme', t0));
    cluster.emulator?.clearRequests();
    const second = await applyResource(cluster.kubeConfig, res, nodeContext('acme', t1));
    expect(second.action).toBe('unchanged');
    expect(second.appliedAt).toBe(t0.toISOString());
    if (cluster.emulator) {
      // Exactly one request: the GET of the object (discovery is cached).
      const calls = cluster.emulator.requests().map((r) => `${r.method} ${r.path.split('?')[0]}`);
      expect(calls).toEqual([`GET /api/v1/namespaces/${ns}/configmaps/same`]);
    }
    expect(second.live.metadata.resourceVersion).toBe(first.live.metadata.resourceVersion);
    expect(await kubectl(cluster, ['get', 'configmap', 'same', '-n', ns, '-o', 'jsonpath={.metadata.resourceVersion}'])).toBe(first.live.metadata.resourceVersion);
  });

  it('force writes even when the hash matches; a changed template resets the apply-start-time', async () => {
    const res = rendered('cfg', configMap('forced', ns, { k: 'v1' }));
    await applyResource(cluster.kubeConfig, res, nodeContext('acme', t0));
    cluster.emulator?.clearRequests();
    const forced = await applyResource(cluster.kubeConfig, res, { ...nodeContext('acme', t1), force: true });
    expect(forced.action).toBe('updated');
    expect(forced.appliedAt).toBe(t0.toISOString());
    if (cluster.emulator) expect(cluster.emulator.requests().some((r) => r.method === 'PATCH')).toBe(true);

    const changed = await applyResource(cluster.kubeConfig, rendered('cfg', configMap('forced', ns, { k: 'v2' })), nodeContext('acme', t1));
    expect(changed.action).toBe('updated');
    expect(changed.appliedAt).toBe(t1.toISOString());
    expect(await kubectl(cluster, ['get', 'configmap', 'forced', '-n', ns, '-o', 'jsonpath={.data.k}'])).toBe('v2');
  });
});

describe('creationPolicy', () => {
  it('Once never touches the object again after a template change; WhenNeeded updates it', async () => {
    await applyResource(cluster.kubeConfig, rendered('once', configMap('once', ns, { version: 'v1' }), { creationPolicy: 'Once' }), nodeContext('acme', t0));
    await applyResource(cluster.kubeConfig, rendered('needed', configMap('needed', ns, { version: 'v1' })), nodeContext('acme', t0));
    expect(await kubectl(cluster, ['get', 'configmap', 'once', '-n', ns, '-o', 'jsonpath={.metadata.annotations.lynq\\.sh/created-once}'])).toBe('true');

    const once = await applyResource(cluster.kubeConfig, rendered('once', configMap('once', ns, { version: 'v2' }), { creationPolicy: 'Once' }), nodeContext('acme', t1));
    const needed = await applyResource(cluster.kubeConfig, rendered('needed', configMap('needed', ns, { version: 'v2' })), nodeContext('acme', t1));
    expect(once.action).toBe('once-skipped');
    expect(once.appliedAt).toBe(t0.toISOString());
    expect(needed.action).toBe('updated');
    expect(await kubectl(cluster, ['get', 'configmap', 'once', '-n', ns, '-o', 'jsonpath={.data.version}'])).toBe('v1');
    expect(await kubectl(cluster, ['get', 'configmap', 'needed', '-n', ns, '-o', 'jsonpath={.data.version}'])).toBe('v2');
  });

  it('Once adopts an existing object without the created-once marker by applying it once', async () => {
    await kubectl(cluster, ['create', 'configmap', 'preexisting', '-n', ns, '--from-literal=version=manual']);
    const first = await applyResource(cluster.kubeConfig, rendered('pre', configMap('preexisting', ns, { version: 'v1' }), { creationPolicy: 'Once', conflictPolicy: 'Force' }), nodeContext('acme', t0));
    expect(first.action).toBe('updated');
    expect(await kubectl(cluster, ['get', 'configmap', 'preexisting', '-n', ns, '-o', 'jsonpath={.data.version}'])).toBe('v1');
    const second = await applyResource(cluster.kubeConfig, rendered('pre', configMap('preexisting', ns, { version: 'v2' }), { creationPolicy: 'Once' }), nodeContext('acme', t1));
    expect(second.action).toBe('once-skipped');
  });
});

describe('conflictPolicy against another field manager', () => {
  async function ownedByPlatformTeam(name: string): Promise<void> {
    await kubectl(cluster, ['apply', '--server-side', '--validate=false', '--field-manager=platform-team', '-f', '-'], JSON.stringify(configMap(name, ns, { color: 'blue' })));
  }

  it('Stuck leaves the object unchanged and reports the other manager and the field', async () => {
    await ownedByPlatformTeam('contested-stuck');
    const attempt = applyResource(cluster.kubeConfig, rendered('cfg', configMap('contested-stuck', ns, { color: 'red' })), nodeContext('acme', t0));
    await expect(attempt).rejects.toBeInstanceOf(KubeConflictError);
    const err = (await attempt.catch((e) => e)) as KubeConflictError;
    expect(err.name).toBe('Lynq.Permanent');
    expect(err.managers).toEqual(['platform-team']);
    expect(err.fields).toEqual(['.data.color']);
    expect(err.message).toContain(`ConfigMap ${ns}/contested-stuck`);
    expect(await kubectl(cluster, ['get', 'configmap', 'contested-stuck', '-n', ns, '-o', 'jsonpath={.data.color}'])).toBe('blue');
  });

  it('Force takes the field over', async () => {
    await ownedByPlatformTeam('contested-force');
    const result = await applyResource(cluster.kubeConfig, rendered('cfg', configMap('contested-force', ns, { color: 'red' }), { conflictPolicy: 'Force' }), nodeContext('acme', t0));
    expect(result.action).toBe('updated');
    const live = await kubectlJson(cluster, ['get', 'configmap', 'contested-force', '-n', ns, '--show-managed-fields']);
    expect((live.data as Record<string, string>).color).toBe('red');
    const owners = (live.metadata.managedFields as ManagedField[]).filter((m) => m.fieldsV1?.['f:data']?.['f:color'] !== undefined).map((m) => m.manager);
    expect(owners).toEqual(['lynq-sfn']);
  });
});

describe('patchStrategy', () => {
  it('apply keeps a field another manager added', async () => {
    await applyResource(cluster.kubeConfig, rendered('cfg', configMap('shared', ns, { ours: 'v1' })), nodeContext('acme', t0));
    await kubectl(cluster, ['apply', '--server-side', '--validate=false', '--field-manager=sidecar-injector', '-f', '-'], JSON.stringify(configMap('shared', ns, { theirs: 'x' })));
    await applyResource(cluster.kubeConfig, rendered('cfg', configMap('shared', ns, { ours: 'v2' })), nodeContext('acme', t1));
    const data = (await kubectlJson(cluster, ['get', 'configmap', 'shared', '-n', ns])).data;
    expect(data).toEqual({ ours: 'v2', theirs: 'x' });
  });

  it('merge keeps a key added by a patch, replace removes it', async () => {
    for (const strategy of ['merge', 'replace'] as const) {
      const name = `patched-${strategy}`;
      const first = await applyResource(cluster.kubeConfig, rendered('cfg', configMap(name, ns, { ours: 'v1' }), { patchStrategy: strategy }), nodeContext('acme', t0));
      expect(first.action).toBe('created');
      await kubectl(cluster, ['patch', 'configmap', name, '-n', ns, '--type', 'merge', '-p', '{"data":{"added":"by-hand"}}']);
      const second = await applyResource(cluster.kubeConfig, rendered('cfg', configMap(name, ns, { ours: 'v2' }), { patchStrategy: strategy }), nodeContext('acme', t1));
      expect(second.action).toBe('updated');
      const data = (await kubectlJson(cluster, ['get', 'configmap', name, '-n', ns])).data;
      expect(data).toEqual(strategy === 'merge' ? { ours: 'v2', added: 'by-hand' } : { ours: 'v2' });
    }
  });
});

describe('ignoreFields', () => {
  it('keeps a scaled replica count across a template change', async () => {
    const opts = { ignoreFields: ['$.spec.replicas'] };
    await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('scaled', ns, { replicas: 2 }), opts), nodeContext('acme', t0));
    expect(await kubectl(cluster, ['get', 'deployment', 'scaled', '-n', ns, '-o', 'jsonpath={.spec.replicas}'])).toBe('2');
    // What an autoscaler or an operator on call does.
    await kubectl(cluster, ['patch', 'deployment', 'scaled', '-n', ns, '--type', 'merge', '-p', '{"spec":{"replicas":5}}']);

    const result = await applyResource(cluster.kubeConfig, rendered('app', deploymentManifest('scaled', ns, { replicas: 2, image: 'registry.example.com/node-app:v2.0.0' }), opts), nodeContext('acme', t1));
    expect(result.action).toBe('updated');
    const live = await kubectlJson<{ spec: { replicas: number; template: { spec: { containers: { image: string }[] } } } }>(cluster, ['get', 'deployment', 'scaled', '-n', ns]);
    expect(live.spec.replicas).toBe(5);
    expect(live.spec.template.spec.containers[0].image).toBe('registry.example.com/node-app:v2.0.0');
  });
});

describe('ports', () => {
  // Ports are keyed by number and protocol (x-kubernetes-list-map-keys), a container port's missing
  // protocol by its default TCP. A Service port's protocol is given: before v1.21, server-side apply
  // refused a Service port without one (500, "omits key field protocol"; checked on v1.20.2).
  const dnsDeployment = (name: string, udp: boolean): KubeObject => {
    const manifest = deploymentManifest(name, ns);
    const ports = [...(udp ? [{ name: 'dns-udp', containerPort: 53, protocol: 'UDP' }] : []), { name: 'dns-tcp', containerPort: 53 }];
    (manifest.spec as any).template.spec.containers[0].ports = ports;
    return manifest;
  };
  const dnsService = (name: string, udp: boolean): KubeObject => ({
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns },
    spec: { selector: { app: name }, ports: [...(udp ? [{ name: 'dns-udp', port: 53, protocol: 'UDP' }] : []), { name: 'dns-tcp', port: 53, protocol: 'TCP' }] },
  });
  /** `name:number/protocol` of each port. */
  const livePorts = async (kind: string, name: string, jsonPath: string, numberField: string) =>
    (JSON.parse(await kubectl(cluster, ['get', kind, name, '-n', ns, '-o', `jsonpath={${jsonPath}}`])) as Array<Record<string, string | number>>)
      .map((p) => `${p.name}:${p[numberField]}/${p.protocol}`);

  it('the same number for TCP and UDP is two ports, in a container and in a Service; dropping one removes it', async () => {
    for (const [kind, manifest, jsonPath, numberField] of [
      ['deployment', dnsDeployment, '.spec.template.spec.containers[0].ports', 'containerPort'],
      ['service', dnsService, '.spec.ports', 'port'],
    ] as const) {
      await applyResource(cluster.kubeConfig, rendered('dns', manifest('dns', true)), nodeContext('acme', t0));
      expect((await livePorts(kind, 'dns', jsonPath, numberField)).sort()).toEqual(['dns-tcp:53/TCP', 'dns-udp:53/UDP']);

      const second = await applyResource(cluster.kubeConfig, rendered('dns', manifest('dns', false)), nodeContext('acme', t1));
      expect(second.action).toBe('updated');
      expect(await livePorts(kind, 'dns', jsonPath, numberField)).toEqual(['dns-tcp:53/TCP']);
    }
  });
});

describe('objects lynq-sfn does not own', () => {
  it('an existing namespace it did not create is not taken over, even without a field conflict, unless Force', async () => {
    const name = cluster.uniqueName('theirs');
    await kubectl(cluster, ['create', 'namespace', name]);
    // What a row whose uid renders to an existing namespace's name would ask for.
    const attempt = applyResource(cluster.kubeConfig, rendered('ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }), nodeContext('acme', t0));
    await expect(attempt).rejects.toThrow(`Namespace ${name} already exists and it was not created by lynq-sfn`);
    expect(await kubectl(cluster, ['get', 'namespace', name, '-o', 'jsonpath={.metadata.labels.lynq\\.sh/node}'])).toBe('');

    const forced = await applyResource(cluster.kubeConfig, rendered('ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { conflictPolicy: 'Force' }), nodeContext('acme', t0));
    expect(forced.action).toBe('updated');
    expect(await kubectl(cluster, ['get', 'namespace', name, '-o', 'jsonpath={.metadata.labels.lynq\\.sh/node}'])).toBe('acme-web');
  });

  it("another node's object is neither changed nor deleted by a node whose names collide with it", async () => {
    const first = await applyResource(cluster.kubeConfig, rendered('cfg', configMap('collides', ns, { owner: 'globex' })), nodeContext('globex', t0));
    const attempt = applyResource(cluster.kubeConfig, rendered('cfg', configMap('collides', ns, { owner: 'globex' })), nodeContext('acme', t1));
    await expect(attempt).rejects.toThrow(`ConfigMap ${ns}/collides already exists and it belongs to node globex of form web (hub tenants)`);
    expect(await removeResource(cluster.kubeConfig, first.ref, nodeContext('acme'), 'LynqNodeDeleted', t1)).toBe('absent');
    expect(await kubectl(cluster, ['get', 'configmap', 'collides', '-n', ns, '-o', 'jsonpath={.metadata.labels.lynq\\.sh/uid}'])).toBe('globex');
  });
});

describe('built-in validation', () => {
  it('a Deployment rendered without an image fails at once (not retried), with the server\'s cause', async () => {
    const manifest = deploymentManifest('no-image', ns, { image: '' });
    const err = await applyResource(cluster.kubeConfig, rendered('app', manifest), nodeContext('acme', t0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect((err as Error).message).toBe(`Kubernetes API rejected patch of Deployment ${ns}/no-image (422 Invalid): Deployment.apps "no-image" is invalid: spec.template.spec.containers[0].image: Required value`);
  });

  it('a Deployment whose selector does not select its own pods fails at once, quoting the template labels', async () => {
    const manifest = deploymentManifest('stray-selector', ns) as KubeObject & { spec: { selector: unknown; template: { metadata: { labels: Record<string, string> } } } };
    manifest.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['elsewhere'] }] };
    const err = await applyResource(cluster.kubeConfig, rendered('app', manifest), nodeContext('acme', t0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    const labels = Object.keys(manifest.spec.template.metadata.labels).sort().map((k) => `"${k}":"${manifest.spec.template.metadata.labels[k]}"`).join(', ');
    expect((err as Error).message).toBe(`Kubernetes API rejected patch of Deployment ${ns}/stray-selector (422 Invalid): Deployment.apps "stray-selector" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{${labels}}: \`selector\` does not match template \`labels\``);
  });

  it('the pod template of other workload kinds is checked too: a DaemonSet whose init container has no image fails at once', async () => {
    const template = { metadata: { labels: { app: 'agent' } }, spec: { initContainers: [{ name: 'setup' }], containers: [{ name: 'agent', image: 'registry.example.com/agent:v1' }] } };
    const manifest: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'no-init-image', namespace: ns }, spec: { selector: { matchLabels: { app: 'agent' } }, template } };
    const err = await applyResource(cluster.kubeConfig, rendered('agent', manifest), nodeContext('acme', t0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect((err as Error).message).toBe(`Kubernetes API rejected patch of DaemonSet ${ns}/no-init-image (422 Invalid): DaemonSet.apps "no-init-image" is invalid: spec.template.spec.initContainers[0].image: Required value`);
  });

  it('a StatefulSet\'s pod template is not validated by the server: one whose container has no image is stored', async () => {
    const template = { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db' }] } };
    const manifest: KubeObject = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'no-image-db', namespace: ns }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template } };
    const result = await applyResource(cluster.kubeConfig, rendered('db', manifest), nodeContext('acme', t0));
    expect(result.action).toBe('created');
  });
});

describe('resource quantities', () => {
  function deploymentRequesting(name: string, requests: Record<string, string>): KubeObject {
    const manifest = deploymentManifest(name, ns) as KubeObject & { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    manifest.spec.template.spec.containers[0].resources = { requests };
    return manifest;
  }

  it('a resource quantity it cannot parse fails at once (not retried), naming the object and the reason', async () => {
    const err = await applyResource(cluster.kubeConfig, rendered('app', deploymentRequesting('bad-quantity', { cpu: '1.2.3' })), nodeContext('acme', t0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect((err as Error).message).toBe(`Kubernetes API rejected patch of Deployment ${ns}/bad-quantity (500): failed to convert new object to proper version: unable to convert unstructured object to apps/v1, Kind=Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  });

  it('a negative quantity is refused by validation: fails at once, naming the object and the field', async () => {
    const err = await applyResource(cluster.kubeConfig, rendered('app', deploymentRequesting('negative-quantity', { cpu: '-500m' })), nodeContext('acme', t0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect((err as Error).message).toBe(`Kubernetes API rejected patch of Deployment ${ns}/negative-quantity (422 Invalid): Deployment.apps "negative-quantity" is invalid: spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "-500m": must be greater than or equal to 0`);
  });

  it('a quantity is stored in canonical form; the same manifest again is recognised as unchanged', async () => {
    const manifest = deploymentRequesting('canonical-quantity', { cpu: '1000m', memory: '1024Mi' });
    await applyResource(cluster.kubeConfig, rendered('app', manifest), nodeContext('acme', t0));
    const live = await kubectlJson<{ spec: { template: { spec: { containers: Array<{ resources: unknown }> } } } }>(cluster, ['get', 'deployment', 'canonical-quantity', '-n', ns]);
    expect(live.spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '1Gi' } });
    const again = await applyResource(cluster.kubeConfig, rendered('app', manifest), nodeContext('acme', t1));
    expect(again.action).toBe('unchanged');
  });
});
