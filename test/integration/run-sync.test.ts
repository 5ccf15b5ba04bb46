// runSync end to end: the example's hub table in a real MariaDB, an in-memory record list and a
// starter that records (and dedupes) executions by name, as Step Functions does.
import { join } from 'node:path';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import type { ExecutionStarter, StartResult } from '../../lambdas/adapters/execution-starter';
import { connectionSettingsFromHub, type MysqlConnectionSettings } from '../../lambdas/adapters/mysql-connection-settings';
import { DatasourceError } from '../../lambdas/adapters/mysql-datasource-error';
import { readHubRows } from '../../lambdas/adapters/mysql-rows';
import type { ProjectConfig } from '../../lambdas/core/config/config-model';
import { desiredHash } from '../../lambdas/core/apply/desired-hash';
import { mapHubRows, templateVariables } from '../../lambdas/core/sync/row-mapping';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import type { ExecutionInput, LynqNodeRecord } from '../../lambdas/core/contracts/workflow-contracts';
import { RecordListError, runSync, type SyncDeps } from '../../lambdas/workflow/run-sync';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';

const EXAMPLE = join(__dirname, '../../examples/database-per-node');
const NOW = new Date('2030-03-01T10:00:00.000Z');
const FORM = 'database-provisioning';

/** Step Functions' name semantics: a name starts once; later starts are "already exists". */
class RecordingStarter implements ExecutionStarter {
  readonly calls: { name: string; input: ExecutionInput }[] = [];
  readonly executions = new Map<string, ExecutionInput>();
  async start(name: string, input: ExecutionInput): Promise<StartResult> {
    this.calls.push({ name, input });
    // Yield so concurrent syncs really interleave.
    await new Promise((r) => setImmediate(r));
    if (this.executions.has(name)) return 'already-exists';
    this.executions.set(name, input);
    return 'started';
  }
}

interface LogLine { level: string; message: string; fields?: Record<string, unknown> }

