// Alarms and the dashboard. Each failure class has one alarm, and each alarm says what it
// counts and where to look (docs/deploy.md lists them). The sync emits its metrics with Powertools Metrics:
// namespace POWERTOOLS_METRICS_NAMESPACE and the single default dimension `service`,
// which lambdas/handlers/sync.ts takes from LYNQ_METRICS_SERVICE (the construct sets it); with several hubs
// it also emits each metric under `service` + `hub`. CloudWatch matches dimensions exactly, so the
// alarms watch the `service` set, which sums the hubs.
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { syncRateMinutes } from './sync-schedule';

export const METRICS_NAMESPACE = 'LynqSfn';
export const SYNC_METRIC_NAMES = [
  'NodesDesired', 'NodesReady', 'NodesFailed', 'ExecutionsStarted', 'StartsDeferred', 'SyncDurationMs', 'RowsSkipped', 'DeletionGuardTripped', 'SyncErrors',
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
  /** The hub's syncInterval: the sync metrics have one data point per sync, so alarms on them use this period. */
  syncIntervalSeconds: number;
  /** A node may stay failed this long before NodesFailedAlarm fires. */
  nodesFailedAlarmMinutes: number;
  /** The schedule groups, each holding one hub's sync schedule (Scheduler's metrics are per group). */
  scheduleGroupNames: string[];
  dashboardName: string;
}

/** Missed syncs in a row before HeartbeatAlarm fires. */
export const HEARTBEAT_MISSED_SYNCS = 3;

