// The deployable stack: maps cdk.json context (StackSettings) onto the LynqSfn construct.
// Environment-agnostic and lookup-free, so `cdk synth` works offline.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { LynqSfn } from './lynq-sfn-construct';
import { addLynqNagSuppressions } from './nag-suppressions';
import type { StackSettings } from './stack-settings';

export interface LynqSfnStackProps extends StackProps {
  settings: StackSettings;
}

export class LynqSfnStack extends Stack {
  readonly lynq: LynqSfn;
  /** Set when the stack created its own VPC (demoVpc=true). */
  readonly createdVpc?: ec2.Vpc;

  constructor(scope: Construct, id: string, props: LynqSfnStackProps) {
    super(scope, id, props);
    const s = props.settings;

    let vpc: ec2.IVpc;
    let vpcSubnets: ec2.SubnetSelection;
    if (!s.demoVpc) {
      if (s.vpcId === undefined) throw new Error('LynqSfnStack: vpcId is required unless demoVpc is set'); // readStackSettings says so first
      // Imported by attributes, not looked up: synth needs no AWS credentials.
      vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', { vpcId: s.vpcId, availabilityZones: this.availabilityZones });
      vpcSubnets = { subnets: s.subnetIds.map((subnetId, index) => ec2.Subnet.fromSubnetId(this, `Subnet${index}`, subnetId)) };
    } else {
      // Demo network, only on request: isolated from the user's MySQL and cluster, and it costs a NAT gateway.
      this.createdVpc = new ec2.Vpc(this, 'Vpc', {
        maxAzs: 2,
        natGateways: 1,
        subnetConfiguration: [
          { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
          { name: 'functions', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        ],
        flowLogs: { rejected: { trafficType: ec2.FlowLogTrafficType.REJECT } },
      });
      vpc = this.createdVpc;
      vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
    }
    const securityGroups = s.securityGroupIds.length
      ? s.securityGroupIds.map((groupId, index) => ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup${index}`, groupId))
      : undefined;

    const mysqlSecret =
      s.mysqlSecretArn !== undefined
        ? secretsmanager.Secret.fromSecretCompleteArn(this, 'MysqlSecret', s.mysqlSecretArn)
        : secretsmanager.Secret.fromSecretNameV2(this, 'MysqlSecret', s.mysqlSecretName ?? 'lynq-sfn/mysql');

    this.lynq = new LynqSfn(this, 'Lynq', {
      configDir: s.configDir,
      eksClusterName: s.eksClusterName,
      vpc,
      vpcSubnets,
      securityGroups,
      mysqlSecret,
      mysqlHost: s.mysqlHost,
      mysqlTls: s.mysqlTls,
      mysqlCaFile: s.mysqlCaFile,
      nodesFailedAlarmMinutes: s.nodesFailedAlarmMinutes,
      alarmTopic: s.alarmTopicArn !== undefined ? sns.Topic.fromTopicArn(this, 'AlarmTopic', s.alarmTopicArn) : undefined,
      recordNamespace: s.recordNamespace,
      syncFunction: { memorySizeMb: s.syncMemoryMb, timeout: Duration.seconds(s.syncTimeoutSeconds) },
      taskFunctions: { memorySizeMb: s.taskMemoryMb, timeout: Duration.seconds(s.taskTimeoutSeconds) },
      deletionGuard: { maxDeletePercent: s.maxDeletePercent, allowMassDelete: s.allowMassDelete, minDeletions: s.guardMinDeletions },
      driftCorrection: { intervalMinutes: s.driftIntervalMinutes, maxConcurrentRepairs: s.driftMaxConcurrentRepairs },
      fanOut: { maxStartsPerSecond: s.maxStartsPerSecond, maxStartsInFlight: s.maxStartsInFlight },
      logRetention: retentionDays(s.logRetentionDays),
    });
    addLynqNagSuppressions(this, this.lynq);

    // What docs/deploy.md's first checks after a deploy look up.
    new CfnOutput(this, 'SyncFunctionName', { value: this.lynq.functions.sync.functionName });
    new CfnOutput(this, 'StateMachineArn', { value: this.lynq.reconcile.stateMachine.stateMachineArn });
    new CfnOutput(this, 'DashboardName', { value: this.lynq.observability.dashboard.dashboardName });
    new CfnOutput(this, 'SyncDeadLetterQueueUrl', { value: this.lynq.syncDeadLetterQueue.queueUrl });
  }
}

/** cdk.json's number of days as CloudWatch Logs' retention (whose values are those numbers of days). */
function retentionDays(days: number): RetentionDays {
  const known = (Object.values(RetentionDays) as unknown[]).find((value): value is RetentionDays => value === days);
  if (known === undefined) throw new Error(`logRetentionDays ${days} is not a CloudWatch Logs retention period`);
  return known;
}
