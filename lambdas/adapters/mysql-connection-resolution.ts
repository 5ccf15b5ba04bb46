// Where the hub's MySQL is and which password opens it: the one order every entry point uses
// (the deployed functions, the CLI's run/plan/reprovision, the local runner), so the same
// environment reaches the same database everywhere (README, "Hub").
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { HubConfig } from '../core/config/config-model';
import { connectionSettingsFromHub, mysqlTlsFromEnv, parseMysqlUrl, type MysqlConnectionSettings } from './mysql-connection-settings';
import { resolveMysqlPassword, type PasswordRefSource } from './mysql-password';

type Env = Record<string, string | undefined>;

export interface MysqlConnectionSources {
  /** `--mysql-url`; without it, LYNQ_MYSQL_URL. */
  url?: string;
  env?: Env;
  /** Secrets Manager client for LYNQ_MYSQL_SECRET_ARN (traced in Lambda); a default one otherwise. */
  secrets?: Pick<SecretsManagerClient, 'send'>;
  /** The hub's passwordRef Secret, when the caller can reach the cluster (hub-password). */
  passwordRef?: PasswordRefSource;
}

/**
 * - server, user, database: the URL's (`--mysql-url`, else LYNQ_MYSQL_URL), each part it gives;
 *   without a URL, LYNQ_MYSQL_HOST for the host; the rest the hub's.
 * - password: the URL's, else LYNQ_MYSQL_SECRET_ARN, else LYNQ_MYSQL_PASSWORD, else
 *   LYNQ_MYSQL_PASSWORD_FILE, else the hub's passwordRef Secret, else none. A secret is only read when the URL has no password.
 * - TLS: LYNQ_MYSQL_TLS, verified against LYNQ_MYSQL_CA_FILE when it is set.
 */
export async function resolveMysqlConnection(hub: HubConfig, sources: MysqlConnectionSources = {}): Promise<MysqlConnectionSettings> {
  const env = sources.env ?? process.env;
  const url = sources.url || env.LYNQ_MYSQL_URL || undefined;
  const tls = mysqlTlsFromEnv(env);
  const urlPassword = url === undefined ? '' : parseMysqlUrl(url).password;
  const password = urlPassword || await resolveMysqlPassword(env, sources.secrets, sources.passwordRef);
  const settings = connectionSettingsFromHub(hub, password, url !== undefined ? { url } : { host: env.LYNQ_MYSQL_HOST || undefined });
  return { ...settings, ...tls };
}
