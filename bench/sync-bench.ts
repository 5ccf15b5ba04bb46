// Benchmark (a): one sync over 10,000 rows and 10,000 LynqNodes with nothing to start.
// Real MariaDB, the emulated cluster, the real sync code; only the starter counts instead of starting.
import { join } from 'node:path';
import { mapHubRows, templateVariables } from '../lambdas/core/sync/row-mapping';
import { desiredHash } from '../lambdas/core/apply/desired-hash';
import { lynqNodeLabels, lynqNodeName, readySummary } from '../lambdas/core/lynqnode/lynqnode-status';
import { DEFAULT_SYNC_SETTINGS } from '../lambdas/core/sync/sync-settings';
import { runSync } from '../lambdas/workflow/run-sync';
import { EXAMPLE_DIR, startLocalEnvironment } from '../local/local-environment';
import { silentLog } from '../local/local-deps';

export interface SyncBenchResult {
  rows: number;
  records: number;
  started: number;
  seconds: number;
  peakRssMb: number;
}

export async function runSyncBench(count = 10_000): Promise<SyncBenchResult> {
  const env = await startLocalEnvironment({ configDir: EXAMPLE_DIR, sqlFiles: [join(EXAMPLE_DIR, 'schema.sql')] });
  try {
    for (let start = 0; start < count; start += 1000) {
      const values = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
        const n = start + i;
        return [`node-${n}`, `node-${n}.example.com`, 1, n % 3 === 0 ? 'db.m5.large' : 'db.t3.small', 20 + (n % 50), n % 7 === 0 ? 1 : 0, ['basic', 'pro', 'enterprise'][n % 3]];
      });
      await env.db!.query(
        `INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, db_multi_az, plan_type) VALUES ${values.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        values.flat(),
      );
    }
    // Every node already reconciled: what a steady-state sync sees.
    const form = env.config.forms[0];
    const { nodes } = mapHubRows(env.config.hub, await env.deps.readRows(env.config.hub));
    const now = new Date().toISOString();
    const queue = [...nodes];
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let node = queue.pop(); node; node = queue.pop()) {
        const values = templateVariables(node, form);
        const hash = desiredHash(values, form);
        const created = await env.deps.records.create({
          name: lynqNodeName(node.uid, form.name), namespace: env.deps.records.namespace,
          labels: lynqNodeLabels(env.config.hub.name, node.uid, form.name),
          spec: { uid: node.uid, form: form.name, hubId: env.config.hub.name, desiredHash: hash, values },
        });
        const status = {
          desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
          appliedResources: [], retryCount: 0, reconciledHash: hash,
          conditions: [{ type: 'Ready' as const, status: 'True' as const, reason: 'Reconciled', message: 'Successfully reconciled all resources', lastTransitionTime: now }],
        };
        await env.deps.records.replaceStatus({ ...created, status: { ...status, readySummary: readySummary(status) } });
      }
    }));

    let started = 0;
    const starter = { start: async () => { started++; return 'started' as const; } };
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    const t0 = process.hrtime.bigint();
    await runSync({
      readRows: () => env.deps.readRows(env.config.hub),
      listRecords: () => env.deps.records.listSummariesOfHub(env.config.hub.name),
      starter, log: silentLog, clock: { now: () => new Date() },
    }, env.config, DEFAULT_SYNC_SETTINGS);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { rows: count, records: nodes.length, started, seconds, peakRssMb: Math.round(peak / 1048576) };
  } finally {
    await env.stop();
  }
}
