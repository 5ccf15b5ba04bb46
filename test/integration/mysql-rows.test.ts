// readHubRows against a real MariaDB (local/mariadb-harness): types kept, and every failure
// becomes a DatasourceError of the right kind that never shows the password.
import { join } from 'node:path';
import type { HubConfig } from '../../lambdas/core/config/config-model';
import { readHubRows } from '../../lambdas/adapters/mysql-rows';
import { DatasourceError } from '../../lambdas/adapters/mysql-datasource-error';
import { connectionSettingsFromHub, type MysqlConnectionSettings } from '../../lambdas/adapters/mysql-connection-settings';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { mapHubRows } from '../../lambdas/core/sync/row-mapping';
import { fromJson } from '../../lambdas/core/template/template-helpers';

const EXAMPLE = join(__dirname, '../../examples/database-per-node');

const hub = (over: Partial<HubConfig> = {}): HubConfig => ({
  name: 'database-per-node',
  file: 'hub.yaml',
  source: { type: 'mysql', syncIntervalSeconds: 60, mysql: { host: 'unused', port: 3306, database: 'unused', username: 'unused', table: 'nodes' } },
  valueMappings: { uid: 'node_id', activate: 'is_active' },
  extraValueMappings: { planType: 'plan_type', dbStorageGb: 'db_storage_gb' },
  ...over,
});

function settings(db: TestDatabase, over: Partial<MysqlConnectionSettings> = {}): MysqlConnectionSettings {
  return { host: db.host, port: db.port, user: db.user, password: db.password, database: db.database, ...over };
}

/** An empty password (LYNQ_TEST_MYSQL_URL root@...) has nothing to leak. */
function expectNoSecret(text: string, secret: string): void {
  if (secret) expect(text).not.toContain(secret);
}

async function failure(promise: Promise<unknown>): Promise<DatasourceError> {
  const err = await promise.then(() => undefined, (e) => e);
  expect(err).toBeInstanceOf(DatasourceError);
  expect(err.name).toBe('Lynq.DatasourceError');
  return err as DatasourceError;
}

