// Alarms and the dashboard. The sync emits its metrics with Powertools Metrics:
// namespace POWERTOOLS_METRICS_NAMESPACE and the single default dimension `service`,
// which lambdas/handlers/sync.ts takes from LYNQ_METRICS_SERVICE (the construct sets it). CloudWatch matches
// dimensions exactly, so an alarm on any other dimension set would never fire.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export const METRICS_NAMESPACE = 'LynqSfn';
export const SYNC_METRIC_NAMES = [
  'NodesDesired', 'NodesReady', 'NodesFailed', 'ExecutionsStarted', 'SyncDurationMs', 'RowsSkipped', 'DeletionGuardTripped', 'SyncErrors',
] as const;
export type SyncMetricName = (typeof SYNC_METRIC_NAMES)[number];
/** The `service` dimension of the sync's metrics (serviceName of its Powertools Metrics). */
export const SYNC_METRICS_SERVICE = 'sync';

export interface LynqObservabilityProps {
  /** Default SYNC_METRICS_SERVICE. */
  syncMetricsService?: string;
  syncFunction: lambda.IFunction;
  taskFunctions: lambda.IFunction[];
  stateMachine: sfn.IStateMachine;
  deadLetterQueue: sqs.IQueue;
  alarmTopic?: sns.ITopic;
  dashboardName: string;
}

export class LynqObservability extends Construct {
  readonly syncErrorsAlarm: cloudwatch.Alarm;
  readonly syncFunctionErrorsAlarm: cloudwatch.Alarm;
  readonly executionsFailedAlarm: cloudwatch.Alarm;
  readonly deletionGuardAlarm: cloudwatch.Alarm;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: LynqObservabilityProps) {
    super(scope, id);
    const syncMetric = (metricName: SyncMetricName, statistic: string = cloudwatch.Stats.SUM): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: props.syncMetricsService ?? SYNC_METRICS_SERVICE },
        statistic,
        period: Duration.minutes(1),
      });
    const atLeastOnce = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means no sync ran or nothing failed, which is not an error on its own.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (props.alarmTopic) {
        alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
        alarm.addOkAction(new actions.SnsAction(props.alarmTopic));
      }
      return alarm;
    };

    this.syncErrorsAlarm = atLeastOnce(
      'SyncErrorsAlarm',
      syncMetric('SyncErrors'),
      'The sync could not read the hub (query failed, timed out, table or mapped column missing): it started and deleted nothing. See the sync function logs.',
    );
    this.syncFunctionErrorsAlarm = atLeastOnce(
      'SyncFunctionErrorsAlarm',
      props.syncFunction.metricErrors({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      'The sync function failed (crash, timeout or unhandled error). See its logs and the sync dead-letter queue.',
    );
    this.executionsFailedAlarm = atLeastOnce(
      'ExecutionsFailedAlarm',
      props.stateMachine.metricFailed({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      'A reconcile-node execution failed: a node is not ready. Open the execution in the Step Functions console.',
    );
    this.deletionGuardAlarm = atLeastOnce(
      'DeletionGuardAlarm',
      syncMetric('DeletionGuardTripped'),
      'The mass-deletion guard held back deprovisioning: too many nodes vanished from the hub at once. Check the table; set allowMassDelete to proceed.',
    );

    const alarms = [this.syncErrorsAlarm, this.syncFunctionErrorsAlarm, this.executionsFailedAlarm, this.deletionGuardAlarm];
    const lambdaMetric = (fn: lambda.IFunction, metric: 'metricErrors' | 'metricThrottles'): cloudwatch.IMetric =>
      fn[metric]({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM, label: `${fn.node.id} ${metric === 'metricErrors' ? 'errors' : 'throttles'}` });
    const minutes5 = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Nodes',
        left: [syncMetric('NodesDesired', cloudwatch.Stats.MAXIMUM), syncMetric('NodesReady', cloudwatch.Stats.MAXIMUM), syncMetric('NodesFailed', cloudwatch.Stats.MAXIMUM)],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Sync problems',
        left: [syncMetric('SyncErrors'), syncMetric('RowsSkipped'), syncMetric('DeletionGuardTripped')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Sync duration (ms)',
        left: [syncMetric('SyncDurationMs', cloudwatch.Stats.AVERAGE), syncMetric('SyncDurationMs', cloudwatch.Stats.MAXIMUM)],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Executions',
        left: [
          syncMetric('ExecutionsStarted'),
          props.stateMachine.metricSucceeded(minutes5),
          props.stateMachine.metricFailed(minutes5),
          props.stateMachine.metricTimedOut(minutes5),
          props.stateMachine.metricAborted(minutes5),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function errors and throttles',
        left: [props.syncFunction, ...props.taskFunctions].map((fn) => lambdaMetric(fn, 'metricErrors')),
        right: [lambdaMetric(props.syncFunction, 'metricThrottles')],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Sync dead-letter queue',
        left: [props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Execution time (ms)',
        left: [props.stateMachine.metricTime({ period: Duration.minutes(5) })],
        width: 12,
      }),
    );
  }
}