describe('runSync with a real MariaDB', () => {
  let db: TestDatabase;
  let config: ProjectConfig;
  let conn: MysqlConnectionSettings;
  let records: LynqNodeRecord[];
  let starter: RecordingStarter;
  let logs: LogLine[];
  let metrics: Record<string, number[]>;
  /** The example's uids, read back from the table (rows.sql is the example's to change). */
  let uids: string[];

  beforeAll(async () => {
    db = await startTestDatabase({ database: 'nodes_db' });
    await db.loadSqlFile(join(EXAMPLE, 'schema.sql'));
    config = loadProjectConfig(EXAMPLE);
    conn = connectionSettingsFromHub(config.hub, db.password, { url: db.url });
  });
  afterAll(() => db?.stop());

  beforeEach(async () => {
    await db.exec('DELETE FROM nodes');
    await db.loadSqlFile(join(EXAMPLE, 'rows.sql'));
    uids = (await db.query<{ node_id: string }[]>('SELECT node_id FROM nodes WHERE is_active ORDER BY node_id')).map((r) => r.node_id);
    records = [];
    starter = new RecordingStarter();
    logs = [];
    metrics = {};
  });

  function deps(over: Partial<SyncDeps> = {}): SyncDeps {
    const line = (level: string) => (message: string, fields?: Record<string, unknown>) => logs.push({ level, message, fields });
    return {
      readRows: () => readHubRows(config.hub, conn),
      listRecords: async () => records.map((r) => structuredClone(r)),
      starter,
      log: { info: line('info'), warn: line('warn'), error: line('error') },
      metrics: { count: (name, value) => (metrics[name] ??= []).push(value) },
      clock: { now: () => NOW },
      ...over,
    };
  }

  /** What a finished, successful execution leaves behind: a Ready record for the current row. */
  async function markAllReady(): Promise<void> {
    // Read as LoadNode reads them, so the values (and their types) are the ones the execution recorded.
    const rows = await readHubRows(config.hub, conn);
    const form = config.forms.find((f) => f.name === FORM)!;
    records = mapHubRows(config.hub, rows).nodes.filter((n) => n.activate).map((n) => {
      const hash = desiredHash(templateVariables(n, form), form);
      return {
        name: `${n.uid}-${FORM}`, namespace: 'lynq-system', labels: {},
        spec: { uid: n.uid, form: FORM, hubId: config.hub.name, desiredHash: hash, values: n },
        status: {
          reconciledHash: hash, desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0,
          failedResourceIds: [], skippedResourceIds: [], appliedResources: [], retryCount: 0, lastExecution: `${n.uid}-done`,
          conditions: [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: 'all ready', lastTransitionTime: NOW.toISOString() }],
        },
      };
    });
  }

  it('first sync starts one execution per node; the second, with Ready records, starts none', async () => {
    const first = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS);
    expect(uids).toHaveLength(3);
    expect(first.started).toHaveLength(3);
    for (const uid of uids) {
      expect(first.started.some((n) => n.startsWith(`${uid}-${FORM}-`))).toBe(true);
    }
    expect([...starter.executions.values()]).toEqual(expect.arrayContaining(uids.map((uid) => ({ uid, form: FORM }))));
    expect(first).toMatchObject({ alreadyRunning: 0, deletions: [], skippedRows: [], nodesDesired: 3, nodesReady: 0, nodesFailed: 0 });
    expect(metrics.ExecutionsStarted).toEqual([3]);
    expect(metrics.NodesDesired).toEqual([3]);
    expect(metrics.DeletionGuardTripped).toEqual([0]);

    await markAllReady();
    starter.calls.length = 0;
    const second = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS);
    expect(second.started).toEqual([]);
    expect(starter.calls).toEqual([]);
    expect(second.nodesReady).toBe(3);
  });

  it('starts an update when a row changes, and a deletion when a row is deactivated', async () => {
    await markAllReady();
    await db.query('UPDATE nodes SET db_storage_gb = 80 WHERE node_id = ?', [uids[0]]);
    await db.query('UPDATE nodes SET is_active = FALSE WHERE node_id = ?', [uids[1]]);
    const report = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS);
    expect(report.started).toHaveLength(2);
    expect(report.started.find((n) => n.startsWith(`${uids[0]}-${FORM}-`))).toBeDefined();
    expect(report.deletions.map((d) => [d.uid, d.reason, d.result])).toEqual([[uids[1], 'deactivated', 'started']]);
    expect(starter.executions.get(report.deletions[0].name)).toEqual({ uid: uids[1], form: FORM, allowDelete: true });
  });

  it('a datasource failure starts and deletes nothing, and says why', async () => {
    await markAllReady();
    records.push({ ...records[0], name: `gone-${FORM}`, spec: { ...records[0].spec, uid: 'gone' } });
    const wrong = { ...conn, password: 'not-the-password' };
    const err = await runSync(deps({ readRows: () => readHubRows(config.hub, wrong) }), config, DEFAULT_SYNC_SETTINGS).catch((e) => e);
    expect(err).toBeInstanceOf(DatasourceError);
    expect(err.kind).toBe('auth');
    expect(starter.calls).toEqual([]);
    expect(metrics.SyncErrors).toEqual([1]);
    expect(logs.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(JSON.stringify(logs)).not.toContain('not-the-password');

    await db.exec('ALTER TABLE nodes RENAME TO nodes_old');
    try {
      const missing = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS).catch((e) => e);
      expect(missing).toMatchObject({ name: 'Lynq.DatasourceError', kind: 'missing-table' });
      expect(starter.calls).toEqual([]);
    } finally {
      await db.exec('ALTER TABLE nodes_old RENAME TO nodes');
    }
  });

  it('a record-listing failure starts nothing either', async () => {
    const err = await runSync(deps({ listRecords: async () => { throw new Error('cluster unreachable'); } }), config, DEFAULT_SYNC_SETTINGS).catch((e) => e);
    expect(err).toBeInstanceOf(RecordListError);
    expect(err.message).toContain('cluster unreachable');
    expect(starter.calls).toEqual([]);
  });

  it('deleting half of the rows trips the mass-deletion guard until it is lifted', async () => {
    await db.exec(`INSERT INTO nodes (node_id, domain, is_active, plan_type) VALUES
      ('delta', 'd.example.com', TRUE, 'basic'), ('echo', 'e.example.com', TRUE, 'basic'), ('foxtrot', 'f.example.com', TRUE, 'basic')`);
    await markAllReady();
    expect(records).toHaveLength(6);
    await db.exec("DELETE FROM nodes WHERE node_id IN ('delta', 'echo', 'foxtrot')");

    const held = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS);
    expect(held.guard).toMatchObject({ tripped: true, wouldDelete: 3, records: 6 });
    expect(held.deletions).toEqual([]);
    expect(starter.calls).toEqual([]);
    expect(metrics.DeletionGuardTripped).toEqual([1]);
    expect(logs.some((l) => l.level === 'error' && l.message.includes('Mass-deletion guard'))).toBe(true);

    const lifted = await runSync(deps(), config, { ...DEFAULT_SYNC_SETTINGS, allowMassDeletion: true });
    expect(lifted.guard).toBeUndefined();
    expect(lifted.deletions.map((d) => [d.uid, d.reason]).sort()).toEqual([['delta', 'deleted'], ['echo', 'deleted'], ['foxtrot', 'deleted']]);
    expect(lifted.started).toHaveLength(3);
  });

  it('skips invalid rows, naming them, while valid rows proceed; logs carry no row values', async () => {
    await db.exec(`INSERT INTO nodes (node_id, domain, is_active, db_instance_class, plan_type) VALUES
      ('Bad_Uid', 'bad.example.com', TRUE, 'db.secret.class', 'basic')`);
    await markAllReady();
    records = records.filter((r) => r.spec.uid !== uids[2]);
    const report = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS);
    expect(report.skippedRows).toHaveLength(1);
    expect(report.skippedRows[0]).toMatchObject({ field: 'node_id' });
    expect(report.started).toHaveLength(1);
    expect(report.started[0].startsWith(`${uids[2]}-${FORM}-`)).toBe(true);
    const warning = logs.find((l) => l.level === 'warn');
    expect(warning?.message).toContain(`Row ${report.skippedRows[0].rowIndex} skipped`);
    expect(warning?.message).toContain('Bad_Uid');
    expect(warning?.fields).toMatchObject({ field: 'node_id', rowIndex: report.skippedRows[0].rowIndex });
    expect(metrics.RowsSkipped).toEqual([1]);
    const logged = JSON.stringify(logs);
    const rowValues = await db.query<{ domain: string; db_instance_class: string }[]>('SELECT domain, db_instance_class FROM nodes');
    const secrets = [...(db.password ? [db.password] : []), ...rowValues.flatMap((r) => [r.domain, r.db_instance_class])];
    expect(secrets).toContain('db.secret.class');
    for (const value of secrets) expect(logged).not.toContain(value);
  });

  it('two syncs at the same moment start each execution once', async () => {
    const [a, b] = await Promise.all([runSync(deps(), config, DEFAULT_SYNC_SETTINGS), runSync(deps(), config, DEFAULT_SYNC_SETTINGS)]);
    expect(starter.calls).toHaveLength(6);
    expect(starter.executions.size).toBe(3);
    expect(a.started.length + b.started.length).toBe(3);
    expect(a.alreadyRunning + b.alreadyRunning).toBe(3);
    expect(new Set([...a.started, ...b.started]).size).toBe(3);
  });

  it('a start that fails is reported and does not stop the others', async () => {
    const failing: ExecutionStarter = {
      start: async (name, input) => {
        if (input.uid === uids[1]) throw new Error('StartExecution refused');
        return starter.start(name, input);
      },
    };
    const report = await runSync(deps({ starter: failing }), config, DEFAULT_SYNC_SETTINGS);
    expect(report.started).toHaveLength(2);
    expect(report.startFailures).toEqual([expect.objectContaining({ uid: uids[1], error: 'StartExecution refused' })]);
    expect(metrics.SyncErrors).toEqual([1]);
  });
});
