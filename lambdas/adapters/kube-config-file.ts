// A cluster from a kubeconfig file, through @kubernetes/client-node (exec plugins, OIDC, client
// certificates, proxies). Kept apart from kube-connection.ts: the CLI, the local runner and tests
// load kubeconfig files; the deployed functions reach EKS and so bundle no Kubernetes client.
import { KubeConfig } from '@kubernetes/client-node';

/** A kubeconfig file (path given), else the default chain ($KUBECONFIG, ~/.kube/config, in-cluster). */
export function kubeConfigFromFile(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new Error(`no current cluster in kubeconfig ${path ?? '(default)'}`);
  return kc;
}
