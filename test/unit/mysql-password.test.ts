import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { clearMysqlPasswordCache, resolveMysqlPassword } from '../../lambdas/adapters/mysql-password';
import { connectionSettingsFromHub, parseMysqlUrl } from '../../lambdas/adapters/mysql-connection-settings';
import type { HubConfig } from '../../lambdas/core/config/config-model';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hub-db-AbCdEf';

/** Secrets Manager cannot run here: a client that answers GetSecretValue from a script. */
function secretsClient(secretString: string | undefined | Error) {
  return {
    send: jest.fn(async (cmd: GetSecretValueCommand) => {
      expect(cmd).toBeInstanceOf(GetSecretValueCommand);
      expect(cmd.input.SecretId).toBe(ARN);
      if (secretString instanceof Error) throw secretString;
      return { SecretString: secretString };
    }),
  };
}

describe('resolveMysqlPassword', () => {
  beforeEach(() => { clearMysqlPasswordCache(); });

  it('reads a raw SecretString and caches it per cold start', async () => {
    const client = secretsClient('s3cr3t-raw');
    const env = { LYNQ_MYSQL_SECRET_ARN: ARN, LYNQ_MYSQL_PASSWORD: 'ignored' };
    await expect(resolveMysqlPassword(env, client as never)).resolves.toBe('s3cr3t-raw');
    await expect(resolveMysqlPassword(env, client as never)).resolves.toBe('s3cr3t-raw');
    expect(client.send).toHaveBeenCalledTimes(1);
  });

  it('reads the password key of a JSON secret (RDS style)', async () => {
    const client = secretsClient(JSON.stringify({ username: 'node_reader', password: 'from-json', host: 'db' }));
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, client as never)).resolves.toBe('from-json');
  });

  it('fails clearly for JSON without a password, without echoing the secret', async () => {
    const client = secretsClient(JSON.stringify({ pwd: 'leak-me' }));
    const err = await resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, client as never).catch((e) => e);
    expect(err.message).toContain(ARN);
    expect(err.message).toContain('"password"');
    expect(err.message).not.toContain('leak-me');
  });

  it('does not cache a failed read', async () => {
    const failing = secretsClient(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, failing as never)).rejects.toThrow(/AccessDeniedException/);
    const ok = secretsClient('later');
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, ok as never)).resolves.toBe('later');
  });

  it('lets the state machine retry a throttled read but not a denied one', async () => {
    const throttled = secretsClient(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, throttled as never)).rejects.toMatchObject({ name: 'Lynq.Retryable' });
    const denied = secretsClient(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, denied as never)).rejects.toMatchObject({ name: 'Lynq.Permanent' });
  });

  it('falls back to LYNQ_MYSQL_PASSWORD, then the file, then empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lynq-pw-'));
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-file\n');
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_PASSWORD: 'from-env', LYNQ_MYSQL_PASSWORD_FILE: file })).resolves.toBe('from-env');
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_PASSWORD_FILE: file })).resolves.toBe('from-file');
    await expect(resolveMysqlPassword({})).resolves.toBe('');
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_PASSWORD_FILE: join(dir, 'missing') })).rejects.toThrow(/LYNQ_MYSQL_PASSWORD_FILE .*missing.*ENOENT/);
  });
});

describe('MySQL connection settings', () => {
  const hub = {
    name: 'database-per-node', file: 'hub.yaml',
    source: { type: 'mysql', syncIntervalSeconds: 60, mysql: { host: 'mysql.db.svc', port: 3306, database: 'nodes_db', username: 'node_reader', table: 'nodes' } },
    valueMappings: { uid: 'node_id', activate: 'is_active' }, extraValueMappings: {},
  } as HubConfig;

  it('takes the hub source and the given password', () => {
    expect(connectionSettingsFromHub(hub, 'pw')).toEqual({ host: 'mysql.db.svc', port: 3306, user: 'node_reader', password: 'pw', database: 'nodes_db' });
  });

  it('applies URL, host and port overrides', () => {
    expect(connectionSettingsFromHub(hub, 'pw', { url: 'mysql://root:p%40ss@127.0.0.1:3307/other' }))
      .toEqual({ host: '127.0.0.1', port: 3307, user: 'root', password: 'p@ss', database: 'other' });
    expect(connectionSettingsFromHub(hub, 'pw', { url: 'mysql://127.0.0.1' })).toEqual({ host: '127.0.0.1', port: 3306, user: 'node_reader', password: 'pw', database: 'nodes_db' });
    expect(connectionSettingsFromHub(hub, 'pw', { host: 'localhost', port: 4000 })).toMatchObject({ host: 'localhost', port: 4000 });
  });

  it('rejects bad URLs without repeating the password', () => {
    expect(() => parseMysqlUrl('postgres://u:hunter2@h/db')).toThrow(/scheme/);
    expect(() => parseMysqlUrl('postgres://u:hunter2@h/db')).not.toThrow(/hunter2/);
    expect(() => parseMysqlUrl('mysql://u:hunter2@h:99999/db')).toThrow(/port/);
    expect(() => parseMysqlUrl('mysql://u:hunter2@h:99999/db')).not.toThrow(/hunter2/);
    expect(() => parseMysqlUrl('not a url')).toThrow(/invalid MySQL URL/);
  });
});

describe('resolveMysqlPassword with a hub passwordRef', () => {
  beforeEach(() => { clearMysqlPasswordCache(); });
  const ref = (read: () => Promise<string>, key = 'ns/mysql-credentials/password') => ({ key, read: jest.fn(read) });

  test('used only when no Secrets Manager secret and no local password is set; read once, a failed read again', async () => {
    const fromSecret = ref(async () => 'from-kubernetes');
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_SECRET_ARN: ARN }, secretsClient('from-sm') as never, fromSecret)).resolves.toBe('from-sm');
    await expect(resolveMysqlPassword({ LYNQ_MYSQL_PASSWORD: 'from-env' }, undefined, fromSecret)).resolves.toBe('from-env');
    expect(fromSecret.read).not.toHaveBeenCalled();
    await expect(resolveMysqlPassword({}, undefined, fromSecret)).resolves.toBe('from-kubernetes');
    await expect(resolveMysqlPassword({}, undefined, fromSecret)).resolves.toBe('from-kubernetes');
    expect(fromSecret.read).toHaveBeenCalledTimes(1);

    let attempts = 0;
    const flaky = ref(async () => { if (++attempts === 1) throw new Error('Secret ns/mysql-credentials: forbidden'); return 'later'; }, 'ns/other/password');
    await expect(resolveMysqlPassword({}, undefined, flaky)).rejects.toThrow('forbidden');
    await expect(resolveMysqlPassword({}, undefined, flaky)).resolves.toBe('later');
  });
});
