// EventBridge Scheduler invokes the sync function at the hub's syncInterval.
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Scheduler's finest rate is one minute; shorter hub intervals round up to it. */
export function syncRateMinutes(syncIntervalSeconds: number): number {
  return Math.max(1, Math.ceil(syncIntervalSeconds / 60));
}

export interface SyncScheduleProps {
  syncIntervalSeconds: number;
  syncFunction: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
}

export class SyncSchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly rateMinutes: number;

  constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);
    this.rateMinutes = syncRateMinutes(props.syncIntervalSeconds);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `lynq-sfn sync every ${this.rateMinutes} minute(s)`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(this.rateMinutes)),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(props.syncFunction, {
        deadLetterQueue: props.deadLetterQueue,
        // A missed tick is replaced by the next one; old ticks are not worth replaying.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(Math.max(1, this.rateMinutes)),
      }),
    });
  }
}
