// The sync writes the LynqHub and LynqForm status records (issue #13 point 6), and a status record
// that cannot be read or written never blocks or fails its real work: it is logged and counted.
// Real MariaDB, the test cluster (emulated, or LYNQ_TEST_KUBECONFIG); the starter stands in for
// Step Functions at the SDK edge.
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import type { ExecutionStarter, StartResult } from '../../lambdas/adapters/execution-starter';
import { connectionSettingsFromHub, type MysqlConnectionSettings } from '../../lambdas/adapters/mysql-connection-settings';
import { readHubRows } from '../../lambdas/adapters/mysql-rows';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { formRolloutOf, LynqStatusRecords } from '../../lambdas/adapters/lynq-status-records';
import type { ProjectConfig } from '../../lambdas/core/config/config-model';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { runSync, type SyncDeps } from '../../lambdas/workflow/run-sync';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';

const EXAMPLE = join(__dirname, '../../examples/database-per-node');
const NOW = new Date('2030-03-01T10:00:00.000Z');

class CountingStarter implements ExecutionStarter {
  readonly names: string[] = [];
  async start(name: string): Promise<StartResult> {
    this.names.push(name);
    return 'started';
  }
}

/** A cluster that answers nothing: every status-record call fails with a network error. */
function unreachableCluster(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'gone', server: 'http://127.0.0.1:9', skipTLSVerify: true }],
    users: [{ name: 'u' }], contexts: [{ name: 'c', cluster: 'gone', user: 'u' }], currentContext: 'c',
  });
  return kc;
}

describe('the sync\'s status records', () => {
  let db: TestDatabase;
  let cluster: TestCluster;
  let config: ProjectConfig;
  let conn: MysqlConnectionSettings;
  let store: LynqNodeStore;
  let records: LynqStatusRecords;
  let logs: { level: string; message: string; fields?: Record<string, unknown> }[];
  let metrics: Record<string, number>;

  beforeAll(async () => {
    db = await startTestDatabase({ database: 'nodes_db' });
    await db.loadSqlFile(join(EXAMPLE, 'schema.sql'));
    await db.loadSqlFile(join(EXAMPLE, 'rows.sql'));
    config = loadProjectConfig(EXAMPLE);
    conn = connectionSettingsFromHub(config.hub, db.password, { url: db.url });
    cluster = await connectTestCluster();
    store = new LynqNodeStore(cluster.kubeConfig, cluster.uniqueName('status-records'));
    await store.ensureCrd();
    records = new LynqStatusRecords(cluster.kubeConfig, store.namespace);
  });
  afterAll(async () => {
    await cluster?.cleanupNamespaces();
    await cluster?.stop();
    await db?.stop();
  });
  beforeEach(() => {
    logs = [];
    metrics = {};
  });

  function deps(over: Partial<SyncDeps> = {}): SyncDeps {
    const line = (level: string) => (message: string, fields?: Record<string, unknown>) => logs.push({ level, message, fields });
    return {
      readRows: () => readHubRows(config.hub, conn),
      listRecords: () => store.listSummariesOfHub(config.hub.name),
      starter: new CountingStarter(),
      log: { info: line('info'), warn: line('warn'), error: line('error') },
      metrics: { count: (name, value) => { metrics[name] = (metrics[name] ?? 0) + value; } },
      clock: { now: () => NOW },
      statusRecords: records,
      ...over,
    };
  }

  it('writes the hub (desired, ready, failed, last sync time and result) and each form (its rollout)', async () => {
    const report = await runSync(deps(), config, DEFAULT_SYNC_SETTINGS);
    expect(report.started.length).toBeGreaterThan(0);
    const hub = await records.getHub(config.hub.name);
    expect(hub?.status).toMatchObject({
      desired: report.nodesDesired, ready: 0, failed: 0, lastSyncTime: NOW.toISOString(), lastSyncResult: 'Succeeded',
      message: `${report.started.length} started, 0 deletions`, forms: ['database-provisioning'],
    });
    const form = await records.getForm('database-provisioning');
    expect(form?.spec).toMatchObject({ hubId: config.hub.name, rollout: { maxSkew: 0 } });
    expect(formRolloutOf(form!)).toMatchObject({ phase: 'Idle', total: 0, targetHash: config.forms[0].contentHash });
    expect(metrics.StatusRecordErrors ?? 0).toBe(0);
  });

  it('a sync that cannot read the table says so on the hub and keeps the last counts', async () => {
    const before = (await records.getHub(config.hub.name))?.status as { desired: number };
    await expect(runSync(deps({ readRows: async () => { throw new Error('connect ECONNREFUSED'); } }), config, DEFAULT_SYNC_SETTINGS)).rejects.toThrow();
    expect((await records.getHub(config.hub.name))?.status).toMatchObject({ desired: before.desired, lastSyncResult: 'Failed', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('status records that cannot be read or written: the sync still starts its executions; each failure is logged and counted', async () => {
    const starter = new CountingStarter();
    const report = await runSync(deps({ starter, statusRecords: new LynqStatusRecords(unreachableCluster(), store.namespace) }), config, DEFAULT_SYNC_SETTINGS);
    expect(starter.names.length).toBe(report.nodesDesired);
    expect(report.started).toHaveLength(report.nodesDesired);
    // One read per form, one write for the hub and one per form.
    expect(metrics.StatusRecordErrors).toBe(3);
    expect(logs.filter((l) => l.level === 'warn' && l.message.startsWith('Status record')).map((l) => l.fields?.record)).toEqual([
      'LynqForm database-provisioning', 'LynqHub database-per-node', 'LynqForm database-provisioning',
    ]);
    expect(logs.some((l) => l.level === 'error')).toBe(false);
  });
});
