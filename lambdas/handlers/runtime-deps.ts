// Dependencies of the deployed functions, built once per cold start from the environment
// the CDK stack sets (LYNQ_CONFIG_DIR, LYNQ_EKS_CLUSTER, LYNQ_MYSQL_SECRET_ARN, ...).
import { EKSClient } from '@aws-sdk/client-eks';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadConfigDirectory } from '../adapters/config-directory';
import { kubeConfigFromEnv } from '../adapters/kube-connection';
import { LynqNodeStore } from '../adapters/lynqnode-store';
import { readHubRows } from '../adapters/mysql-rows';
import { clearMysqlPasswordCache } from '../adapters/mysql-password';
import { resolveHubPassword } from '../adapters/hub-password';
import { isDatasourceError } from '../adapters/mysql-datasource-error';
import { connectionSettingsFromHub, mysqlTlsFromEnv } from '../adapters/mysql-connection-settings';
import { DEFAULT_RECORD_NAMESPACE } from '../core/apply/tracking-labels';
import { transientErrorLimitsFromEnv } from '../core/readiness/provider-errors';
import type { AdapterDeps } from '../adapters/adapter-deps';
import { KubeRest } from '../adapters/kube-rest';
import type { HubConfig } from '../core/config/config-model';
import { logger, tracer } from './handler-observability';

export { logger };
// Created once per container and traced, so X-Ray shows each call to EKS and Secrets Manager.
let awsClients: { eks: EKSClient; secrets: SecretsManagerClient } | undefined;
function tracedAwsClients(env: NodeJS.ProcessEnv): { eks: EKSClient; secrets: SecretsManagerClient } {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  awsClients ??= {
    eks: tracer.captureAWSv3Client(new EKSClient({ region })),
    secrets: tracer.captureAWSv3Client(new SecretsManagerClient({ region })),
  };
  return awsClients;
}

type StaticDeps = Omit<AdapterDeps, 'kube' | 'cluster' | 'records'>;
let cached: Promise<StaticDeps> | undefined;
let kubeDeps: Pick<AdapterDeps, 'kube' | 'cluster' | 'records'> | undefined;

/**
 * The configuration, the table reader and the log live as long as the container, and so does an
 * EKS connection (kube-connection describes the cluster once and re-signs only the token). A
 * kubeconfig file is read again on every invocation.
 */
export async function runtimeDeps(env: NodeJS.ProcessEnv = process.env): Promise<AdapterDeps> {
  cached ??= buildStaticDeps(env).catch((error: unknown) => {
    cached = undefined; // a failed cold start is retried on the next invocation
    throw error;
  });
  const base = await cached;
  const kube = await kubeConfigFromEnv(env, { eks: env.LYNQ_EKS_CLUSTER ? tracedAwsClients(env).eks : undefined });
  if (kubeDeps?.kube !== kube) {
    kubeDeps = { kube, cluster: KubeRest.for(kube), records: new LynqNodeStore(kube, env.LYNQ_RECORD_NAMESPACE ?? DEFAULT_RECORD_NAMESPACE) };
  }
  return { ...base, ...kubeDeps };
}

async function buildStaticDeps(env: NodeJS.ProcessEnv): Promise<StaticDeps> {
  const config = loadConfigDirectory(env.LYNQ_CONFIG_DIR ?? 'config');
  // Only the sync and LoadNode read the table: the password is fetched on first use, not at every cold start.
  const tls = mysqlTlsFromEnv(env.LYNQ_MYSQL_TLS);
  const connection = async (hub: HubConfig) => {
    const password = await resolveHubPassword(hub, {
      env,
      secrets: env.LYNQ_MYSQL_SECRET_ARN ? tracedAwsClients(env).secrets : undefined,
      // readRows runs after runtimeDeps has connected to the cluster for this invocation.
      kube: () => kubeDeps!.kube,
      recordNamespace: env.LYNQ_RECORD_NAMESPACE ?? DEFAULT_RECORD_NAMESPACE,
    });
    return { ...connectionSettingsFromHub(hub, password, { host: env.LYNQ_MYSQL_HOST, url: env.LYNQ_MYSQL_URL }), tls };
  };
  return {
    config,
    readRows: async (hub, filter) => readHubRows(hub, await connection(hub), { uid: filter?.uid }).catch((error: unknown) => {
      // A rotated password: read the secret again next time instead of failing until the container recycles.
      if (isDatasourceError(error) && error.kind === 'auth') clearMysqlPasswordCache();
      throw error;
    }),
    clock: { now: () => new Date() },
    transientErrors: transientErrorLimitsFromEnv(env),
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      warn: (message, fields) => logger.warn(message, fields ?? {}),
      error: (message, fields) => logger.error(message, fields ?? {}),
    },
  };
}
