// The reusable construct: sync function + schedule, reconcile state machine and its
// task functions, least-privilege permissions, EKS access entries, alarms, dashboard.
import type { MysqlTls } from '../lambdas/adapters/mysql-connection-settings';
import * as path from 'node:path';
import { Annotations, Duration, Names } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { loadProjectConfig } from '../lambdas/adapters/config-directory';
import type { ProjectConfig } from '../lambdas/core/config/config-model';
import { describePlaceholder, placeholderFindings } from '../lambdas/core/config/placeholder-values';
import { DEFAULT_RECORD_NAMESPACE } from '../lambdas/core/apply/tracking-labels';
import { LynqFunctions, TASK_FUNCTION_NAMES } from './lynq-functions';
import { LynqObservability, METRICS_NAMESPACE, SYNC_METRICS_SERVICE } from './lynq-observability';
import { assertReachableMysqlHost, defaultMysqlTls } from './mysql-endpoint';
import { LynqPermissions } from './lynq-permissions';
import { ReconcileStateMachine } from './reconcile-state-machine';
import { SyncSchedule } from './sync-schedule';

export interface FunctionSizingProps {
  memorySizeMb?: number;
  timeout?: Duration;
}

export interface DeletionGuardProps {
  /** A sync that would deprovision more than this share (%) of recorded nodes deprovisions none. Default 20. */
  maxDeletePercent?: number;
  /** Below this many deletions the guard never trips. Default: the sync's own default (3). */
  minDeletions?: number;
  /** Lifts the guard. Default false. */
  allowMassDelete?: boolean;
}

/** How fast the sync starts executions (LYNQ_MAX_STARTS_PER_SECOND, LYNQ_MAX_STARTS_IN_FLIGHT). */
export interface FanOutProps {
  /** StartExecution calls per second, retries included. Default: the sync's (120, under the 300/s quota refill). */
  maxStartsPerSecond?: number;
  /** StartExecution calls in flight at once. Default: the sync's (32). */
  maxStartsInFlight?: number;
}

export interface LynqSfnProps {
  /** Directory with hub.yaml and the forms; validated at synth and copied into every bundle. */
  configDir: string;
  eksClusterName: string;
  vpc: ec2.IVpc;
  /** Subnets the functions run in; they need a route to the EKS API, MySQL, STS, Secrets Manager and Step Functions. */
  vpcSubnets?: ec2.SubnetSelection;
  /** Default: one security group allowing all outbound traffic and no inbound. */
  securityGroups?: ec2.ISecurityGroup[];
  /** Holds the MySQL password (raw SecretString, or JSON with a `password` key). */
  mysqlSecret: secretsmanager.ISecret;
  /** Overrides the hub's mysql.host. The effective host must not be a loopback address. */
  mysqlHost?: string;
  /** TLS to MySQL: required (system CAs) or rds (the RDS CA bundle); off only when set explicitly. Default: rds for *.rds.amazonaws.com hosts, required otherwise. */
  mysqlTls?: MysqlTls;
  /** Receives ALARM and OK notifications. Without it, synth warns: the alarms would notify nobody. */
  alarmTopic?: sns.ITopic;
  /** Minutes a node may stay failed before NodesFailedAlarm fires. Default 30. */
  nodesFailedAlarmMinutes?: number;
  /** Namespace of the LynqNode records. Default lynq-system. */
  recordNamespace?: string;
  /** Default 512 MB, 300 s. */
  syncFunction?: FunctionSizingProps;
  /** The state machine's task functions. Default 512 MB, 60 s. */
  taskFunctions?: FunctionSizingProps;
  deletionGuard?: DeletionGuardProps;
  fanOut?: FanOutProps;
  /** Default one month. */
  logRetention?: logs.RetentionDays;
  /** POWERTOOLS_SERVICE_NAME (the `service` key of every log line). Default lynq-sfn. */
  serviceName?: string;
  /**
   * The `service` dimension of the sync's metrics, which its alarms watch. Default `sync`; give each
   * deployment in one account and region its own, or their alarms see each other's metrics.
   */
  metricsService?: string;
  /**
   * How long CheckReady waits out a transient Crossplane provider error (Synced=False for throttling
   * and the like) before the resource fails. Default 10 checks or 600 s, whichever comes first.
   */
  providerErrorLimits?: { maxChecks?: number; maxSeconds?: number };
}

export class LynqSfn extends Construct {
  readonly config: ProjectConfig;
  readonly functions: LynqFunctions;
  readonly reconcile: ReconcileStateMachine;
  readonly schedule: SyncSchedule;
  readonly syncDeadLetterQueue: sqs.Queue;
  readonly permissions: LynqPermissions;
  readonly observability: LynqObservability;

