// The scheduled sync: read the hub table, diff against the LynqNodes, start executions.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { SfnExecutionStarter } from '../adapters/execution-starter';
import { createStartExecutionClient } from '../adapters/sfn-start-client';
import { syncSettingsFromEnv } from '../core/sync/sync-settings';
import { runSync, type SyncReport } from '../workflow/run-sync';
import { type LambdaContext, tracer, withInvocation } from './handler-observability';
import { runtimeDeps } from './runtime-deps';

// The `service` dimension the stack's alarms watch (LYNQ_METRICS_SERVICE, set by the construct).
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'LynqSfn', serviceName: process.env.LYNQ_METRICS_SERVICE ?? 'sync' });
const settings = syncSettingsFromEnv(process.env);
let starter: SfnExecutionStarter | undefined;

type SyncResult = Omit<SyncReport, 'skippedRows'> & { skippedRows: number };

export const handler = async (_event?: unknown, context?: LambdaContext): Promise<SyncResult> => withInvocation(context, {}, () => sync(context));

async function sync(context: LambdaContext | undefined): Promise<SyncResult> {
  const deps = await runtimeDeps();
  starter ??= new SfnExecutionStarter({
    client: tracer.captureAWSv3Client(createStartExecutionClient({ maxStartsPerSecond: settings.maxStartsPerSecond })),
    stateMachineArn: requiredEnv('LYNQ_STATE_MACHINE_ARN'),
  });
  try {
    const report = await runSync({
      readRows: deps.readRows,
      listRecords: () => deps.records.listSummariesOfHub(deps.config.hub.name),
      starter,
      log: deps.log,
      metrics: { count: (name, value) => metrics.addMetric(name, name.endsWith('Ms') ? MetricUnit.Milliseconds : MetricUnit.Count, value) },
      clock: deps.clock,
      // The time budget: starting stops before the timeout, so this run ends and publishes its metrics.
      remainingTimeMs: context ? () => context.getRemainingTimeInMillis() : undefined,
    }, deps.config, settings);
    // The invocation result is logged by Lambda: counts only, no row data.
    return { ...report, skippedRows: report.skippedRows.length };
  } finally {
    metrics.publishStoredMetrics();
  }
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the CDK stack sets it)`);
  return value;
}
