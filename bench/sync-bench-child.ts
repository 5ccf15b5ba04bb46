// The measured side of the sync benchmark, in its own process with the sync function's heap cap
// (node --max-old-space-size), so the heap it reports is the sync's alone: the API server (the
// emulated one, or a real cluster) and the database run elsewhere. Prints one JSON line.
import '../local/promise-with-resolvers';
import { KubeConfig } from '@kubernetes/client-node';
import { loadProjectConfig } from '../lambdas/adapters/config-directory';
import { KubeRest } from '../lambdas/adapters/kube-rest';
import { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import { readHubRows } from '../lambdas/adapters/mysql-rows';
import { connectionSettingsFromHub } from '../lambdas/adapters/mysql-connection-settings';
import { LABEL_HUB, LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../lambdas/core/apply/tracking-labels';
import { DEFAULT_SYNC_SETTINGS } from '../lambdas/core/sync/sync-settings';
import { runSync } from '../lambdas/workflow/run-sync';

/** What a measurement must keep alive until it has read the heap. */
const retained: unknown[] = [];
import { silentLog } from '../local/local-deps';

/** Timed runs of the sync and of the bare LIST, after a warm-up run of each. */
const SYNC_BENCH_RUNS = 5;

export interface SyncChildResult {
  /** How many timed runs the medians are of. */
  runs: number;
  /** Median of SYNC_BENCH_RUNS syncs. */
  syncSeconds: number;
  syncRangeSeconds: [number, number];
  /** The same records read page by page (limit 500, consistent reads), nothing kept: the floor (median). */
  listSeconds: number;
  listRangeSeconds: [number, number];
  /** Executions the timed syncs started, in all (0 when nothing is to start). */
  started: number;
  records: number;
  /** Heap in use after a full GC before the sync, and the most seen during it (garbage included). */
  baselineHeapMb: number;
  peakHeapMb: number;
  /** What the sync holds at once, per node, after a full GC: the rows read and the record summaries. */
  heldBytesPerNode: number;
  /** Of which the rows read from MySQL. */
  rowBytesPerNode: number;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const config = loadProjectConfig(env('BENCH_CONFIG_DIR'));
  const kc = new KubeConfig();
  kc.loadFromFile(env('BENCH_KUBECONFIG'));
  const namespace = env('BENCH_NAMESPACE');
  const mysql = connectionSettingsFromHub(config.hub, env('BENCH_MYSQL_PASSWORD'), { url: env('BENCH_MYSQL_URL') });
  const store = new LynqNodeStore(kc, namespace);
  let started = 0;
  let records = 0;
  const sync = () => runSync({
    readRows: () => readHubRows(config.hub, mysql),
    listRecords: async () => {
      const list = await store.listSummariesOfHub(config.hub.name);
      records = list.length;
      return list;
    },
    starter: { start: () => { started++; return Promise.resolve('started' as const); } },
    log: silentLog,
    clock: { now: () => new Date() },
  }, config, DEFAULT_SYNC_SETTINGS);
  const bareList = () => KubeRest.for(kc).listMapped(LYNQNODE_API_VERSION, LYNQNODE_KIND, { namespace, labelSelector: `${LABEL_HUB}=${config.hub.name}` }, () => 0);

  // A warm function: discovery cached, code compiled (a Lambda's later invocations).
  await sync();
  await bareList();
  started = 0;

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 2);
  const syncTimes = await timedRuns(sync);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const listTimes = await timedRuns(bareList);

  gc?.();
  const before = process.memoryUsage().heapUsed;
  const rows = await readHubRows(config.hub, mysql);
  gc?.();
  const withRows = process.memoryUsage().heapUsed;
  const summaries = await store.listSummariesOfHub(config.hub.name);
  gc?.();
  const heldBytes = process.memoryUsage().heapUsed - before;
  const rowBytes = withRows - before;
  retained.push(rows, summaries); // held until measured

  const result: SyncChildResult = {
    runs: SYNC_BENCH_RUNS,
    syncSeconds: median(syncTimes), syncRangeSeconds: [syncTimes[0], syncTimes[syncTimes.length - 1]],
    listSeconds: median(listTimes), listRangeSeconds: [listTimes[0], listTimes[listTimes.length - 1]],
    started, records,
    baselineHeapMb: baseline / 1048576, peakHeapMb: peak / 1048576,
    heldBytesPerNode: records > 0 ? heldBytes / records : 0,
    rowBytesPerNode: records > 0 ? rowBytes / records : 0,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Seconds of each of SYNC_BENCH_RUNS runs, ascending. */
async function timedRuns(run: () => Promise<unknown>): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 0; i < SYNC_BENCH_RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return seconds.sort((a, b) => a - b);
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)];

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`sync bench child failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
