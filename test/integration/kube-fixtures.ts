// Shared fixtures of the Kubernetes-layer integration tests: form resources the way the config
// loader produces them, an apply context for one node, and kubectl as a user would run it.
import { execFile } from 'node:child_process';
import type { ResourceTemplate } from '../../lambdas/core/config/config-model';
import type { KubeObject, RenderedResource } from '../../lambdas/core/template/rendered-resource';
import type { ApplyContext } from '../../lambdas/adapters/resource-apply';
import type { TestCluster } from '../support/test-cluster';
import { KubeRest } from '../../lambdas/adapters/kube-rest';

/** A TResource with Lynq's defaults (lynq-behaviour §2.2). */
export function resourceTemplate(id: string, overrides: Partial<ResourceTemplate> = {}): ResourceTemplate {
  return {
    id, list: 'manifests', spec: {}, nameTemplate: '', targetNamespace: '', labelsTemplate: {}, annotationsTemplate: {},
    dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete', conflictPolicy: 'Stuck', patchStrategy: 'apply',
    waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [], ...overrides,
  };
}

export function rendered(id: string, manifest: KubeObject, overrides: Partial<ResourceTemplate> = {}): RenderedResource {
  return { id, template: resourceTemplate(id, overrides), manifest };
}

export function nodeContext(uid: string, now = new Date('2026-01-01T00:00:00Z'), form = 'web'): ApplyContext {
  return { nodeName: `${uid}-${form}`, recordNamespace: 'lynq-system', uid, form, hubId: 'tenants', now };
}

export function configMap(name: string, namespace: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function deploymentManifest(name: string, namespace: string, opts: { replicas?: number; image?: string } = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: opts.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: opts.image ?? 'registry.example.com/node-app:v1.0.0' }] } },
    },
  };
}

/**
 * Runs kubectl against the test cluster and returns stdout: the checks a user would make.
 * Asynchronous on purpose: the emulator serves from this same process.
 */
export function kubectl(cluster: TestCluster, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
    child.stdin?.end(input ?? '');
  });
}

export async function kubectlJson<T = KubeObject>(cluster: TestCluster, args: string[]): Promise<T> {
  return JSON.parse(await kubectl(cluster, [...args, '-o', 'json'])) as T;
}

export async function createNamespace(cluster: TestCluster, name: string): Promise<void> {
  await KubeRest.for(cluster.kubeConfig).serverSideApply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, true);
}

/** Writes `status` through the status subresource, as the object's controller would. */
export async function setStatus(cluster: TestCluster, obj: KubeObject, status: Record<string, unknown>): Promise<KubeObject> {
  const rest = KubeRest.for(cluster.kubeConfig);
  const live = await rest.get({ apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace });
  if (!live) throw new Error(`setStatus: ${obj.kind} ${obj.metadata.name} does not exist`);
  return rest.replace({ ...live, status }, 'status');
}
