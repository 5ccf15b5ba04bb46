// A KUBECONFIG-style list reaches a real API server (the emulator, or LYNQ_TEST_KUBECONFIG):
// the CLI and the functions merge it as kubectl does, the first file's current-context first.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connectCluster } from '../../cli/operate-connection';
import { kubeConfigFromEnv } from '../../lambdas/adapters/kube-connection';
import { kubeConfigFromFile } from '../../lambdas/adapters/kube-config-file';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';

let cluster: TestCluster;
let dir: string;
let list: string;

beforeAll(async () => {
  cluster = await connectTestCluster();
  dir = mkdtempSync(join(tmpdir(), 'kc-list-'));
  // A second file whose context points nowhere: it must neither win nor clash.
  const decoy = join(dir, 'decoy');
  const name = `decoy-${randomBytes(3).toString('hex')}`;
  writeFileSync(decoy, [
    'apiVersion: v1', 'kind: Config', `current-context: ${name}`,
    `clusters: [{name: ${name}, cluster: {server: "https://127.0.0.1:1"}}]`,
    `users: [{name: ${name}, user: {token: t}}]`,
    `contexts: [{name: ${name}, context: {cluster: ${name}, user: ${name}}}]`,
  ].join('\n'));
  list = [join(dir, 'missing'), cluster.kubeconfigPath, decoy].join(delimiter);
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await cluster.stop();
});

test('the CLI reaches the cluster of the first file in a --kubeconfig list', async () => {
  const kc = await connectCluster({ kubeconfig: list });
  const namespaces = await KubeRest.for(kc).list('v1', 'Namespace');
  expect(namespaces.length).toBeGreaterThan(0);
});

test('with a kubeconfig loader (the local runner, tests), a KUBECONFIG list in the given environment reaches it', async () => {
  const kc = await kubeConfigFromEnv({ KUBECONFIG: list }, { kubeconfigFile: kubeConfigFromFile });
  const namespaces = await KubeRest.for(kc).list('v1', 'Namespace');
  expect(namespaces.length).toBeGreaterThan(0);
});
