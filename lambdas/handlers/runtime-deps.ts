// Dependencies of the deployed functions, built once per cold start from the environment
// the CDK stack sets (LYNQ_CONFIG_FILE, LYNQ_EKS_CLUSTER, LYNQ_MYSQL_SECRET_ARN, ...).
// The hub table reader is passed in by the functions that read it (sync, LoadNode): see hub-table-reader.
import { EKSClient } from '@aws-sdk/client-eks';
import { loadCompiledConfig } from '../adapters/compiled-config-file';
import { type KubeConnection, type KubeconfigFileLoader, kubeConfigFromEnv } from '../adapters/kube-connection';
import { LynqNodeStore } from '../adapters/lynqnode-store';
import { KubeRest } from '../adapters/kube-rest';
import type { AdapterDeps } from '../adapters/adapter-deps';
import { DEFAULT_RECORD_NAMESPACE } from '../core/apply/tracking-labels';
import { isUnsetSetting } from '../core/config/setting-values';
import { transientErrorLimitsFromEnv } from '../core/readiness/provider-errors';
import type { WorkflowDeps } from '../workflow/workflow-deps';
import { logger, tracer } from './handler-observability';

export { logger };
// Created once per container and traced, so X-Ray shows each call to EKS.
let eks: EKSClient | undefined;
function tracedEksClient(env: NodeJS.ProcessEnv): EKSClient {
  eks ??= tracer.captureAWSv3Client(new EKSClient({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION }));
  return eks;
}

/** Builds `readRows` for a function that reads the hub tables; `kube` is the invocation's connection. */
export type HubTableReaderFactory = (env: NodeJS.ProcessEnv, kube: () => KubeConnection) => WorkflowDeps['readRows'];

/**
 * What only some callers bring, so that the rest do not bundle it: the hub table reader (the sync
 * and LoadNode), a kubeconfig file loader (tests; deployed functions reach EKS).
 */
export interface RuntimeParts {
  readsHubTable?: HubTableReaderFactory;
  kubeconfigFile?: KubeconfigFileLoader;
}

let kubeconfigFiles: KubeconfigFileLoader | undefined;
/** Lets tests run the handlers themselves against a kubeconfig file; deployed functions reach EKS only. */
export function allowKubeconfigFiles(loader: KubeconfigFileLoader): void {
  kubeconfigFiles = loader;
}

type StaticDeps = Omit<AdapterDeps, 'kube' | 'cluster' | 'records'>;
let cached: Promise<StaticDeps> | undefined;
let kubeDeps: Pick<AdapterDeps, 'kube' | 'cluster' | 'records'> | undefined;

/**
 * The configuration, the table reader and the log live as long as the container, and so does an
 * EKS connection (kube-connection describes the cluster once and re-signs only the token). A
 * kubeconfig file is read again on every invocation.
 */
export async function runtimeDeps(env: NodeJS.ProcessEnv = process.env, parts: RuntimeParts = {}): Promise<AdapterDeps> {
  // A throw while building becomes a rejection, so a failed cold start is retried.
  cached ??= Promise.resolve().then(() => staticDeps(env, parts.readsHubTable)).catch((error: unknown) => {
    cached = undefined; // a failed cold start is retried on the next invocation
    throw error;
  });
  const base = await cached;
  const kube = await kubeConfigFromEnv(env, { eks: env.LYNQ_EKS_CLUSTER ? tracedEksClient(env) : undefined, kubeconfigFile: parts.kubeconfigFile ?? kubeconfigFiles });
  if (kubeDeps?.kube !== kube) {
    kubeDeps = { kube, cluster: KubeRest.for(kube), records: new LynqNodeStore(kube, env.LYNQ_RECORD_NAMESPACE ?? DEFAULT_RECORD_NAMESPACE) };
  }
  return { ...base, ...kubeDeps };
}

function staticDeps(env: NodeJS.ProcessEnv, readsHubTable: HubTableReaderFactory | undefined): StaticDeps {
  // The config compiled at synth: the functions never parse YAML (nor bundle a parser).
  const configFile = env.LYNQ_CONFIG_FILE;
  if (configFile === undefined || isUnsetSetting(configFile)) {
    throw new Error('LYNQ_CONFIG_FILE is not set: it names the configuration compiled at synth (writeCompiledConfig), which the stack bundles with every function');
  }
  const config = loadCompiledConfig(configFile);
  return {
    config,
    // readRows runs after runtimeDeps has connected to the cluster for this invocation.
    readRows: readsHubTable ? readsHubTable(env, currentKube) : doesNotReadHubTable,
    clock: { now: () => new Date() },
    transientErrors: transientErrorLimitsFromEnv(env),
    log: {
      info: (message, fields) => { logger.info(message, fields ?? {}); },
      warn: (message, fields) => { logger.warn(message, fields ?? {}); },
      error: (message, fields) => { logger.error(message, fields ?? {}); },
    },
  };
}

function currentKube(): KubeConnection {
  if (!kubeDeps) throw new Error('no cluster connection yet: runtimeDeps connects before the hub table is read');
  return kubeDeps.kube;
}

function doesNotReadHubTable(): Promise<never> {
  return Promise.reject(new Error('this function does not read the hub table: only the sync and LoadNode do (runtimeDeps was called without a hub table reader)'));
}
