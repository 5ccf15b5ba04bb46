// Benchmark: one sync with nothing to start, at 1k, 10k and 100k nodes (issue #14 goal 1).
// Real MariaDB; the emulated API server by default, or any cluster with LYNQ_BENCH_KUBECONFIG.
// Every node is already reconciled (what a steady-state sync sees). The sync itself runs in a
// child process capped at the sync function's heap (see sync-bench-child.ts), next to a bare
// paginated LIST of the same records in the same run.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadProjectConfig } from '../lambdas/adapters/config-directory';
import { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import { readHubRows } from '../lambdas/adapters/mysql-rows';
import { connectionSettingsFromHub } from '../lambdas/adapters/mysql-connection-settings';
import { desiredHash } from '../lambdas/core/apply/desired-hash';
import { LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../lambdas/core/apply/tracking-labels';
import type { FormConfig, HubConfig, NodeValues } from '../lambdas/core/config/config-model';
import type { LynqNodeRecord, LynqNodeStatus } from '../lambdas/core/contracts/workflow-contracts';
import { lynqNodeLabels, lynqNodeName, readySummary } from '../lambdas/core/lynqnode/lynqnode-status';
import { mapHubRows, templateVariables } from '../lambdas/core/sync/row-mapping';
import { EXAMPLE_DIR } from '../local/local-environment';
import { closeBenchCluster, openBenchCluster, type BenchCluster } from './bench-cluster';
import { startTestDatabase, type TestDatabase } from '../local/mariadb-harness';
import type { SyncChildResult } from './sync-bench-child';

export const SYNC_BENCH_SIZES = [1000, 10_000, 100_000];
/** The sync function's heap (issue #14: 100k nodes within 256 MB). */
export const SYNC_HEAP_MB = 256;
/** Concurrent creates when seeding a real cluster. */
const REAL_CLUSTER_CREATE_CONCURRENCY = 32;

export interface SyncBenchRow extends SyncChildResult {
  nodes: number;
  /** The API server: `emulated`, or the kubeconfig's with its version. */
  cluster: string;
  /** Sync time over the bare LIST's. */
  ratioToList: number;
  /** Heap the sync added per node (peak minus baseline). */
  heapKbPerNode: number;
  /** Set when the child ran out of heap or failed: the row has no figures then. */
  error?: string;
}

export async function runSyncBenches(sizes = SYNC_BENCH_SIZES): Promise<SyncBenchRow[]> {
  const config = loadProjectConfig(EXAMPLE_DIR);
  const form = config.forms[0];
  const namespace = `lynq-bench-${randomBytes(3).toString('hex')}`;
  const db = await startTestDatabase({ database: config.hub.source.mysql.database });
  const cluster = await openBenchCluster();
  const store = new LynqNodeStore(cluster.kc, namespace);
  const rows: SyncBenchRow[] = [];
  try {
    await db.loadSqlFile(join(EXAMPLE_DIR, 'schema.sql'));
    await store.ensureCrd();
    let seeded = 0;
    for (const nodes of [...sizes].sort((a, b) => a - b)) {
      await insertRows(db, seeded, nodes);
      // Rows read the way the sync reads them, so the recorded hashes match.
      const { nodes: mapped } = mapHubRows(config.hub, await readHubRows(config.hub, connectionSettingsFromHub(config.hub, db.password, { url: db.url })));
      const added = mapped.filter((node) => Number(node.uid.slice('node-'.length)) >= seeded);
      await seedRecords(cluster, store, config.hub, form, added);
      seeded = nodes;
      rows.push(await measure(cluster, db, namespace, nodes));
    }
    return rows;
  } finally {
    await closeBenchCluster(cluster, namespace);
    await db.stop();
  }
}

async function insertRows(db: TestDatabase, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 1000) {
    const values = Array.from({ length: Math.min(1000, to - start) }, (_, i) => {
      const n = start + i;
      return [`node-${n}`, `node-${n}.example.com`, 1, n % 3 === 0 ? 'db.m5.large' : 'db.t3.small', 20 + (n % 50), n % 7 === 0 ? 1 : 0, ['basic', 'pro', 'enterprise'][n % 3]];
    });
    await db.query(
      `INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, db_multi_az, plan_type) VALUES ${values.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      values.flat(),
    );
  }
}

/** A record as an execution leaves it once every resource is ready. */
function reconciledRecord(hub: HubConfig, form: FormConfig, node: NodeValues, namespace: string, now: string): LynqNodeRecord & { status: LynqNodeStatus } {
  const values = templateVariables(node, form);
  const hash = desiredHash(values, form);
  const status: LynqNodeStatus = {
    desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
    appliedResources: [], retryCount: 0, reconciledHash: hash,
    conditions: [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: 'Successfully reconciled all resources', lastTransitionTime: now }],
  };
  return {
    name: lynqNodeName(node.uid, form.name), namespace,
    labels: lynqNodeLabels(hub.name, node.uid, form.name),
    spec: { uid: node.uid, form: form.name, hubId: hub.name, desiredHash: hash, values },
    status,
  };
}

async function seedRecords(cluster: BenchCluster, store: LynqNodeStore, hub: HubConfig, form: FormConfig, nodes: NodeValues[]): Promise<void> {
  const now = new Date().toISOString();
  const records = nodes.map((node) => reconciledRecord(hub, form, node, store.namespace, now));
  if (cluster.emulator) {
    // In-process, through the same create and status-update code a POST and a PUT run.
    cluster.emulator.seed(records.map((r) => ({
      apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND,
      metadata: { name: r.name, namespace: r.namespace, labels: r.labels },
      spec: r.spec, status: { ...r.status, readySummary: readySummary(r.status) },
    })));
    return;
  }
  const queue = [...records];
  await Promise.all(Array.from({ length: REAL_CLUSTER_CREATE_CONCURRENCY }, async () => {
    for (let record = queue.pop(); record; record = queue.pop()) {
      const { status, ...spec } = record;
      const created = await store.create(spec);
      await store.replaceStatus({ ...created, status });
    }
  }));
}

async function measure(cluster: BenchCluster, db: TestDatabase, namespace: string, nodes: number): Promise<SyncBenchRow> {
  const base = { nodes, cluster: cluster.label };
  try {
    const result = await runChild({
      BENCH_CONFIG_DIR: EXAMPLE_DIR, BENCH_KUBECONFIG: cluster.kubeconfigPath, BENCH_NAMESPACE: namespace,
      BENCH_MYSQL_URL: db.url, BENCH_MYSQL_PASSWORD: db.password,
    });
    return {
      ...base, ...result,
      ratioToList: result.syncSeconds / result.listSeconds,
      heapKbPerNode: ((result.peakHeapMb - result.baselineHeapMb) * 1024) / nodes,
    };
  } catch (error) {
    return {
      ...base, runs: 0, syncSeconds: NaN, syncRangeSeconds: [NaN, NaN], listSeconds: NaN, listRangeSeconds: [NaN, NaN], started: 0, records: 0, baselineHeapMb: NaN, peakHeapMb: NaN, heldBytesPerNode: NaN, rowBytesPerNode: NaN, ratioToList: NaN, heapKbPerNode: NaN,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** BENCH_CHILD_NODE_ARGS adds node flags to the measured process (e.g. `--cpu-prof` to profile the sync). */
function runChild(vars: Record<string, string>): Promise<SyncChildResult> {
  const args = [`--max-old-space-size=${SYNC_HEAP_MB}`, '--expose-gc', ...(process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', join(__dirname, 'sync-bench-child.ts')];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, ...vars }, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const oom = /heap out of memory|Allocation failed/i.test(stderr);
        reject(new Error(oom ? `out of memory within ${SYNC_HEAP_MB} MB of heap` : `${error.message.split('\n')[0]}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as SyncChildResult);
    });
  });
}
