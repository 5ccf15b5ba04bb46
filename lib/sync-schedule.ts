// EventBridge Scheduler invokes the sync function at the hub's syncInterval, with the event
// `{"hub": "<name>"}`: one schedule per hub, so each hub is synced on its own.
// L1 CfnSchedule with its own role, so the role may invoke exactly the sync function
// (the L2 target's grantInvoke would also allow every version and alias: `<arn>:*`).
// The schedule sits in its own schedule group: Scheduler's metrics (TargetErrorCount) are per
// group, so the alarm on them sees this schedule only. Its name is fixed so the role's trust
// policy can name it in aws:SourceArn (its generated ARN would make a dependency cycle).
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Scheduler's finest rate is one minute; shorter hub intervals round up to it. */
export function syncRateMinutes(syncIntervalSeconds: number): number {
  return Math.max(1, Math.ceil(syncIntervalSeconds / 60));
}

/** `rate(1 minute)` / `rate(N minutes)`: Scheduler rejects `rate(1 minutes)`. */
export function syncScheduleExpression(syncIntervalSeconds: number): string {
  const minutes = syncRateMinutes(syncIntervalSeconds);
  return minutes === 1 ? 'rate(1 minute)' : `rate(${minutes} minutes)`;
}

export interface SyncScheduleProps {
  /** The hub this schedule syncs (the sync event's `hub`). */
  hubName: string;
  syncIntervalSeconds: number;
  syncFunction: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  /** Name of the schedule group, and of the one schedule in it: unique per construct. */
  scheduleGroupName: string;
}

export class SyncSchedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly group: scheduler.CfnScheduleGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.group = new scheduler.CfnScheduleGroup(this, 'Group', { name: props.scheduleGroupName });
    const scheduleArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${props.scheduleGroupName}/${props.scheduleGroupName}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.role = new iam.Role(this, 'InvokeRole', {
      // Only this schedule may assume the role (confused deputy: any schedule in the account could otherwise).
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': scheduleArn } },
      }),
      description: 'EventBridge Scheduler: invoke the lynq-sfn sync function',
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'InvokeSync', actions: ['lambda:InvokeFunction'], resources: [props.syncFunction.functionArn] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'DeadLetter', actions: ['sqs:SendMessage'], resources: [props.deadLetterQueue.queueArn] }),
    );

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      // The same unique name as its group: CloudFormation's linter treats Name alone as the identifier.
      name: props.scheduleGroupName,
      groupName: props.scheduleGroupName,
      description: `lynq-sfn: sync the table of hub ${props.hubName} with the cluster`,
      scheduleExpression: syncScheduleExpression(props.syncIntervalSeconds),
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.syncFunction.functionArn,
        roleArn: this.role.roleArn,
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        input: JSON.stringify({ hub: props.hubName }),
        // A missed tick is replaced by the next one; replaying old ticks only queues behind it.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 * syncRateMinutes(props.syncIntervalSeconds) },
      },
    });
    // The policy must exist before the first tick tries to invoke.
    this.schedule.node.addDependency(this.role);
    this.schedule.node.addDependency(this.group);
  }
}
