// The cluster a test talks to: the emulated API server by default, or the real cluster named by
// LYNQ_TEST_KUBECONFIG (then tests must use unique namespaces and names, see uniqueName()).
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfigFiles } from '../../lambdas/adapters/kubeconfig-files';
import { type KubeEmulator, startKubeEmulator } from '../../local/kube-emulator';

export interface TestCluster {
  kubeconfigPath: string;
  kubeConfig: KubeConfig;
  /** Present only when running on the emulator (fault injection, request log). */
  emulator?: KubeEmulator;
  isReal: boolean;
  /** A DNS-label name unique to this run: `<prefix>-<random>`. */
  uniqueName(prefix: string): string;
  /** Deletes the namespaces this run created whose names start with `prefix` (all of this run's by default). */
  cleanupNamespaces(prefix?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function connectTestCluster(): Promise<TestCluster> {
  const realPath = process.env.LYNQ_TEST_KUBECONFIG;
  const emulator = realPath ? undefined : await startKubeEmulator();
  const kubeconfigPath = realPath ?? emulator!.kubeconfigPath;
  // LYNQ_TEST_KUBECONFIG may be a list, as KUBECONFIG may.
  const kubeConfig = loadKubeconfigFiles(kubeconfigPath);
  const runId = randomBytes(3).toString('hex');
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    kubeconfigPath,
    kubeConfig,
    emulator,
    isReal: emulator === undefined,
    uniqueName: (prefix) => `${prefix}-${runId}-${randomBytes(2).toString('hex')}`.slice(0, 63).replace(/-+$/, ''),
    async cleanupNamespaces(prefix = '') {
      const list = await core.listNamespace();
      const doomed = list.items.map((ns) => ns.metadata?.name ?? '').filter((name) => name.startsWith(prefix) && (prefix !== '' || name.includes(`-${runId}-`)));
      await Promise.all(doomed.map((name) => core.deleteNamespace({ name }).catch(() => undefined)));
    },
    async stop() {
      await emulator?.stop();
    },
  };
}
