// The cluster a benchmark runs against: the emulated API server, started for the run, or the
// cluster named by LYNQ_BENCH_KUBECONFIG. Results name it by what its /version answers, so a row
// never calls an emulator behind a kubeconfig "real".
import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import { KubeRest } from '../lambdas/adapters/kube-rest';
import { startKubeEmulator, type KubeEmulator } from '../local/kube-emulator';

export interface BenchCluster {
  kubeconfigPath: string;
  kc: KubeConfig;
  /** Set when the run started its own emulated API server (records can then be seeded in-process). */
  emulator?: KubeEmulator;
  /** For result rows: `emulated`, or `LYNQ_BENCH_KUBECONFIG's (v1.28.3)`. */
  label: string;
}

export async function openBenchCluster(): Promise<BenchCluster> {
  const kubeconfigPath = process.env.LYNQ_BENCH_KUBECONFIG;
  if (!kubeconfigPath) {
    const emulator = await startKubeEmulator();
    const kc = new KubeConfig();
    kc.loadFromFile(emulator.kubeconfigPath);
    return { kubeconfigPath: emulator.kubeconfigPath, kc, emulator, label: 'emulated' };
  }
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const version = await kc.makeApiClient(VersionApi).getCode();
  return { kubeconfigPath, kc, label: `LYNQ_BENCH_KUBECONFIG's (${version.gitVersion})` };
}

/** Stops the emulator, or deletes the run's namespace from the cluster (its records go with it). */
export async function closeBenchCluster(cluster: BenchCluster, namespace: string): Promise<void> {
  if (cluster.emulator) await cluster.emulator.stop();
  else await KubeRest.for(cluster.kc).delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => undefined);
}
