// How the runtime reaches a cluster (DESIGN §7): a kubeconfig file, or EKS (DescribeCluster for
// endpoint and CA, plus a locally presigned bearer token). EKS configs are cached per cluster and
// rebuilt before the token (valid 15 min) runs out.
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { awsCallError } from '../core/workflow-errors';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { KubeConfig } from '@kubernetes/client-node';
import { presignEksToken } from './eks-token';

/** Rebuild the EKS config (and token) this long after creating it. */
export const EKS_CONFIG_REFRESH_MS = 10 * 60 * 1000;

export interface EksConnectionOptions {
  clusterName: string;
  region: string;
  eks?: EKSClient;
  credentials?: AwsCredentialIdentityProvider;
  /** Clock for the cache and the token signature; defaults to the system clock. */
  now?: () => Date;
}

interface CachedConfig {
  kc: KubeConfig;
  createdAt: number;
}
const eksCache = new Map<string, CachedConfig>();

/** A kubeconfig file (path given), else the default chain ($KUBECONFIG, ~/.kube/config, in-cluster). */
export function kubeConfigFromFile(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new Error(`no current cluster in kubeconfig ${path ?? '(default)'}`);
  return kc;
}

export async function kubeConfigForEks(opts: EksConnectionOptions): Promise<KubeConfig> {
  const now = opts.now ?? (() => new Date());
  const key = `${opts.region}/${opts.clusterName}`;
  const cached = eksCache.get(key);
  if (cached && now().getTime() - cached.createdAt < EKS_CONFIG_REFRESH_MS) return cached.kc;

  const eks = opts.eks ?? new EKSClient({ region: opts.region });
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: opts.clusterName })).catch((err: unknown) => {
    throw awsCallError(`cannot describe EKS cluster ${opts.clusterName} in ${opts.region}`, err);
  });
  const server = cluster?.endpoint;
  const caData = cluster?.certificateAuthority?.data;
  if (!server || !caData) {
    throw new Error(`EKS cluster ${opts.clusterName} in ${opts.region} has no endpoint or certificate authority yet (status ${cluster?.status ?? 'unknown'})`);
  }
  const signedAt = now();
  const token = await presignEksToken({
    clusterName: opts.clusterName,
    region: opts.region,
    credentials: opts.credentials ?? defaultProvider(),
    now: signedAt,
  });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: opts.clusterName, server, caData, skipTLSVerify: false }],
    users: [{ name: 'lynq-sfn', token }],
    contexts: [{ name: opts.clusterName, cluster: opts.clusterName, user: 'lynq-sfn' }],
    currentContext: opts.clusterName,
  });
  eksCache.set(key, { kc, createdAt: signedAt.getTime() });
  return kc;
}

/** Forget cached EKS configs (after a 401, or in tests). */
export function clearEksConfigCache(): void {
  eksCache.clear();
}

/** LYNQ_EKS_CLUSTER + AWS_REGION -> EKS; else LYNQ_KUBECONFIG, KUBECONFIG, or the default kubeconfig. */
export async function kubeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<KubeConfig> {
  const clusterName = env.LYNQ_EKS_CLUSTER;
  if (clusterName) {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('LYNQ_EKS_CLUSTER is set but AWS_REGION is not');
    return kubeConfigForEks({ clusterName, region });
  }
  const path = env.LYNQ_KUBECONFIG || env.KUBECONFIG;
  // KUBECONFIG may be a list of files; KubeConfig.loadFromDefault merges them.
  if (path && !path.includes(':')) return kubeConfigFromFile(path);
  return kubeConfigFromFile();
}