describe('readHubRows (real MariaDB)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase();
    await db.exec(`
      CREATE TABLE nodes (node_id VARCHAR(63) PRIMARY KEY, is_active BOOLEAN, plan_type VARCHAR(20), db_storage_gb INT, secret_note VARCHAR(50));
      INSERT INTO nodes VALUES ('acme', TRUE, 'pro', 50, 'do-not-read'), ('beta', FALSE, NULL, 20, 'x');
      CREATE VIEW active_nodes AS SELECT * FROM nodes WHERE is_active;
      CREATE VIEW slow_nodes AS SELECT node_id, is_active + SLEEP(5) * 0 AS is_active, plan_type, db_storage_gb FROM nodes;
    `);
  });
  afterAll(() => db?.stop());

  it('selects only the mapped columns, keyed by column name, with SQL types kept', async () => {
    const rows = await readHubRows(hub(), settings(db));
    expect(rows).toEqual([
      { node_id: 'acme', is_active: true, plan_type: 'pro', db_storage_gb: 50 },
      { node_id: 'beta', is_active: false, plan_type: null, db_storage_gb: 20 },
    ]);
  });

  it('reads one uid\'s rows when asked (a value, never SQL)', async () => {
    expect(await readHubRows(hub(), settings(db), { uid: 'beta' })).toEqual([{ node_id: 'beta', is_active: false, plan_type: null, db_storage_gb: 20 }]);
    expect(await readHubRows(hub(), settings(db), { uid: "acme' OR '1'='1" })).toEqual([]);
  });

  it('reads a db.view table name, each part quoted', async () => {
    const rows = await readHubRows(hub({ source: { ...hub().source, mysql: { ...hub().source.mysql, table: `${db.database}.active_nodes` } } }), settings(db));
    expect(rows.map((r) => r.node_id)).toEqual(['acme']);
  });

  it('never lets a table name become SQL', async () => {
    const evil = hub({ source: { ...hub().source, mysql: { ...hub().source.mysql, table: 'nodes; DROP TABLE nodes' } } });
    const err = await failure(readHubRows(evil, settings(db)));
    expect(err.kind).toBe('missing-table');
    expect(await db.query('SELECT COUNT(*) AS n FROM nodes')).toEqual([{ n: 2 }]);
  });

  it('missing table -> kind missing-table, naming the table and the hub field', async () => {
    const err = await failure(readHubRows(hub({ source: { ...hub().source, mysql: { ...hub().source.mysql, table: 'tenants' } } }), settings(db)));
    expect(err.kind).toBe('missing-table');
    expect(err.message).toContain(`${db.host}:${db.port}/${db.database}`);
    expect(err.message).toContain('tenants');
    expect(err.message).toContain('spec.source.mysql.table');
    expectNoSecret(err.message, db.password);
  });

  it('missing mapped column -> kind missing-column, naming the column and its mapping', async () => {
    const err = await failure(readHubRows(hub({ extraValueMappings: { planType: 'plan_type', region: 'region_code' } }), settings(db)));
    expect(err.kind).toBe('missing-column');
    expect(err.message).toContain('region_code');
    expect(err.message).toContain('spec.extraValueMappings.region');
    expectNoSecret(err.message, db.password);
  });

  it('wrong password -> kind auth, and the password is in no message', async () => {
    const wrong = 'Wrong-Pa55word-xyz';
    const err = await failure(readHubRows(hub(), settings(db, { password: wrong })));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain(`${db.host}:${db.port}`);
    expect(err.message).not.toContain(wrong);
    expectNoSecret(err.message, db.password);
    expect(String(err.stack)).not.toContain(wrong);
  });

  it('a query slower than timeoutMs -> kind timeout', async () => {
    const slow = hub({ source: { ...hub().source, mysql: { ...hub().source.mysql, table: 'slow_nodes' } } });
    const err = await failure(readHubRows(slow, settings(db), { timeoutMs: 300 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('slow_nodes');
    expectNoSecret(err.message, db.password);
  });

  it('unknown database -> kind missing-table naming the database', async () => {
    if (!db.ownsServer) return; // an external server's user may see other databases
    const err = await failure(readHubRows(hub(), connectionSettingsFromHub(hub(), db.password, { url: `mysql://${db.user}@${db.host}:${db.port}/no_such_db` })));
    expect(['missing-table', 'auth']).toContain(err.kind);
    expect(err.message).toContain('no_such_db');
  });
});

describe('readHubRows with the example schema and rows', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase({ database: 'nodes_db' });
  });
  afterAll(() => db?.stop());

  it('reads every mapped column of the seed table with its SQL type', async () => {
    await db.loadSqlFile(join(EXAMPLE, 'schema.sql'));
    await db.loadSqlFile(join(EXAMPLE, 'rows.sql'));
    const { hub: exampleHub } = loadProjectConfig(EXAMPLE);
    const rows = await readHubRows(exampleHub, connectionSettingsFromHub(exampleHub, db.password, { url: db.url }));
    const expected = await db.query('SELECT * FROM nodes');
    expect(rows).toHaveLength(expected.length);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const BOOLEAN_COLUMNS = new Set([exampleHub.valueMappings.activate, exampleHub.extraValueMappings.dbMultiAz]);
    const columns = [exampleHub.valueMappings.uid, exampleHub.valueMappings.activate, ...Object.values(exampleHub.extraValueMappings)];
    for (const [i, row] of rows.entries()) {
      expect(Object.keys(row).sort()).toEqual([...new Set(columns)].sort());
      // The harness's own client reads BOOLEAN columns as 0/1; readHubRows as booleans.
      for (const c of columns) expect(row[c]).toEqual(BOOLEAN_COLUMNS.has(c) ? Boolean(expected[i][c]) : expected[i][c]);
    }
    // BOOLEAN (TINYINT(1)) arrives as a boolean and INT as a number.
    expect(rows.every((r) => typeof r[exampleHub.valueMappings.activate] === 'boolean')).toBe(true);
    expect(rows.every((r) => typeof r[exampleHub.extraValueMappings.dbStorageGb] === 'number')).toBe(true);
  });
});

