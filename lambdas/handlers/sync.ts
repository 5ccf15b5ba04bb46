// The scheduled sync: read the hub table, diff against the LynqNodes, start executions.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnExecutionStarter } from '../adapters/execution-starter';
import { syncSettingsFromEnv } from '../core/sync/sync-settings';
import { runSync, type SyncMetrics, type SyncReport } from '../workflow/run-sync';
import { driftRoundDue, driftSettingsFromEnv } from '../core/sync/drift-settings';
import { runDriftRound, type DriftRoundReport } from '../workflow/drift-round';
import { driftRoundDeps } from '../adapters/drift-round-deps';
import { type LambdaContext, tracer, withInvocation } from './handler-observability';
import { runtimeDeps } from './runtime-deps';

// The `service` dimension the stack's alarms watch (LYNQ_METRICS_SERVICE, set by the construct).
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'LynqSfn', serviceName: process.env.LYNQ_METRICS_SERVICE ?? 'sync' });
const settings = syncSettingsFromEnv(process.env);
const driftSettings = driftSettingsFromEnv(process.env);
let starter: SfnExecutionStarter | undefined;

type DriftResult = Omit<DriftRoundReport, 'drifted'> & { drifted: number };
type SyncResult = Omit<SyncReport, 'skippedRows'> & { skippedRows: number; drift?: DriftResult };

/** `{"round": "drift"}` runs a drift detection round now, whatever the interval says. */
export const handler = async (event?: unknown, context?: LambdaContext): Promise<SyncResult> => withInvocation(context, {}, () => sync(asksForDriftRound(event)));

function asksForDriftRound(event: unknown): boolean {
  return typeof event === 'object' && event !== null && (event as Record<string, unknown>).round === 'drift';
}

async function sync(driftNow: boolean): Promise<SyncResult> {
  const deps = await runtimeDeps();
  starter ??= new SfnExecutionStarter({
    client: tracer.captureAWSv3Client(new SFNClient({})), stateMachineArn: requiredEnv('LYNQ_STATE_MACHINE_ARN'), maxStartsPerSecond: settings.maxStartsPerSecond,
  });
  const metricsSink: SyncMetrics = { count: (name, value) => metrics.addMetric(name, name.endsWith('Ms') ? MetricUnit.Milliseconds : MetricUnit.Count, value) };
  try {
    const report = await runSync({
      readRows: deps.readRows,
      listRecords: () => deps.records.listSummariesOfHub(deps.config.hub.name),
      starter,
      log: deps.log,
      metrics: metricsSink,
      clock: deps.clock,
    }, deps.config, settings);
    let drift: DriftResult | undefined;
    if (driftNow || driftRoundDue(deps.clock.now(), driftSettings, deps.config.hub.source.syncIntervalSeconds)) {
      try {
        const round = await runDriftRound(driftRoundDeps(deps, starter, { metrics: metricsSink }), deps.config, settings, driftSettings);
        drift = { ...round, drifted: round.drifted.length };
      } catch (err) {
        // The sync's own work is done: a failed round is reported, and the next interval tries again.
        deps.log.error('Drift detection round failed; nothing was repaired', { hub: deps.config.hub.name, error: err instanceof Error ? err.message : String(err) });
        metricsSink.count('DriftRoundErrors', 1);
      }
    }
    // The invocation result is logged by Lambda: counts only, no row data.
    return { ...report, skippedRows: report.skippedRows.length, ...(drift ? { drift } : {}) };
  } finally {
    metrics.publishStoredMetrics();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the CDK stack sets it)`);
  return value;
}
