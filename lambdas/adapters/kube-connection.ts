// How the runtime reaches a cluster (DESIGN §7): a kubeconfig file, or EKS (DescribeCluster for
// endpoint and CA, plus a locally presigned bearer token).
// For EKS, DescribeCluster runs once per container: endpoint and CA do not change. Only the token
// expires (15 min), so it alone is re-signed, before that or at once after a 401. One keep-alive
// agent carries every request, instead of a new agent (and TLS handshake) per request.
import * as https from 'node:https';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { awsCallError } from './aws-call-error';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';
import { presignEksToken } from './eks-token';

/** Re-sign the token this long after signing it (EKS accepts it for 15 minutes). */
export const EKS_TOKEN_REFRESH_MS = 10 * 60 * 1000;

export interface EksConnectionOptions {
  clusterName: string;
  region: string;
  eks?: EKSClient;
  credentials?: AwsCredentialIdentityProvider;
  /** Clock for the token's age and signature; defaults to the system clock. */
  now?: () => Date;
}

/**
 * A KubeConfig whose bearer token is presigned on demand. The token and agent are set on each
 * request, so a long-lived KubeConfig (and the clients and caches keyed on it) stays valid.
 */
export class EksKubeConfig extends KubeConfig {
  private token?: { value: string; signedAt: number };
  private signing?: Promise<string>;
  private readonly agent: https.Agent;

  constructor(
    private readonly opts: EksConnectionOptions & { server: string; caData: string },
  ) {
    super();
    this.loadFromOptions({
      clusters: [{ name: opts.clusterName, server: opts.server, caData: opts.caData, skipTLSVerify: false }],
      users: [{ name: 'lynq-sfn' }],
      contexts: [{ name: opts.clusterName, cluster: opts.clusterName, user: 'lynq-sfn' }],
      currentContext: opts.clusterName,
    });
    this.agent = new https.Agent({ ca: Buffer.from(opts.caData, 'base64'), keepAlive: true });
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    context.setHeaderParam('Authorization', `Bearer ${await this.currentToken()}`);
    context.setAgent(this.agent);
  }

  /** The bearer token, presigned again when it is older than EKS_TOKEN_REFRESH_MS or was rejected. */
  async currentToken(): Promise<string> {
    const now = (this.opts.now ?? (() => new Date()))();
    if (this.token && now.getTime() - this.token.signedAt < EKS_TOKEN_REFRESH_MS) return this.token.value;
    // Concurrent requests share one signature.
    this.signing ??= presignEksToken({
      clusterName: this.opts.clusterName,
      region: this.opts.region,
      credentials: this.opts.credentials ?? defaultProvider(),
      now,
    })
      .then((value) => {
        this.token = { value, signedAt: now.getTime() };
        return value;
      })
      .finally(() => {
        this.signing = undefined;
      });
    return this.signing;
  }

  /** After a 401: the next request presigns a fresh token. */
  invalidateToken(): void {
    this.token = undefined;
  }
}

const eksCache = new Map<string, Promise<EksKubeConfig>>();

/** A kubeconfig file (path given), else the default chain ($KUBECONFIG, ~/.kube/config, in-cluster). */
export function kubeConfigFromFile(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  if (!kc.getCurrentCluster()) throw new Error(`no current cluster in kubeconfig ${path ?? '(default)'}`);
  return kc;
}

/** The EKS connection for a cluster, described once per container. */
export function kubeConfigForEks(opts: EksConnectionOptions): Promise<EksKubeConfig> {
  const key = `${opts.region}/${opts.clusterName}`;
  let cached = eksCache.get(key);
  if (!cached) {
    cached = describeCluster(opts).catch((error: unknown) => {
      eksCache.delete(key); // a failed describe is tried again on the next call
      throw error;
    });
    eksCache.set(key, cached);
  }
  return cached;
}

async function describeCluster(opts: EksConnectionOptions): Promise<EksKubeConfig> {
  const eks = opts.eks ?? new EKSClient({ region: opts.region });
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: opts.clusterName })).catch((err: unknown) => {
    throw awsCallError(`cannot describe EKS cluster ${opts.clusterName} in ${opts.region}`, err);
  });
  const server = cluster?.endpoint;
  const caData = cluster?.certificateAuthority?.data;
  if (!server || !caData) {
    throw new Error(`EKS cluster ${opts.clusterName} in ${opts.region} has no endpoint or certificate authority yet (status ${cluster?.status ?? 'unknown'})`);
  }
  return new EksKubeConfig({ ...opts, server, caData });
}

/** The API server rejected the credentials (401): an EKS connection presigns a new token next time. */
export function invalidateKubeCredentials(kc: KubeConfig): void {
  if (kc instanceof EksKubeConfig) kc.invalidateToken();
}

/** Forget cached EKS connections (in tests). */
export function clearEksConfigCache(): void {
  eksCache.clear();
}

/** LYNQ_EKS_CLUSTER + AWS_REGION -> EKS; else LYNQ_KUBECONFIG, KUBECONFIG, or the default kubeconfig. */
export async function kubeConfigFromEnv(env: NodeJS.ProcessEnv = process.env, clients: { eks?: EKSClient } = {}): Promise<KubeConfig> {
  const clusterName = env.LYNQ_EKS_CLUSTER;
  if (clusterName) {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('LYNQ_EKS_CLUSTER is set but AWS_REGION is not');
    return kubeConfigForEks({ clusterName, region, eks: clients.eks });
  }
  const path = env.LYNQ_KUBECONFIG || env.KUBECONFIG;
  // KUBECONFIG may be a list of files; KubeConfig.loadFromDefault merges them.
  if (path && !path.includes(':')) return kubeConfigFromFile(path);
  return kubeConfigFromFile();
}
