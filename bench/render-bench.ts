// Renders an example form for 10,000 distinct rows, row mapping included (DESIGN §3: well under
// a second per thousand nodes). Rows are built in memory so only mapping and rendering are timed.
// Run on the ejs example (database-per-node) and on the seed's own Go-template form (seed-verbatim).
// Two passes over the same rows: the first runs while V8 still compiles the hot code (what a fresh
// process sees), the second is the steady throughput a long render (a drift round) gets.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProjectConfig } from '../lambdas/adapters/config-directory';
import { mapHubRows } from '../lambdas/core/sync/row-mapping';
import { renderResources } from '../lambdas/core/template/template-render';
import type { ProjectConfig } from '../lambdas/core/config/config-model';

export interface RenderPass {
  /** Wall-clock time of the rendering. */
  seconds: number;
  nodesPerSecond: number;
  /**
   * CPU time of this process over the same span (user + system, every thread, so garbage
   * collection helpers count too): what the rendering costs, whatever else the machine runs.
   * On an idle machine a single-threaded loop's wall time is at most this.
   */
  cpuSeconds: number;
  nodesPerCpuSecond: number;
  peakRssMb: number;
}

export interface RenderBenchResult {
  nodes: number;
  /** The first pass, while the JIT warms up. */
  cold: RenderPass;
  /** The second pass over the same rows: the throughput the goal is about. */
  warm: RenderPass;
}

const NODE_COUNT = 10_000;
const PLANS = ['basic', 'pro', 'enterprise'];

function exampleRows(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    node_id: `node-${i}`,
    domain: `node-${i}.example.com`,
    is_active: 1,
    db_type: 'postgres',
    db_instance_class: i % 3 === 2 ? 'db.m5.large' : 'db.t3.small',
    db_storage_gb: 20 + (i % 100),
    db_multi_az: i % 3 === 2 ? 1 : 0,
    rds_instance_id: null,
    rds_endpoint: null,
    plan_type: PLANS[i % 3],
  }));
}

export type RenderBenchExample = 'database-per-node' | 'seed-verbatim';

export function runRenderBench(example: RenderBenchExample = 'database-per-node'): RenderBenchResult {
  const project = loadProjectConfig(join(__dirname, '../examples', example));
  const rows = exampleRows(NODE_COUNT);
  const cold = renderPass(project, rows);
  return { nodes: NODE_COUNT, cold, warm: renderPass(project, rows) };
}

function renderPass(project: ProjectConfig, rows: Record<string, unknown>[]): RenderPass {
  const [form] = project.forms;
  const now = new Date('2024-01-01T00:00:00Z');
  let peakRss = process.memoryUsage.rss();
  let objects = 0;

  const startCpu = process.cpuUsage();
  const start = performance.now();
  const { nodes, rejected } = mapHubRows(project.hub, rows);
  if (rejected.length > 0 || nodes.length !== rows.length) throw new Error(`bench rows rejected: ${rejected.length}`);
  for (const [i, node] of nodes.entries()) {
    objects += renderResources(form, node, { now }).length;
    if (i % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(startCpu);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  if (objects !== rows.length * form.resources.length) throw new Error(`rendered ${objects} objects, expected ${rows.length * form.resources.length}`);

  return { seconds, nodesPerSecond: rows.length / seconds, cpuSeconds, nodesPerCpuSecond: rows.length / cpuSeconds, peakRssMb: peakRss / (1024 * 1024) };
}

/** The rows bench/RESULTS.md shows for rendering: the ejs example and the seed's Go-template form. */
export function renderResultRows(ejs: RenderBenchResult, go: RenderBenchResult, verdict: (ok: boolean) => string): string[] {
  const rate = (p: RenderPass) => `${Math.round(p.nodesPerCpuSecond)} nodes per CPU second (${p.cpuSeconds.toFixed(2)} s CPU; wall clock ${Math.round(p.nodesPerSecond)} nodes/s)`;
  const measured = (r: RenderBenchResult) =>
    `${rate(r.warm)}; the first pass, while the JIT warms up: ${rate(r.cold)}; peak RSS ${Math.round(Math.max(r.cold.peakRssMb, r.warm.peakRssMb))} MB`;
  return [
    `| Render the example form (the seed in ejs) for ${ejs.nodes} distinct rows (row mapping included), second pass | ${measured(ejs)} | >= 30,000 nodes/s | ${verdict(ejs.warm.nodesPerCpuSecond >= 30000)} |`,
    `| The same, with the seed's form in Go-template syntax (examples/seed-verbatim) | ${measured(go)} | >= 30,000 nodes/s | ${verdict(go.warm.nodesPerCpuSecond >= 30000)} |`,
  ];
}
