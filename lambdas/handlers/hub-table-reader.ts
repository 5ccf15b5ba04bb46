// The hub table, as the functions that read it (the sync and LoadNode) see it. Kept out of
// runtime-deps so only their bundles carry mysql2 and the Secrets Manager client.
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readHubRows } from '../adapters/mysql-rows';
import { clearMysqlPasswordCache, resolveMysqlPassword } from '../adapters/mysql-password';
import { isDatasourceError } from '../adapters/mysql-datasource-error';
import { connectionSettingsFromHub, mysqlTlsFromEnv } from '../adapters/mysql-connection-settings';
import type { ProjectConfig } from '../core/config/config-model';
import type { WorkflowDeps } from '../workflow/workflow-deps';
import { tracer } from './handler-observability';

// Created once per container and traced, so X-Ray shows each call to Secrets Manager.
let secrets: SecretsManagerClient | undefined;
function tracedSecretsClient(env: NodeJS.ProcessEnv): SecretsManagerClient {
  secrets ??= tracer.captureAWSv3Client(new SecretsManagerClient({ region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION }));
  return secrets;
}

/** Reads the hub's rows; the password is fetched on first use, not at every cold start. */
export function hubTableReader(config: ProjectConfig, env: NodeJS.ProcessEnv): WorkflowDeps['readRows'] {
  const tls = mysqlTlsFromEnv(env.LYNQ_MYSQL_TLS);
  const connection = async () => ({
    ...connectionSettingsFromHub(config.hub, await resolveMysqlPassword(env, env.LYNQ_MYSQL_SECRET_ARN ? tracedSecretsClient(env) : undefined), { host: env.LYNQ_MYSQL_HOST, url: env.LYNQ_MYSQL_URL }),
    tls,
  });
  return async (filter) => readHubRows(config.hub, await connection(), { uid: filter?.uid }).catch((error: unknown) => {
    // A rotated password: read the secret again next time instead of failing until the container recycles.
    if (isDatasourceError(error) && error.kind === 'auth') clearMysqlPasswordCache();
    throw error;
  });
}
