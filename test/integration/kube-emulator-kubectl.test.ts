// The emulated API server driven by kubectl, an independent client (discovery, server-side
// apply, jsonpath output, server-side printing of CRD printer columns).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import { type KubeEmulator, startKubeEmulator } from '../../local/kube-emulator';

function findKubectl(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'kubectl'))) return join(dir, 'kubectl');
  }
  throw new Error('kubectl is not installed: these tests need it as an independent client. `.ci/run` installs it (apt-get install -y kubernetes-client).');
}

let emulator: KubeEmulator;
let workDir: string;
let kubectlPath: string;

beforeAll(async () => {
  kubectlPath = findKubectl();
  emulator = await startKubeEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'kubectl-test-'));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(workDir, { recursive: true, force: true });
});

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl with its own discovery cache; `--validate=false` because the emulator serves no OpenAPI. */
function kubectl(...args: string[]): Promise<KubectlResult> {
  const base = ['--kubeconfig', emulator.kubeconfigPath, '--cache-dir', join(workDir, 'cache')];
  return new Promise((resolve) => {
    execFile(kubectlPath, [...base, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function kubectlOk(...args: string[]): Promise<string> {
  const result = await kubectl(...args);
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

function manifest(name: string, text: string): string {
  const path = join(workDir, name);
  writeFileSync(path, text);
  return path;
}

function clientConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(emulator.kubeconfigPath);
  return kc;
}

/** Status is written with client-node: `kubectl patch --subresource` needs kubectl 1.24+, Debian ships 1.20. */
async function patchStatus(ref: { group: string; plural: string; name: string; namespace?: string }, status: object): Promise<void> {
  const custom = clientConfig().makeApiClient(CustomObjectsApi);
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const body = { status };
  if (ref.namespace) await custom.patchNamespacedCustomObjectStatus({ ...ref, namespace: ref.namespace, version: 'v1', body }, merge);
  else await custom.patchClusterCustomObjectStatus({ ...ref, version: 'v1', body }, merge);
}

/** The rows of kubectl's table output, split on runs of spaces. */
function rows(output: string): string[][] {
  return output.trim().split('\n').map((line) => line.trim().split(/\s{2,}/));
}

test('kubectl get ns prints the namespaces as a table', async () => {
  const out = rows(await kubectlOk('get', 'ns'));
  expect(out[0]).toEqual(['NAME', 'STATUS', 'AGE']);
  expect(out.find((r) => r[0] === 'default')).toEqual(['default', 'Active', expect.stringMatching(/^\d+s$/)]);
});

test('kubectl apply --server-side creates and updates; jsonpath reads the result; conflicts are reported', async () => {
  const file = manifest('app.yaml', `
apiVersion: v1
kind: Namespace
metadata:
  name: kubectl-apply
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: kubectl-apply
  labels: {app: web}
data:
  greeting: hello
`);
  expect(await kubectlOk('apply', '--server-side', '--validate=false', '-f', file)).toContain('configmap/settings serverside-applied');
  expect(await kubectlOk('get', 'configmap', 'settings', '-n', 'kubectl-apply', '-o', 'jsonpath={.data.greeting}')).toBe('hello');

  writeFileSync(file, readFileSync(file, 'utf8').replace('greeting: hello', 'greeting: hi'));
  await kubectlOk('apply', '--server-side', '--validate=false', '-f', file);
  expect(await kubectlOk('get', 'configmap', 'settings', '-n', 'kubectl-apply', '-o', 'jsonpath={.data.greeting}')).toBe('hi');
  expect(await kubectlOk('get', 'configmap', '-A', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}')).toBe('settings');

  // Another manager (client-node, as the product's apply would be) changes the field; kubectl now conflicts.
  const api = KubernetesObjectApi.makeApiClient(clientConfig());
  await api.patch({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'kubectl-apply' }, data: { greeting: 'hey' } } as KubernetesObject, undefined, undefined, 'lynq-sfn', true, PatchStrategy.ServerSideApply);
  writeFileSync(file, readFileSync(file, 'utf8').replace('greeting: hi', 'greeting: yo'));
  const conflict = await kubectl('apply', '--server-side', '--validate=false', '-f', file);
  expect(conflict.code).not.toBe(0);
  expect(conflict.stderr).toContain('Apply failed with 1 conflict: conflict with "lynq-sfn": .data.greeting');
  await kubectlOk('apply', '--server-side', '--force-conflicts', '--validate=false', '-f', file);
  expect(await kubectlOk('get', 'configmap', 'settings', '-n', 'kubectl-apply', '-o', 'jsonpath={.data.greeting}')).toBe('yo');
});

test('kubectl errors carry the server Status message', async () => {
  const missing = await kubectl('get', 'namespace', 'nowhere');
  expect(missing.code).not.toBe(0);
  expect(missing.stderr).toContain('Error from server (NotFound): namespaces "nowhere" not found');
});

test('kubectl get lynqnode prints the CRD printer columns', async () => {
  const crd = manifest('lynqnode-crd.yaml', `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: lynqnodes.sfn.lynq.sh
spec:
  group: sfn.lynq.sh
  scope: Namespaced
  names: {kind: LynqNode, listKind: LynqNodeList, plural: lynqnodes, singular: lynqnode}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      subresources: {status: {}}
      additionalPrinterColumns:
        - {name: READY, type: integer, jsonPath: .status.readyResources}
        - {name: DESIRED, type: integer, jsonPath: .status.desiredResources}
        - {name: FAILED, type: integer, jsonPath: .status.failedResources}
        - {name: AGE, type: date, jsonPath: .metadata.creationTimestamp}
---
apiVersion: v1
kind: Namespace
metadata:
  name: lynq-system
`);
  await kubectlOk('apply', '--server-side', '--validate=false', '-f', crd);
  const node = manifest('lynqnode.yaml', `
apiVersion: sfn.lynq.sh/v1
kind: LynqNode
metadata:
  name: acme-corp-database-provisioning
  namespace: lynq-system
spec:
  uid: acme-corp
`);
  await kubectlOk('apply', '--server-side', '--validate=false', '-f', node);
  await patchStatus({ group: 'sfn.lynq.sh', plural: 'lynqnodes', namespace: 'lynq-system', name: 'acme-corp-database-provisioning' },
    { readyResources: 3, desiredResources: 3, failedResources: 0 });
  const out = rows(await kubectlOk('get', 'lynqnode', '-n', 'lynq-system'));
  expect(out[0]).toEqual(['NAME', 'READY', 'DESIRED', 'FAILED', 'AGE']);
  expect(out[1]).toEqual(['acme-corp-database-provisioning', '3', '3', '0', expect.stringMatching(/^\d+s$/)]);
  expect(out).toHaveLength(2);
});

test('filter expressions in printer columns (Crossplane-style READY/SYNCED) are evaluated', async () => {
  const crd = manifest('db-crd.yaml', `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: databases.example.lynq.sh
spec:
  group: example.lynq.sh
  scope: Cluster
  names: {kind: Database, plural: databases, singular: database}
  versions:
    - name: v1
      served: true
      storage: true
      subresources: {status: {}}
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      additionalPrinterColumns:
        - {name: READY, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status'}
        - {name: SYNCED, type: string, jsonPath: '.status.conditions[?(@.type=="Synced")].status'}
        - {name: STATE, type: string, jsonPath: .status.atProvider.state}
`);
  await kubectlOk('apply', '--server-side', '--validate=false', '-f', crd);
  await kubectlOk('apply', '--server-side', '--validate=false', '-f', manifest('db.yaml', 'apiVersion: example.lynq.sh/v1\nkind: Database\nmetadata:\n  name: acme-db\nspec: {}\n'));
  await patchStatus({ group: 'example.lynq.sh', plural: 'databases', name: 'acme-db' },
    { atProvider: { state: 'creating' }, conditions: [{ type: 'Synced', status: 'True' }, { type: 'Ready', status: 'False' }] });
  const out = rows(await kubectlOk('get', 'databases'));
  expect(out).toEqual([['NAME', 'READY', 'SYNCED', 'STATE'], ['acme-db', 'False', 'True', 'creating']]);
});
