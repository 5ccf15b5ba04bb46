// One MySQL connection resolution: the same sources in the same order for the deployed
// functions, the CLI and the local runner (resolveMysqlConnection), and one identifier quoting.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { resolveMysqlConnection } from '../../lambdas/adapters/mysql-connection-resolution';
import { clearMysqlPasswordCache } from '../../lambdas/adapters/mysql-password';
import { quoteIdentifier, quoteTableName } from '../../lambdas/adapters/sql-identifier';
import type { HubConfig } from '../../lambdas/core/config/config-model';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-db-AbCdEf';
const hub: HubConfig = {
  name: 'h', file: 'hub.yaml',
  source: { type: 'mysql', syncIntervalSeconds: 60, mysql: { host: 'hub-host', port: 3306, database: 'hub_db', username: 'hub_user', table: 'nodes' } },
  valueMappings: { uid: 'id', activate: 'on' }, extraValueMappings: {},
};

/** Secrets Manager cannot run here: a client that answers GetSecretValue and counts its calls. */
function secretsClient(secret: string) {
  return { send: jest.fn(async (cmd: GetSecretValueCommand) => ({ SecretString: cmd.input.SecretId === ARN ? secret : undefined })) };
}

const dir = mkdtempSync(join(tmpdir(), 'mysql-pw-'));
const passwordFile = join(dir, 'password');
writeFileSync(passwordFile, 'from-file\n');
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  clearMysqlPasswordCache();
});

describe('password: the URL, else LYNQ_MYSQL_SECRET_ARN, else LYNQ_MYSQL_PASSWORD, else LYNQ_MYSQL_PASSWORD_FILE', () => {
  const all = { LYNQ_MYSQL_SECRET_ARN: ARN, LYNQ_MYSQL_PASSWORD: 'from-env', LYNQ_MYSQL_PASSWORD_FILE: passwordFile };

  it('a URL with a password wins, and the secret is not even read', async () => {
    const secrets = secretsClient('from-secret');
    const settings = await resolveMysqlConnection(hub, { url: 'mysql://u:from-url@db:3307/d', env: all, secrets });
    expect(settings.password).toBe('from-url');
    expect(secrets.send).not.toHaveBeenCalled();
  });

  it.each([
    [all, 'from-secret'],
    [{ LYNQ_MYSQL_PASSWORD: 'from-env', LYNQ_MYSQL_PASSWORD_FILE: passwordFile }, 'from-env'],
    [{ LYNQ_MYSQL_PASSWORD_FILE: passwordFile }, 'from-file'],
    [{}, ''],
  ])('%j -> %j (with or without a password-less URL)', async (env, password) => {
    expect((await resolveMysqlConnection(hub, { env, secrets: secretsClient('from-secret') })).password).toBe(password);
    clearMysqlPasswordCache();
    expect((await resolveMysqlConnection(hub, { url: 'mysql://u@db/d', env, secrets: secretsClient('from-secret') })).password).toBe(password);
  });
});

describe('server: --mysql-url, else LYNQ_MYSQL_URL, else the hub with LYNQ_MYSQL_HOST', () => {
  it('the hub, with LYNQ_MYSQL_HOST replacing its host', async () => {
    expect(await resolveMysqlConnection(hub, { env: {} })).toEqual({ host: 'hub-host', port: 3306, user: 'hub_user', password: '', database: 'hub_db', tls: 'off' });
    expect((await resolveMysqlConnection(hub, { env: { LYNQ_MYSQL_HOST: 'rds.example' } })).host).toBe('rds.example');
  });

  it('a URL (flag before LYNQ_MYSQL_URL) wins over LYNQ_MYSQL_HOST, part by part over the hub', async () => {
    const env = { LYNQ_MYSQL_HOST: 'rds.example', LYNQ_MYSQL_URL: 'mysql://env-user@env-host:3310/env_db' };
    expect(await resolveMysqlConnection(hub, { env })).toMatchObject({ host: 'env-host', port: 3310, user: 'env-user', database: 'env_db' });
    expect(await resolveMysqlConnection(hub, { env, url: 'mysql://flag-host' })).toMatchObject({ host: 'flag-host', port: 3306, user: 'hub_user', database: 'hub_db' });
  });

  it('TLS from LYNQ_MYSQL_TLS, for the CLI as for the functions', async () => {
    expect((await resolveMysqlConnection(hub, { env: { LYNQ_MYSQL_TLS: 'RDS' } })).tls).toBe('rds');
    expect(await resolveMysqlConnection(hub, { env: { LYNQ_MYSQL_TLS: 'required', LYNQ_MYSQL_CA_FILE: '/etc/private-ca.pem' } })).toMatchObject({ tls: 'required', caFile: '/etc/private-ca.pem' });
    await expect(resolveMysqlConnection(hub, { env: { LYNQ_MYSQL_TLS: 'yes' } })).rejects.toThrow('LYNQ_MYSQL_TLS="yes" is invalid');
  });
});

describe('SQL identifiers', () => {
  it.each([
    ['nodes', '`nodes`'],
    ['plan type', '`plan type`'],
    ['a`b', '`a``b`'],
    ['x`; DROP TABLE nodes; --', '`x``; DROP TABLE nodes; --`'],
  ])('%j -> %s', (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });

  it('quotes each part of db.table, and refuses what cannot be an identifier', () => {
    expect(quoteTableName('nodes_db.active_nodes')).toBe('`nodes_db`.`active_nodes`');
    expect(() => quoteIdentifier('')).toThrow('empty SQL identifier');
    expect(() => quoteIdentifier('a\0b')).toThrow('NUL');
  });
});
