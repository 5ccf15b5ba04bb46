// How the runtime reaches a cluster (DESIGN §7): EKS (DescribeCluster for endpoint and CA, plus a
// locally presigned bearer token), or a kubeconfig file (kube-config-file.ts, through
// @kubernetes/client-node; only the CLI, the local runner and tests load it, so the deployed
// functions bundle no Kubernetes client).
// For EKS, DescribeCluster runs once per container: endpoint and CA do not change. Only the token
// expires (15 min), so it alone is re-signed, before that or at once after a 401. One keep-alive
// agent carries every request, instead of a new agent (and TLS handshake) per request.
import type * as http from 'node:http';
import * as https from 'node:https';
import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { awsCallError } from './aws-call-error';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { presignEksToken } from './eks-token';

/** Where an authenticated request puts its credentials (a subset of @kubernetes/client-node's RequestContext). */
export interface KubeAuthContext {
  setHeaderParam(name: string, value: string): void;
  setAgent(agent: http.Agent): void;
}

/**
 * A cluster to send requests to: its API server and how requests authenticate. An EksConnection
 * is one; so is @kubernetes/client-node's KubeConfig (kube-config-file.ts), structurally.
 */
export interface KubeConnection {
  getCurrentCluster(): { readonly server: string } | null;
  applySecurityAuthentication(context: KubeAuthContext): Promise<void>;
}

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
 * An EKS cluster whose bearer token is presigned on demand. The token and agent are set on each
 * request, so a long-lived connection (and the clients and caches keyed on it) stays valid.
 */
export class EksConnection implements KubeConnection {
  private token?: { value: string; signedAt: number };
  private signing?: Promise<string>;
  private readonly agent: https.Agent;
  private readonly cluster: { name: string; server: string; caData: string };

  constructor(
    private readonly opts: EksConnectionOptions & { server: string; caData: string },
  ) {
    this.cluster = { name: opts.clusterName, server: opts.server, caData: opts.caData };
    this.agent = new https.Agent({ ca: Buffer.from(opts.caData, 'base64'), keepAlive: true });
  }

  getCurrentCluster(): { name: string; server: string; caData: string } {
    return this.cluster;
  }

  async applySecurityAuthentication(context: KubeAuthContext): Promise<void> {
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

const eksCache = new Map<string, Promise<EksConnection>>();

/** The EKS connection for a cluster, described once per container. */
export function kubeConfigForEks(opts: EksConnectionOptions): Promise<EksConnection> {
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

async function describeCluster(opts: EksConnectionOptions): Promise<EksConnection> {
  const eks = opts.eks ?? new EKSClient({ region: opts.region });
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: opts.clusterName })).catch((err: unknown) => {
    throw awsCallError(`cannot describe EKS cluster ${opts.clusterName} in ${opts.region}`, err);
  });
  const server = cluster?.endpoint;
  const caData = cluster?.certificateAuthority?.data;
  if (!server || !caData) {
    throw new Error(`EKS cluster ${opts.clusterName} in ${opts.region} has no endpoint or certificate authority yet (status ${cluster?.status ?? 'unknown'})`);
  }
  return new EksConnection({ ...opts, server, caData });
}

/** The API server rejected the credentials (401): an EKS connection presigns a new token next time. */
export function invalidateKubeCredentials(kc: KubeConnection): void {
  if (kc instanceof EksConnection) kc.invalidateToken();
}

/** Forget cached EKS connections (in tests). */
export function clearEksConfigCache(): void {
  eksCache.clear();
}

/** Loads a kubeconfig path or list, or the default chain without one (kube-config-file's kubeConfigFromFile). */
export type KubeconfigFileLoader = (path?: string, env?: Record<string, string | undefined>) => KubeConnection;

/**
 * LYNQ_EKS_CLUSTER + AWS_REGION -> EKS; else LYNQ_KUBECONFIG, KUBECONFIG, or the default kubeconfig,
 * when a kubeconfig loader is given (the deployed functions give none: the stack always sets the cluster).
 */
export async function kubeConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  clients: { eks?: EKSClient; kubeconfigFile?: KubeconfigFileLoader } = {},
): Promise<KubeConnection> {
  const clusterName = env.LYNQ_EKS_CLUSTER;
  if (clusterName) {
    const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new Error('LYNQ_EKS_CLUSTER is set but AWS_REGION is not');
    return kubeConfigForEks({ clusterName, region, eks: clients.eks });
  }
  if (!clients.kubeconfigFile) {
    throw new Error('LYNQ_EKS_CLUSTER is not set: the deployed functions reach the cluster through EKS only (the stack sets it; kubeconfig files are for the CLI and the local runner)');
  }
  return clients.kubeconfigFile(env.LYNQ_KUBECONFIG || undefined, env);
}
