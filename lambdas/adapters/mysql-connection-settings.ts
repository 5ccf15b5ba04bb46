// Where the hub's MySQL is: hub.yaml's source, optionally overridden (CLI flags, local runs, tests).
import * as z from '../core/contracts/zod-api';
import type { HubConfig } from '../core/config/config-model';
import { envSettingMessage, optionalEnumSetting, optionalStringSetting, parseSettings } from '../core/config/setting-values';

export interface MysqlConnectionSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** TLS to the server: off (default), required (verified against the system CAs), or rds (the RDS CA bundle). */
  tls?: MysqlTls;
  /** PEM file of the CAs that verify the server instead (LYNQ_MYSQL_CA_FILE); the functions' RDS CA bundle is one. */
  caFile?: string;
}

export const MYSQL_TLS_MODES = ['off', 'required', 'rds'] as const;
export type MysqlTls = (typeof MYSQL_TLS_MODES)[number];

const MYSQL_TLS_ENV_SCHEMA = z.object({
  LYNQ_MYSQL_TLS: optionalEnumSetting(MYSQL_TLS_MODES),
  LYNQ_MYSQL_CA_FILE: optionalStringSetting(),
});

export type MysqlTlsSettings = Pick<MysqlConnectionSettings, 'tls' | 'caFile'> & { tls: MysqlTls };

/**
 * LYNQ_MYSQL_TLS (unset: off) and LYNQ_MYSQL_CA_FILE, read by the one settings rule, with a clear
 * error for anything else. A CA file with TLS off is refused: it would silently verify nothing.
 */
export function mysqlTlsFromEnv(env: Record<string, string | undefined>): MysqlTlsSettings {
  const settings = parseSettings(
    MYSQL_TLS_ENV_SCHEMA,
    { LYNQ_MYSQL_TLS: env.LYNQ_MYSQL_TLS, LYNQ_MYSQL_CA_FILE: env.LYNQ_MYSQL_CA_FILE },
    (problem) => new Error(envSettingMessage(problem)),
  );
  const tls = settings.LYNQ_MYSQL_TLS ?? 'off';
  const caFile = settings.LYNQ_MYSQL_CA_FILE;
  if (caFile === undefined) return { tls };
  if (tls === 'off') throw new Error(`LYNQ_MYSQL_CA_FILE=${JSON.stringify(caFile)} is set but LYNQ_MYSQL_TLS is off: set LYNQ_MYSQL_TLS=required to verify the server against it`);
  return { tls, caFile };
}

export interface ConnectionOverrides {
  host?: string;
  port?: number;
  /** mysql://user:pass@host:port/db: each part given replaces the hub's (the password only when the URL has one). */
  url?: string;
}

export function connectionSettingsFromHub(hub: HubConfig, password: string, overrides: ConnectionOverrides = {}): MysqlConnectionSettings {
  const m = hub.source.mysql;
  let settings: MysqlConnectionSettings = { host: m.host, port: m.port, user: m.username, password, database: m.database };
  if (overrides.url) {
    const fromUrl = parseMysqlUrl(overrides.url);
    settings = {
      host: fromUrl.host,
      port: fromUrl.port,
      user: fromUrl.user || settings.user,
      password: fromUrl.password || settings.password,
      database: fromUrl.database || settings.database,
    };
  }
  if (overrides.host) settings.host = overrides.host;
  if (overrides.port !== undefined) settings.port = checkPort(overrides.port, `port override ${overrides.port}`);
  return settings;
}

/** Parses mysql://user:pass@host:port/db. Errors never repeat the password. */
export function parseMysqlUrl(url: string): MysqlConnectionSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid MySQL URL ${redactUrl(url)}: expected mysql://user:password@host:port/database`);
  }
  if (parsed.protocol !== 'mysql:') {
    throw new Error(`invalid MySQL URL ${redactUrl(url)}: scheme must be mysql://`);
  }
  if (!parsed.hostname) throw new Error(`invalid MySQL URL ${redactUrl(url)}: no host`);
  const port = parsed.port ? checkPort(Number(parsed.port), `MySQL URL ${redactUrl(url)}`) : 3306;
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')),
  };
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what}: port must be an integer 1-65535`);
  return port;
}

/** user:****@host — for messages about a URL. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:****@');
}
