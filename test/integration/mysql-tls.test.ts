// TLS to a real MariaDB whose certificate is signed by a test CA (openssl): the reader verifies the
// server against the CA file LYNQ_MYSQL_CA_FILE names (as the functions do with the RDS CA bundle in
// TLS mode rds), and refuses a server its CAs do not vouch for.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubConfig } from '../../lambdas/core/config/config-model';
import { resolveMysqlConnection } from '../../lambdas/adapters/mysql-connection-resolution';
import { DatasourceError } from '../../lambdas/adapters/mysql-datasource-error';
import { readHubRows } from '../../lambdas/adapters/mysql-rows';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { awsSslProfilesModule } from '../../lib/mysql-ca-asset';

const hub: HubConfig = {
  name: 'tls',
  file: 'hub.yaml',
  source: { type: 'mysql', syncIntervalSeconds: 60, mysql: { host: 'unused', port: 3306, database: 'unused', username: 'unused', table: 'nodes' } },
  valueMappings: { uid: 'node_id', activate: 'is_active' },
  extraValueMappings: {},
};

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, and a certificate for 127.0.0.1 it signs. */
function testCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=lynq test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(dir, 'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'server.pem'), keyFile: join(dir, 'server.key') };
}

describe('TLS to MySQL, verified against a CA file (real MariaDB with a test CA)', () => {
  let dir: string;
  let caFile: string;
  let db: TestDatabase;
  const url = () => `mysql://${db.user}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${db.database}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lynq-mysql-tls-'));
    const certificates = testCertificates(dir);
    caFile = certificates.caFile;
    db = await startTestDatabase({ tls: certificates });
    // The reader may only connect over TLS: a read that succeeds was encrypted.
    await db.exec(`
      CREATE TABLE nodes (node_id VARCHAR(63) PRIMARY KEY, is_active BOOLEAN);
      INSERT INTO nodes VALUES ('acme', TRUE);
      ALTER USER '${db.user}'@'%' REQUIRE SSL;
    `);
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const read = async (env: Record<string, string>) => readHubRows(hub, await resolveMysqlConnection(hub, { url: url(), env }));
  const failure = (env: Record<string, string>) => read(env).then(() => undefined, (error: unknown) => error);

  it('reads over TLS when LYNQ_MYSQL_CA_FILE holds the CA that signed the server (required and rds)', async () => {
    expect(await read({ LYNQ_MYSQL_TLS: 'required', LYNQ_MYSQL_CA_FILE: caFile })).toEqual([{ node_id: 'acme', is_active: true }]);
    expect(await read({ LYNQ_MYSQL_TLS: 'rds', LYNQ_MYSQL_CA_FILE: caFile })).toEqual([{ node_id: 'acme', is_active: true }]);
  });

  it('is refused without TLS (the user requires it)', async () => {
    const error = await failure({ LYNQ_MYSQL_TLS: 'off' });
    expect(error).toBeInstanceOf(DatasourceError);
    expect((error as DatasourceError).kind).toBe('auth');
  });

  it('refuses a server that neither the system CAs nor the RDS CA bundle vouch for', async () => {
    const rdsBundle = join(dir, 'rds-ca-bundle.pem');
    writeFileSync(rdsBundle, ((await import(awsSslProfilesModule())) as { ca: string[] }).ca.join(''));
    const envs: Array<Record<string, string>> = [{ LYNQ_MYSQL_TLS: 'required' }, { LYNQ_MYSQL_TLS: 'rds', LYNQ_MYSQL_CA_FILE: rdsBundle }, { LYNQ_MYSQL_TLS: 'rds' }];
    for (const env of envs) {
      const error = await failure(env);
      expect(error).toBeInstanceOf(DatasourceError);
      expect((error as DatasourceError).message).toMatch(/certificate/i);
    }
  });

  it('fails naming LYNQ_MYSQL_CA_FILE when the file cannot be read', async () => {
    await expect(read({ LYNQ_MYSQL_TLS: 'required', LYNQ_MYSQL_CA_FILE: join(dir, 'missing.pem') })).rejects.toThrow(`LYNQ_MYSQL_CA_FILE ${join(dir, 'missing.pem')} cannot be read (ENOENT)`);
  });
});