describe('readHubRows when the server is down', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startTestDatabase({ privateServer: true });
    await db.exec('CREATE TABLE nodes (node_id VARCHAR(63), is_active BOOLEAN, plan_type VARCHAR(20), db_storage_gb INT)');
  });
  afterAll(() => db?.stop());

  it('server stopped -> kind unreachable, naming host:port/database, not the password', async () => {
    await expect(readHubRows(hub(), settings(db))).resolves.toEqual([]);
    await db.stopServer();
    const err = await failure(readHubRows(hub(), settings(db), { timeoutMs: 3000 }));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain(`MySQL ${db.host}:${db.port}/${db.database}`);
    expectNoSecret(err.message, db.password);
  });
});

describe('readHubRows and row mapping over columns of every common type (real MariaDB)', () => {
  let db: TestDatabase;
  const COLUMNS: Record<string, string> = {
    tiny: 'TINYINT', small: 'SMALLINT', medium: 'MEDIUMINT', num: 'INT', big: 'BIGINT', ubig: 'BIGINT UNSIGNED',
    dcm: 'DECIMAL(10,2)', flt: 'FLOAT', dbl: 'DOUBLE', bool1: 'BOOLEAN', bit1: 'BIT(1)', bit8: 'BIT(8)',
    chr: 'CHAR(3)', vchr: 'VARCHAR(20)', txt: 'TEXT', enm: "ENUM('basic','pro')", st: "SET('a','b')",
    dt: 'DATE', dtm: 'DATETIME', ts: 'TIMESTAMP NULL', tm: 'TIME', yr: 'YEAR',
    zdate: 'DATE', zdatetime: 'DATETIME', jobj: 'JSON', jarr: 'JSON',
  };
  const variables = Object.fromEntries(Object.keys(COLUMNS).map((column) => [`v_${column}`, column]));
  const typedHub = hub({ source: { ...hub().source, mysql: { ...hub().source.mysql, table: 'typed' } }, extraValueMappings: variables });

  beforeAll(async () => {
    db = await startTestDatabase();
    const definitions = Object.entries(COLUMNS).map(([column, type]) => `${column} ${type}`).join(', ');
    await db.exec(`
      SET SESSION sql_mode = '';
      CREATE TABLE typed (node_id VARCHAR(63) PRIMARY KEY, is_active BOOLEAN, ${definitions});
      INSERT INTO typed VALUES ('acme', TRUE, -5, 300, 70000, 42, 9007199254740993, 18446744073709551615,
        12.50, 1.5, 2.25, TRUE, b'1', b'10000001',
        'abc', 'pro', 'long text', 'pro', 'a,b',
        '2024-02-03', '2024-02-03 04:05:06', '2024-02-03 04:05:06', '12:34:56', 2024,
        '0000-00-00', '0000-00-00 00:00:00', '{"tier": "gold", "limits": {"cpu": 2}}', '[1, "two", null]');
    `);
  });
  afterAll(() => db?.stop());

  it('maps every column to a template value: JSON as JSON text fromJson() reads, zero dates as null', async () => {
    const rows = await readHubRows(typedHub, settings(db));
    const { nodes, rejected } = mapHubRows(typedHub, rows);
    expect(rejected).toEqual([]);
    const [node] = nodes;
    expect(node).toMatchObject({
      v_tiny: -5, v_small: 300, v_medium: 70000, v_num: 42, v_big: '9007199254740993', v_ubig: '18446744073709551615',
      v_dcm: '12.50', v_flt: 1.5, v_dbl: 2.25, v_bool1: true, v_bit1: 1, v_bit8: 129,
      v_chr: 'abc', v_vchr: 'pro', v_txt: 'long text', v_enm: 'pro', v_st: 'a,b',
      v_dt: '2024-02-03T00:00:00.000Z', v_dtm: '2024-02-03T04:05:06.000Z', v_ts: '2024-02-03T04:05:06.000Z', v_tm: '12:34:56', v_yr: 2024,
      v_zdate: null, v_zdatetime: null,
    });
    expect(typeof node.v_jobj).toBe('string');
    expect(fromJson(node.v_jobj)).toEqual({ tier: 'gold', limits: { cpu: 2 } });
    expect(fromJson(node.v_jarr)).toEqual([1, 'two', null]);
  });
});
