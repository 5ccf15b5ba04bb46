// A cluster from kubeconfig files, through @kubernetes/client-node (exec plugins, OIDC, client
// certificates, proxies). Kept apart from kube-connection.ts: the CLI, the local runner and tests
// load kubeconfig files; the deployed functions reach EKS and so bundle no Kubernetes client.
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { kubeconfigLocation, loadKubeconfigFiles } from './kubeconfig-files';

/**
 * A kubeconfig path or list (given), else $KUBECONFIG (a list too), else ~/.kube/config, else (in a
 * pod, with none of them) the service account: see kubeconfig-files.ts for how lists merge.
 */
export function kubeConfigFromFile(path?: string, env: Record<string, string | undefined> = process.env): KubeConfig {
  const location = kubeconfigLocation(path, env);
  let kc: KubeConfig;
  if (!path && !env.KUBECONFIG && !existsSync(location)) {
    kc = new KubeConfig();
    kc.loadFromCluster();
  } else {
    kc = loadKubeconfigFiles(location);
  }
  if (!kc.getCurrentCluster()) throw new Error(`no current cluster in kubeconfig ${location}`);
  return kc;
}