  constructor(scope: Construct, id: string, props: LynqSfnProps) {
    super(scope, id);
    // Throws ConfigError naming file, resource and field: a broken form fails `cdk synth`.
    this.config = loadProjectConfig(props.configDir);
    const configDir = path.resolve(props.configDir);
    for (const finding of placeholderFindings(this.config.forms)) {
      Annotations.of(this).addWarningV2(`lynq-sfn:placeholder:${finding.resourceId}:${finding.field}`, describePlaceholder(finding));
    }
    const serviceName = props.serviceName ?? 'lynq-sfn';
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const guard = props.deletionGuard ?? {};
    // Unique within the app, so two constructs (in one stack or several) never share a physical name.
    const uniqueName = Names.uniqueResourceName(this, { separator: '-', maxLength: 64 });

    const mysqlHost = props.mysqlHost ?? this.config.hub.source.mysql.host;
    assertReachableMysqlHost(mysqlHost, props.mysqlHost !== undefined ? 'the mysqlHost setting' : `${path.basename(this.config.hub.file)} spec.source.mysql.host`);

    this.syncDeadLetterQueue = new sqs.Queue(this, 'SyncDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const securityGroups = props.securityGroups ?? [
      new ec2.SecurityGroup(this, 'FunctionsSecurityGroup', {
        vpc: props.vpc,
        description: 'lynq-sfn functions: outbound to the EKS API, MySQL and AWS APIs; no inbound',
        allowAllOutbound: true,
      }),
    ];

    const environment: Record<string, string> = {
      LYNQ_EKS_CLUSTER: props.eksClusterName,
      LYNQ_MYSQL_SECRET_ARN: props.mysqlSecret.secretArn,
      LYNQ_RECORD_NAMESPACE: props.recordNamespace ?? DEFAULT_RECORD_NAMESPACE,
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      ...(props.mysqlHost ? { LYNQ_MYSQL_HOST: props.mysqlHost } : {}),
      LYNQ_MYSQL_TLS: props.mysqlTls ?? defaultMysqlTls(mysqlHost),
      ...(props.providerErrorLimits?.maxChecks !== undefined ? { LYNQ_PROVIDER_ERROR_MAX_CHECKS: String(props.providerErrorLimits.maxChecks) } : {}),
      ...(props.providerErrorLimits?.maxSeconds !== undefined ? { LYNQ_PROVIDER_ERROR_MAX_SECONDS: String(props.providerErrorLimits.maxSeconds) } : {}),
    };
    const metricsService = props.metricsService ?? SYNC_METRICS_SERVICE;
    const syncEnvironment: Record<string, string> = {
      LYNQ_METRICS_SERVICE: metricsService,
      LYNQ_MAX_DELETE_PERCENT: String(guard.maxDeletePercent ?? 20),
      LYNQ_ALLOW_MASS_DELETE: String(guard.allowMassDelete ?? false),
      ...(guard.minDeletions !== undefined ? { LYNQ_GUARD_MIN_DELETIONS: String(guard.minDeletions) } : {}),
      ...(props.fanOut?.maxStartsPerSecond !== undefined ? { LYNQ_MAX_STARTS_PER_SECOND: String(props.fanOut.maxStartsPerSecond) } : {}),
      ...(props.fanOut?.maxStartsInFlight !== undefined ? { LYNQ_MAX_STARTS_IN_FLIGHT: String(props.fanOut.maxStartsInFlight) } : {}),
    };

    this.functions = new LynqFunctions(this, 'Functions', {
      configDir,
      // The loader reads the directory's own *.yaml files (not recursive): copy exactly those it used.
      configFiles: [this.config.hub.file, ...this.config.forms.map((form) => form.file)].map((file) => path.join(configDir, path.basename(file))),
      environment,
      syncEnvironment,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups,
      sync: { memorySizeMb: props.syncFunction?.memorySizeMb ?? 512, timeout: props.syncFunction?.timeout ?? Duration.minutes(5) },
      task: { memorySizeMb: props.taskFunctions?.memorySizeMb ?? 512, timeout: props.taskFunctions?.timeout ?? Duration.minutes(1) },
      syncDeadLetterQueue: this.syncDeadLetterQueue,
      logRetention,
    });

    this.reconcile = new ReconcileStateMachine(this, 'ReconcileNode', {
      forms: this.config.forms,
      tasks: this.functions.tasks,
      logRetention,
      logGroupName: `/aws/vendedlogs/states/${uniqueName}-reconcile-node`,
      taskTimeoutSeconds: (props.taskFunctions?.timeout ?? Duration.minutes(1)).toSeconds(),
    });
    this.functions.sync.addEnvironment('LYNQ_STATE_MACHINE_ARN', this.reconcile.stateMachine.stateMachineArn);

    this.schedule = new SyncSchedule(this, 'SyncSchedule', {
      syncIntervalSeconds: this.config.hub.source.syncIntervalSeconds,
      syncFunction: this.functions.sync,
      deadLetterQueue: this.syncDeadLetterQueue,
      scheduleGroupName: uniqueName,
    });

    this.permissions = new LynqPermissions(this, 'Permissions', {
      eksClusterName: props.eksClusterName,
      mysqlSecret: props.mysqlSecret,
      stateMachine: this.reconcile.stateMachine,
      syncRole: this.functions.syncRole,
      taskRoles: this.functions.taskRoles,
    });
    // The first scheduled syncs must not run before the functions may talk to the cluster.
    for (const entry of this.permissions.accessEntries) this.schedule.node.addDependency(entry);

    this.observability = new LynqObservability(this, 'Observability', {
      syncFunction: this.functions.sync,
      taskFunctions: TASK_FUNCTION_NAMES.map((name) => this.functions.tasks[name]),
      stateMachine: this.reconcile.stateMachine,
      deadLetterQueue: this.syncDeadLetterQueue,
      alarmTopic: props.alarmTopic,
      syncMetricsService: metricsService,
      syncIntervalSeconds: this.config.hub.source.syncIntervalSeconds,
      nodesFailedAlarmMinutes: props.nodesFailedAlarmMinutes ?? 30,
      scheduleGroupName: this.schedule.group.name!,
      dashboardName: uniqueName,
    });
    if (!props.alarmTopic) {
      Annotations.of(this).addWarningV2(
        'lynq-sfn:no-alarm-topic',
        'no alarm topic (alarmTopicArn): the alarms change state in CloudWatch but notify nobody',
      );
    }
  }
}
