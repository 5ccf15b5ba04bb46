// The hub tables, as the functions that read them (the sync and LoadNode) see them. Kept out of
// runtime-deps so only their bundles carry mysql2 and the Secrets Manager client.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readHubRows } from '../adapters/mysql-rows';
import { clearMysqlPasswordCache } from '../adapters/mysql-password';
import { passwordRefSourceOf } from '../adapters/hub-password';
import { isDatasourceError } from '../adapters/mysql-datasource-error';
import { mysqlTlsFromEnv } from '../adapters/mysql-connection-settings';
import { resolveMysqlConnection } from '../adapters/mysql-connection-resolution';
import type { KubeConnection } from '../adapters/kube-connection';
import type { HubConfig } from '../core/config/config-model';
import { DEFAULT_RECORD_NAMESPACE } from '../core/apply/tracking-labels';
import type { WorkflowDeps } from '../workflow/workflow-deps';
import { tracer } from './handler-observability';

// Created once per container and traced, so X-Ray shows each call to Secrets Manager.
let secrets: SecretsManagerClient | undefined;
function tracedSecretsClient(env: NodeJS.ProcessEnv): SecretsManagerClient {
  secrets ??= tracer.captureAWSv3Client(new SecretsManagerClient({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION }));
  return secrets;
}

/**
 * Reads a hub's rows; the password is fetched on first use, not at every cold start. `kube` is the
 * invocation's cluster connection, for a hub whose password is a passwordRef Secret.
 */
export function hubTableReader(env: NodeJS.ProcessEnv, kube: () => KubeConnection): WorkflowDeps['readRows'] {
  mysqlTlsFromEnv(env); // a bad value fails the cold start, not the first read
  const recordNamespace = env.LYNQ_RECORD_NAMESPACE ?? DEFAULT_RECORD_NAMESPACE;
  const connection = (hub: HubConfig) => resolveMysqlConnection(hub, {
    env,
    secrets: env.LYNQ_MYSQL_SECRET_ARN ? tracedSecretsClient(env) : undefined,
    passwordRef: passwordRefSourceOf(hub, { kube, recordNamespace }),
  });
  return async (hub, filter) => readHubRows(hub, await connection(hub), { uid: filter?.uid }).catch((error: unknown) => {
    // A rotated password: read the secret again next time instead of failing until the container recycles.
    if (isDatasourceError(error) && error.kind === 'auth') clearMysqlPasswordCache();
    throw error;
  });
}
