// Benchmark (fan-out): a form change over N nodes, started by the real sync code (planner, ordered
// starts, time budget) through the real SFNClient (adaptive retry, capped rate limiter) over HTTP to
// a loopback endpoint that throttles like the StartExecution quota (1,300 burst, 300/s refill).
// Rounds run back to back, each with the time budget of a 300 s sync invocation, until nothing is
// deferred. As LoadNode would, each started execution claims its node's record, so the next round
// plans only the rest. Rows and records are in memory: reading them is the sync benchmark's part.
import { join } from 'node:path';
import { loadProjectConfig } from '../lambdas/adapters/config-directory';
import { SfnExecutionStarter } from '../lambdas/adapters/execution-starter';
import { createStartExecutionClient } from '../lambdas/adapters/sfn-start-client';
import { desiredHash } from '../lambdas/core/apply/desired-hash';
import type { LynqNodeSummary } from '../lambdas/core/contracts/workflow-contracts';
import { mapHubRows, templateVariables } from '../lambdas/core/sync/row-mapping';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../lambdas/core/sync/sync-settings';
import { runSync } from '../lambdas/workflow/run-sync';
import { silentLog } from '../local/local-deps';
import { StepFunctionsQuotaEndpoint } from '../local/step-functions-quota-endpoint';

const EXAMPLE_DIR = join(__dirname, '../examples/database-per-node');
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:reconcile-node';

export interface FanoutRound {
  started: number;
  alreadyRunning: number;
  deferred: number;
  failures: number;
  seconds: number;
}

export interface FanoutBenchResult {
  nodes: number;
  maxStartsPerSecond: number;
  maxStartsInFlight: number;
  syncTimeoutSeconds: number;
  rounds: FanoutRound[];
  /** From the first round's start to the last round's end (rounds back to back). */
  totalSeconds: number;
  /** Executions that really started at the endpoint (each node once). */
  executions: number;
  startsPerSecond: number;
  /** StartExecution calls the endpoint answered with ThrottlingException (the SDK retried them). */
  throttled: number;
  failures: number;
}

export interface FanoutBenchOptions {
  nodes: number;
  settings?: Partial<SyncSettings>;
  /** The sync function's timeout: each round's budget (default 300 s, the stack's). */
  syncTimeoutSeconds?: number;
  maxRounds?: number;
}

export async function runFanoutBench(options: FanoutBenchOptions): Promise<FanoutBenchResult> {
  const settings: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, ...options.settings };
  const timeoutSeconds = options.syncTimeoutSeconds ?? 300;
  const config = loadProjectConfig(EXAMPLE_DIR);
  const [form] = config.forms;
  const rows = Array.from({ length: options.nodes }, (_, n) => ({
    node_id: `node-${n}`, domain: `node-${n}.example.com`, is_active: 1, db_instance_class: n % 3 === 0 ? 'db.m5.large' : 'db.t3.small',
    db_storage_gb: 20 + (n % 50), db_multi_az: n % 7 === 0 ? 1 : 0, plan_type: ['basic', 'pro', 'enterprise'][n % 3],
  }));
  // Every node Ready under the form before its change: every node is an update.
  const previous = { ...form, contentHash: 'the form before the change' };
  const now = new Date();
  const records = new Map<string, LynqNodeSummary>();
  const newHash = new Map<string, string>();
  for (const node of mapHubRows(config.hub, rows).nodes) {
    const values = templateVariables(node, form);
    const hash = desiredHash(values, previous);
    newHash.set(node.uid, desiredHash(values, form));
    records.set(node.uid, {
      name: `${node.uid}-${form.name}`, namespace: 'lynq-system',
      spec: { uid: node.uid, form: form.name, hubId: config.hub.name, desiredHash: hash },
      status: {
        reconciledHash: hash, desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
        retryCount: 0, lastExecution: `${node.uid}-before`,
        conditions: [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: 'all ready', lastTransitionTime: now.toISOString() }],
      },
    });
  }

  const endpoint = new StepFunctionsQuotaEndpoint({
    // LoadNode's claim: the record takes the new hash and names its execution.
    onStarted: (name, input) => {
      const { uid } = JSON.parse(input) as { uid: string };
      const record = records.get(uid);
      const hash = newHash.get(uid);
      if (!record?.status || hash === undefined) return;
      record.spec.desiredHash = hash;
      const at = new Date().toISOString();
      record.status = {
        ...record.status, currentExecution: name, claim: { execution: name, claimedAt: at },
        conditions: [{ type: 'Progressing', status: 'True', reason: 'Reconciling', message: '', lastTransitionTime: at }],
      };
    },
  });
  const url = await endpoint.start();
  try {
    // One client for every round, as a warm sync function keeps it.
    const client = createStartExecutionClient({
      maxStartsPerSecond: settings.maxStartsPerSecond, endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    });
    const starter = new SfnExecutionStarter({ client, stateMachineArn: ARN });
    const rounds: FanoutRound[] = [];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < (options.maxRounds ?? 10); i++) {
      const deadline = Date.now() + timeoutSeconds * 1000;
      const r0 = process.hrtime.bigint();
      const report = await runSync({
        readRows: () => Promise.resolve(rows),
        listRecords: () => Promise.resolve([...records.values()].map((r) => structuredClone(r))),
        starter, log: silentLog, clock: { now: () => new Date() },
        remainingTimeMs: () => deadline - Date.now(),
      }, config, settings);
      rounds.push({
        started: report.started.length, alreadyRunning: report.alreadyRunning, deferred: report.deferred, failures: report.startFailures.length,
        seconds: Number(process.hrtime.bigint() - r0) / 1e9,
      });
      if (report.deferred === 0 && report.startFailures.length === 0) break;
    }
    const totalSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return {
      nodes: options.nodes, maxStartsPerSecond: settings.maxStartsPerSecond, maxStartsInFlight: settings.maxStartsInFlight, syncTimeoutSeconds: timeoutSeconds,
      rounds, totalSeconds, executions: endpoint.executions.size, startsPerSecond: endpoint.executions.size / totalSeconds,
      throttled: endpoint.counts.throttled, failures: rounds.reduce((sum, r) => sum + r.failures, 0),
    };
  } finally {
    await endpoint.stop();
  }
}