export class LynqObservability extends Construct {
  readonly syncErrorsAlarm: cloudwatch.Alarm;
  readonly syncFunctionErrorsAlarm: cloudwatch.Alarm;
  readonly heartbeatAlarm: cloudwatch.Alarm;
  readonly deadLetterQueueAlarm: cloudwatch.Alarm;
  readonly schedulerTargetErrorsAlarm: cloudwatch.Alarm;
  readonly nodesFailedAlarm: cloudwatch.Alarm;
  readonly executionsTimedOutOrAbortedAlarm: cloudwatch.Alarm;
  readonly deletionGuardAlarm: cloudwatch.Alarm;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: LynqObservabilityProps) {
    super(scope, id);
    // One data point per sync: a shorter period would alternate between a value and no data.
    const syncPeriod = Duration.minutes(syncRateMinutes(props.syncIntervalSeconds));
    const syncMetric = (metricName: SyncMetricName, statistic: string = cloudwatch.Stats.SUM, period: Duration = syncPeriod): cloudwatch.Metric =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: props.syncMetricsService ?? SYNC_METRICS_SERVICE },
        statistic,
        period,
      });
    const alarm = (alarmId: string, options: cloudwatch.AlarmProps): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, alarmId, options);
      if (props.alarmTopic) {
        created.addAlarmAction(new actions.SnsAction(props.alarmTopic));
        created.addOkAction(new actions.SnsAction(props.alarmTopic));
      }
      return created;
    };
    const atLeastOnce = (alarmId: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm =>
      alarm(alarmId, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means nothing of this kind happened; a sync that does not run at all is HeartbeatAlarm's.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });

    this.syncErrorsAlarm = atLeastOnce(
      'SyncErrorsAlarm',
      syncMetric('SyncErrors'),
      'SyncErrors counts syncs that could not read the hub (query failed or timed out, table or mapped column missing), which started and deleted nothing, ' +
        'plus executions the sync failed to start. See the sync function logs (level ERROR).',
    );
    // A sync that cannot read the hub also ends as a function error; those are SyncErrorsAlarm's, so
    // this alarm counts only the errors SyncErrors does not explain (crash, timeout, out of memory).
    const functionErrors = props.syncFunction.metricErrors({ period: syncPeriod, statistic: cloudwatch.Stats.SUM });
    this.syncFunctionErrorsAlarm = atLeastOnce(
      'SyncFunctionErrorsAlarm',
      new cloudwatch.MathExpression({
        expression: 'FILL(errors, 0) - MIN([FILL(errors, 0), FILL(syncErrors, 0)])',
        usingMetrics: { errors: functionErrors, syncErrors: syncMetric('SyncErrors') },
        period: syncPeriod,
        label: 'Sync function errors not counted as SyncErrors',
      }),
      'The sync function failed for a reason other than an unreadable hub: crash, timeout or out of memory. See its logs (REPORT lines show duration and memory) and the sync dead-letter queue.',
    );
    this.heartbeatAlarm = alarm('HeartbeatAlarm', {
      metric: props.syncFunction.metricInvocations({ period: syncPeriod, statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      evaluationPeriods: HEARTBEAT_MISSED_SYNCS,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // The absence of invocations is exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription:
        `The sync function has not run for ${HEARTBEAT_MISSED_SYNCS} sync intervals: the schedule is disabled or deleted, the Scheduler role cannot invoke it, ` +
        'or its invocations expire while throttled. Nothing is reconciled until it runs again.',
    });
    this.deadLetterQueueAlarm = atLeastOnce(
      'DeadLetterQueueAlarm',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      'Sync invocations wait in the sync dead-letter queue: failed runs, expired ticks or deliveries the Scheduler gave up on. Read the messages (their attributes name the error), then purge the queue.',
    );
    const targetErrors = props.scheduleGroupNames.map((group) => new cloudwatch.Metric({
      namespace: 'AWS/Scheduler',
      metricName: 'TargetErrorCount',
      dimensionsMap: { ScheduleGroup: group },
      statistic: cloudwatch.Stats.SUM,
      period: syncPeriod,
    }));
    this.schedulerTargetErrorsAlarm = atLeastOnce(
      'SchedulerTargetErrorsAlarm',
      // One hub: its group's metric. Several: their sum (FILL: a group without errors has no data).
      targetErrors.length === 1 ? targetErrors[0] : new cloudwatch.MathExpression({
        expression: targetErrors.map((_, i) => `FILL(g${i}, 0)`).join(' + '),
        usingMetrics: Object.fromEntries(targetErrors.map((metric, i) => [`g${i}`, metric])),
        period: syncPeriod,
        label: 'TargetErrorCount of every hub\'s schedule group',
      }),
      'EventBridge Scheduler could not invoke the sync function (role, permissions, function missing or throttled). See the Scheduler console and the sync dead-letter queue.',
    );
    const nodesFailedPeriods = Math.max(1, Math.ceil(props.nodesFailedAlarmMinutes / syncRateMinutes(props.syncIntervalSeconds)));
    this.nodesFailedAlarm = alarm('NodesFailedAlarm', {
      // The lowest count within each sync: only nodes that stay failed keep it above zero.
      metric: syncMetric('NodesFailed', cloudwatch.Stats.MINIMUM),
      threshold: 1,
      evaluationPeriods: nodesFailedPeriods,
      datapointsToAlarm: nodesFailedPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // A sync that did not report keeps the state as it is (HeartbeatAlarm covers syncs that do not run).
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      alarmDescription:
        `At least one node has been failed for ${props.nodesFailedAlarmMinutes} minutes: its execution failed and retries have not fixed it. ` +
        'kubectl get lynqnode -A shows which (FAILED column); its Degraded condition and the failed execution say why.',
    });
    this.executionsTimedOutOrAbortedAlarm = atLeastOnce(
      'ExecutionsTimedOutOrAbortedAlarm',
      new cloudwatch.MathExpression({
        expression: 'FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          timedOut: props.stateMachine.metricTimedOut({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
          aborted: props.stateMachine.metricAborted({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
        },
        period: Duration.minutes(1),
        label: 'Executions timed out or aborted',
      }),
      'A reconcile-node execution timed out or was stopped before it could record a result: its LynqNode may still say Progressing. Open the execution in the Step Functions console.',
    );
    this.deletionGuardAlarm = atLeastOnce(
      'DeletionGuardAlarm',
      syncMetric('DeletionGuardTripped', cloudwatch.Stats.MAXIMUM),
      'The mass-deletion guard held back deprovisioning: too many nodes vanished from the hub at once. Check the table; set allowMassDelete to proceed.',
    );

    const alarms = [
      this.syncErrorsAlarm, this.syncFunctionErrorsAlarm, this.heartbeatAlarm, this.deadLetterQueueAlarm, this.schedulerTargetErrorsAlarm,
      this.nodesFailedAlarm, this.executionsTimedOutOrAbortedAlarm, this.deletionGuardAlarm,
    ];
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
        left: [
          syncMetric('NodesDesired', cloudwatch.Stats.MAXIMUM, Duration.minutes(5)),
          syncMetric('NodesReady', cloudwatch.Stats.MAXIMUM, Duration.minutes(5)),
          syncMetric('NodesFailed', cloudwatch.Stats.MAXIMUM, Duration.minutes(5)),
        ],
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
          // Left for the next sync when the time budget ended a round (a large rollout).
          syncMetric('StartsDeferred'),
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
