// The scheduled sync: read one hub's table, diff against its LynqNodes, start executions. Each
// hub has its own schedule, whose event names the hub ({"hub": "<name>"}); with one hub the
// event may be empty.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SfnExecutionStarter } from '../adapters/execution-starter';
import { LynqStatusRecords } from '../adapters/lynq-status-records';
import { createStartExecutionClient } from '../adapters/sfn-start-client';
import { syncSettingsFromEnv } from '../core/sync/sync-settings';
import { runSync, type SyncMetrics, type SyncReport } from '../workflow/run-sync';
import { driftRoundDue, driftSettingsFromEnv } from '../core/sync/drift-settings';
import { runDriftRound, type DriftRoundReport } from '../workflow/drift-round';
import { driftRoundDeps } from '../adapters/drift-round-deps';
import { type LambdaContext, tracer, withInvocation } from './handler-observability';
import { hubTableReader } from './hub-table-reader';
import { runtimeDeps } from './runtime-deps';
import { parseSyncEvent } from '../core/contracts/sync-event';
import { selectHub } from '../core/config/hub-lookup';
import { recordsOfHubSync } from '../core/sync/hub-records';

// The `service` dimension the stack's alarms watch (LYNQ_METRICS_SERVICE, set by the construct).
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'LynqSfn', serviceName: process.env.LYNQ_METRICS_SERVICE ?? 'sync' });
const settings = syncSettingsFromEnv(process.env);
const driftSettings = driftSettingsFromEnv(process.env);
let starter: SfnExecutionStarter | undefined;

type DriftResult = Omit<DriftRoundReport, 'drifted'> & { drifted: number };
type SyncResult = Omit<SyncReport, 'skippedRows'> & { skippedRows: number; drift?: DriftResult };

/** An event with `"round": "drift"` also runs a drift detection round now, whatever the interval says. */
export const handler = async (event?: unknown, context?: LambdaContext): Promise<SyncResult> => {
  const { hub, round } = parseSyncEvent(event);
  return withInvocation(context, hub ? { hub } : {}, () => sync(hub, round === 'drift', context));
};

async function sync(hubName: string | undefined, driftNow: boolean, context: LambdaContext | undefined): Promise<SyncResult> {
  const deps = await runtimeDeps(process.env, { readsHubTable: hubTableReader });
  const project = selectHub(deps.config, hubName);
  const hub = project.hub;
  if (deps.config.hubs.length > 1) {
    // Two dimension sets: `service` alone (what the alarms watch, summed over hubs; an empty set
    // adds only the default dimension) and `service` + `hub`.
    metrics.addDimensions({});
    metrics.addDimensions({ hub: hub.name });
  }
  starter ??= new SfnExecutionStarter({
    client: tracer.captureAWSv3Client(createStartExecutionClient({ maxStartsPerSecond: settings.maxStartsPerSecond })),
    stateMachineArn: requiredEnv('LYNQ_STATE_MACHINE_ARN'),
  });
  const metricsSink: SyncMetrics = { count: (name, value) => metrics.addMetric(name, name.endsWith('Ms') ? MetricUnit.Milliseconds : MetricUnit.Count, value) };
  try {
    const report = await runSync({
      readRows: () => deps.readRows(hub),
      listRecords: async () => recordsOfHubSync(deps.config, hub.name, await deps.records.listSummariesOfHub(hub.name)),
      starter,
      log: deps.log,
      metrics: metricsSink,
      clock: deps.clock,
      statusRecords: new LynqStatusRecords(deps.kube, deps.records.namespace),
      // The time budget: starting stops before the timeout, so this run ends and publishes its metrics.
      remainingTimeMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    }, project, settings);
    let drift: DriftResult | undefined;
    if (driftNow || driftRoundDue(deps.clock.now(), driftSettings, hub.source.syncIntervalSeconds)) {
      try {
        const round = await runDriftRound(driftRoundDeps(deps, project, starter, { metrics: metricsSink }), project, settings, driftSettings);
        drift = { ...round, drifted: round.drifted.length };
      } catch (err) {
        // The sync's own work is done: a failed round is reported, and the next interval tries again.
        deps.log.error('Drift detection round failed; nothing was repaired', { hub: hub.name, error: err instanceof Error ? err.message : String(err) });
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