/**
 * The runs `npm run bench` reports: 10k at the default settings (one round, <= 90 s), 10k with a
 * cap above the quota (the SDK's adaptive retry meets real throttling), and 100k across rounds
 * (about 15 minutes; LYNQ_BENCH_SKIP_100K_FANOUT=1 leaves it out).
 */
export async function runFanoutBenches(env: Record<string, string | undefined> = process.env): Promise<FanoutBenchResult[]> {
  const runs = [await runFanoutBench({ nodes: 10_000 }), await runFanoutBench({ nodes: 10_000, settings: { maxStartsPerSecond: 1000, maxStartsInFlight: 128 } })];
  if (env.LYNQ_BENCH_SKIP_100K_FANOUT !== '1') runs.push(await runFanoutBench({ nodes: 100_000 }));
  return runs;
}

/** RESULTS.md rows: goals apply to the default settings. */
export function fanoutRows(runs: FanoutBenchResult[], verdict: (ok: boolean) => string): string[] {
  return runs.map((r) => {
    const what = `Fan-out: a form change over ${r.nodes} nodes, ${r.maxStartsPerSecond} starts/s cap, ${r.maxStartsInFlight} in flight, against a loopback endpoint throttling like the quota (1,300 burst, 300/s)`;
    const rounds = r.rounds.map((x) => `${x.started} in ${x.seconds.toFixed(0)} s`).join(', ');
    const result = `${r.executions} started in ${r.totalSeconds.toFixed(1)} s (${Math.round(r.startsPerSecond)}/s), ${r.rounds.length} round(s) of a ${r.syncTimeoutSeconds} s sync [${rounds}], ${r.throttled} ThrottlingException answers (retried by the SDK), ${r.failures} starts failed`;
    // Every node started exactly once: a second start of a node would be a second execution name.
    const everyNodeOnce = r.executions === r.nodes;
    if (r.nodes <= 10_000 && r.maxStartsPerSecond === DEFAULT_SYNC_SETTINGS.maxStartsPerSecond) {
      return `| ${what} | ${result} | one round, <= 90 s | ${verdict(everyNodeOnce && r.failures === 0 && r.rounds.length === 1 && r.totalSeconds <= 90)} |`;
    }
    if (r.nodes <= 10_000) return `| ${what} | ${result} | every node started once; a start that failed is started by the next round | ${verdict(everyNodeOnce)} |`;
    return `| ${what} | ${result} | the rest continues in the next rounds, nothing lost or duplicated | ${verdict(everyNodeOnce && r.failures === 0)} |`;
  });
}
