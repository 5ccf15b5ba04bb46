import { mysqlTlsFromEnv } from '../../lambdas/adapters/mysql-connection-settings';
import { mysqlClientOptions } from '../../lambdas/adapters/mysql-rows';
import { readStackSettings } from '../../lib/stack-settings';

const conn = { host: 'db', port: 3306, user: 'node_reader', password: 'pw', database: 'nodes_db' };

const network = { vpcId: 'vpc-1', subnetIds: 'subnet-1' };

// Unset at runtime means off (local runs against a loopback MariaDB); the deployed stack always
// sets it, from the host when not configured (test/unit/cdk-settings.test.ts).
test('TLS to MySQL: off when unset at runtime, verified against system CAs, or the RDS CA bundle', () => {
  expect(mysqlClientOptions(conn, 1000).ssl).toBeUndefined();
  expect(mysqlClientOptions({ ...conn, tls: 'required' }, 1000).ssl).toEqual({ rejectUnauthorized: true });
  expect(mysqlClientOptions({ ...conn, tls: 'rds' }, 1000).ssl).toBe('Amazon RDS');
  expect(mysqlTlsFromEnv(undefined)).toBe('off');
  expect(mysqlTlsFromEnv(' RDS ')).toBe('rds');
  expect(() => mysqlTlsFromEnv('yes')).toThrow('LYNQ_MYSQL_TLS="yes" is invalid: expected off, required or rds');
  expect(readStackSettings((key) => ({ ...network, mysqlTls: 'rds' } as Record<string, unknown>)[key], '/p').mysqlTls).toBe('rds');
  expect(readStackSettings((key) => ({ ...network } as Record<string, unknown>)[key], '/p').mysqlTls).toBeUndefined();
  expect(() => readStackSettings((key) => ({ ...network, mysqlTls: 'on' } as Record<string, unknown>)[key], '/p')).toThrow(/mysqlTls/);
});

test('DATETIME values are read as UTC, so a row hashes the same in Lambda and on a laptop in another time zone', () => {
  expect(mysqlClientOptions(conn, 1000)).toMatchObject({ timezone: 'Z', connectTimeout: 1000, supportBigNumbers: true });
});
