// The scheduled sync: read the hub table, diff against the LynqNodes, start executions.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnExecutionStarter } from '../adapters/execution-starter';
import { syncSettingsFromEnv } from '../core/sync-settings';
import { runSync, type SyncReport } from '../workflow/run-sync';
import { runtimeDeps } from './runtime-deps';

const tracer = new Tracer({ serviceName: 'sync' });
// The `service` dimension the stack's alarms watch (LYNQ_METRICS_SERVICE, set by the construct).
const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'LynqSfn', serviceName: process.env.LYNQ_METRICS_SERVICE ?? 'sync' });
const settings = syncSettingsFromEnv(process.env);
let starter: SfnExecutionStarter | undefined;

export const handler = async (): Promise<Omit<SyncReport, 'skippedRows'> & { skippedRows: number }> => {
  const deps = await runtimeDeps();
  starter ??= new SfnExecutionStarter({
    client: tracer.captureAWSv3Client(new SFNClient({})), stateMachineArn: requiredEnv('LYNQ_STATE_MACHINE_ARN'), maxStartsPerSecond: settings.maxStartsPerSecond,
  });
  try {
    const report = await runSync({
      readRows: deps.readRows,
      listRecords: () => deps.records.listSummariesOfHub(deps.config.hub.name),
      starter,
      log: deps.log,
      metrics: { count: (name, value) => metrics.addMetric(name, name.endsWith('Ms') ? MetricUnit.Milliseconds : MetricUnit.Count, value) },
      clock: deps.clock,
    }, deps.config, settings);
    // The invocation result is logged by Lambda: counts only, no row data.
    return { ...report, skippedRows: report.skippedRows.length };
  } finally {
    metrics.publishStoredMetrics();
  }
};

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the CDK stack sets it)`);
  return value;
}
