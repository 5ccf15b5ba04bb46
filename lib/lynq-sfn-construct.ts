// The reusable construct: sync function + schedule, reconcile state machine and its
// task functions, least-privilege permissions, EKS access entries, alarms, dashboard.
import type { MysqlTls } from '../lambdas/adapters/mysql-connection-settings';
import * as path from 'node:path';
import { Annotations, Duration, Names, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ConfigDirectory, ProjectConfig } from '../lambdas/core/config/config-model';
import { allForms } from '../lambdas/core/config/hub-lookup';
import { describePlaceholder, placeholderFindings } from '../lambdas/core/config/placeholder-values';
import { DEFAULT_RECORD_NAMESPACE } from '../lambdas/core/apply/tracking-labels';
import { stageCompiledConfig } from './config-asset-hooks';
import { LynqFunctions, TASK_FUNCTION_NAMES } from './lynq-functions';
import { LynqObservability, METRICS_NAMESPACE, SYNC_METRICS_SERVICE } from './lynq-observability';
import { assertReachableMysqlHost, defaultMysqlTls } from './mysql-endpoint';
import { shippedMysqlCa } from './mysql-ca-asset';
import { LynqPermissions } from './lynq-permissions';
import { ReconcileStateMachine } from './reconcile-state-machine';
import { DEFAULT_DRIFT_SETTINGS } from '../lambdas/core/sync/drift-settings';
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

export interface DriftCorrectionProps {
  /** The first sync of every such period runs a drift detection round; 0 turns drift correction off. Default 10. */
  intervalMinutes?: number;
  /** Drift repair executions running at once, at most. Default 10. */
  maxConcurrentRepairs?: number;
}

/** How fast the sync starts executions (LYNQ_MAX_STARTS_PER_SECOND, LYNQ_MAX_STARTS_IN_FLIGHT). */
export interface FanOutProps {
  /** StartExecution calls per second, retries included. Default: the sync's (120, under the 300/s quota refill). */
  maxStartsPerSecond?: number;
  /** StartExecution calls in flight at once. Default: the sync's (32). */
  maxStartsInFlight?: number;
}

export interface LynqSfnProps {
  /** Directory with the hubs and the forms; validated and compiled at synth into every bundle (lynq-config.json). */
  configDir: string;
  eksClusterName: string;
  vpc: ec2.IVpc;
  /** Subnets the functions run in; they need a route to the EKS API, MySQL, STS, Secrets Manager and Step Functions. */
  vpcSubnets?: ec2.SubnetSelection;
  /** Default: one security group allowing all outbound traffic and no inbound. */
  securityGroups?: ec2.ISecurityGroup[];
  /**
   * Holds the MySQL password (raw SecretString, or JSON with a `password` key), for every hub.
   * May be left out only when every hub gives `passwordRef` (read from Kubernetes instead).
   */
  mysqlSecret?: secretsmanager.ISecret;
  /** Overrides every hub's mysql.host. The effective host must not be a loopback address. */
  mysqlHost?: string;
  /** TLS to MySQL: required (system CAs) or rds (the RDS CA bundle); off only when set explicitly. Default: rds for *.rds.amazonaws.com hosts, required otherwise. */
  mysqlTls?: MysqlTls;
  /**
   * PEM file (absolute path) of the CAs that verify MySQL instead of the system CAs or the RDS CA
   * bundle, e.g. a private CA: shipped with the sync and LoadNode, checked at synth; needs TLS on.
   */
  mysqlCaFile?: string;
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
  driftCorrection?: DriftCorrectionProps;
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
  /** Every hub of the configuration directory, with its forms. */
  readonly directory: ConfigDirectory;
  /** The first hub (the only one in a single-hub directory). */
  readonly config: ProjectConfig;
  readonly functions: LynqFunctions;
  readonly reconcile: ReconcileStateMachine;
  /** One schedule per hub, in the order of `directory.hubs`; each invokes the sync with `{"hub": name}`. */
  readonly schedules: SyncSchedule[];
  /** The first hub's schedule (the only one in a single-hub directory). */
  readonly schedule: SyncSchedule;
  readonly syncDeadLetterQueue: sqs.Queue;
  readonly permissions: LynqPermissions;
  readonly observability: LynqObservability;

  constructor(scope: Construct, id: string, props: LynqSfnProps) {
    super(scope, id);
    // Throws ConfigError naming file, resource and field: a broken form fails `cdk synth`.
    const compiled = stageCompiledConfig(props.configDir, stagingDirOf(this));
    this.directory = compiled.directory;
    this.config = this.directory.hubs[0];
    const forms = allForms(this.directory);
    for (const finding of placeholderFindings(forms)) {
      Annotations.of(this).addWarningV2(`lynq-sfn:placeholder:${finding.resourceId}:${finding.field}`, describePlaceholder(finding));
    }
    const serviceName = props.serviceName ?? 'lynq-sfn';
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const guard = props.deletionGuard ?? {};
    // Unique within the app, so two constructs (in one stack or several) never share a physical name.
    const uniqueName = Names.uniqueResourceName(this, { separator: '-', maxLength: 64 });

    const hubs = this.directory.hubs.map((project) => project.hub);
    for (const hub of props.mysqlHost !== undefined ? [] : hubs) {
      assertReachableMysqlHost(hub.source.mysql.host, `${path.basename(hub.file)} spec.source.mysql.host`);
    }
    if (props.mysqlHost !== undefined) assertReachableMysqlHost(props.mysqlHost, 'the mysqlHost setting');
    const mysqlHost = props.mysqlHost ?? this.config.hub.source.mysql.host;
    const withoutPassword = hubs.filter((hub) => !hub.source.mysql.passwordRef);
    if (!props.mysqlSecret && withoutPassword.length > 0) {
      throw new Error(`no mysqlSecret, and hub(s) ${withoutPassword.map((h) => `'${h.name}' (${path.basename(h.file)})`).join(', ')} give no spec.source.mysql.passwordRef: their MySQL password would come from nowhere`);
    }

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

    const mysqlTls = props.mysqlTls ?? defaultMysqlTls(mysqlHost);
    const environment: Record<string, string> = {
      LYNQ_EKS_CLUSTER: props.eksClusterName,
      ...(props.mysqlSecret ? { LYNQ_MYSQL_SECRET_ARN: props.mysqlSecret.secretArn } : {}),
      LYNQ_RECORD_NAMESPACE: props.recordNamespace ?? DEFAULT_RECORD_NAMESPACE,
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      ...(props.mysqlHost ? { LYNQ_MYSQL_HOST: props.mysqlHost } : {}),
      LYNQ_MYSQL_TLS: mysqlTls,
      ...(props.providerErrorLimits?.maxChecks !== undefined ? { LYNQ_PROVIDER_ERROR_MAX_CHECKS: String(props.providerErrorLimits.maxChecks) } : {}),
      ...(props.providerErrorLimits?.maxSeconds !== undefined ? { LYNQ_PROVIDER_ERROR_MAX_SECONDS: String(props.providerErrorLimits.maxSeconds) } : {}),
    };
    const metricsService = props.metricsService ?? SYNC_METRICS_SERVICE;
    const syncEnvironment: Record<string, string> = {
      LYNQ_METRICS_SERVICE: metricsService,
      LYNQ_MAX_DELETE_PERCENT: String(guard.maxDeletePercent ?? 20),
      LYNQ_ALLOW_MASS_DELETE: String(guard.allowMassDelete ?? false),
      ...(guard.minDeletions !== undefined ? { LYNQ_GUARD_MIN_DELETIONS: String(guard.minDeletions) } : {}),
      LYNQ_DRIFT_INTERVAL_MINUTES: String(props.driftCorrection?.intervalMinutes ?? DEFAULT_DRIFT_SETTINGS.intervalMinutes),
      LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS: String(props.driftCorrection?.maxConcurrentRepairs ?? DEFAULT_DRIFT_SETTINGS.maxConcurrentRepairs),
      ...(props.fanOut?.maxStartsPerSecond !== undefined ? { LYNQ_MAX_STARTS_PER_SECOND: String(props.fanOut.maxStartsPerSecond) } : {}),
      ...(props.fanOut?.maxStartsInFlight !== undefined ? { LYNQ_MAX_STARTS_IN_FLIGHT: String(props.fanOut.maxStartsInFlight) } : {}),
    };

    this.functions = new LynqFunctions(this, 'Functions', {
      compiledConfigFile: compiled.file,
      environment,
      syncEnvironment,
      mysqlCa: shippedMysqlCa(mysqlTls, props.mysqlCaFile),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups,
      sync: { memorySizeMb: props.syncFunction?.memorySizeMb ?? 512, timeout: props.syncFunction?.timeout ?? Duration.minutes(5) },
      task: { memorySizeMb: props.taskFunctions?.memorySizeMb ?? 512, timeout: props.taskFunctions?.timeout ?? Duration.minutes(1) },
      syncDeadLetterQueue: this.syncDeadLetterQueue,
      logRetention,
    });

    this.reconcile = new ReconcileStateMachine(this, 'ReconcileNode', {
      forms,
      tasks: this.functions.tasks,
      logRetention,
      logGroupName: `/aws/vendedlogs/states/${uniqueName}-reconcile-node`,
      taskTimeoutSeconds: (props.taskFunctions?.timeout ?? Duration.minutes(1)).toSeconds(),
    });
    this.functions.sync.addEnvironment('LYNQ_STATE_MACHINE_ARN', this.reconcile.stateMachine.stateMachineArn);

    // One schedule per hub, each in its own group. A single hub keeps the ids and names it had
    // before hubs had their own schedules, so updating a deployed stack does not replace them.
    const single = hubs.length === 1;
    this.schedules = hubs.map((hub) => {
      const id = single ? 'SyncSchedule' : `SyncSchedule-${hub.name}`;
      return new SyncSchedule(this, id, {
        hubName: hub.name,
        syncIntervalSeconds: hub.source.syncIntervalSeconds,
        syncFunction: this.functions.sync,
        deadLetterQueue: this.syncDeadLetterQueue,
        scheduleGroupName: single ? uniqueName : scheduleGroupNameFor(this, id),
      });
    });
    this.schedule = this.schedules[0];

    this.permissions = new LynqPermissions(this, 'Permissions', {
      eksClusterName: props.eksClusterName,
      mysqlSecret: props.mysqlSecret,
      stateMachine: this.reconcile.stateMachine,
      syncRole: this.functions.syncRole,
      taskRoles: this.functions.taskRoles,
    });
    // The first scheduled syncs must not run before the functions may talk to the cluster.
    for (const schedule of this.schedules) {
      for (const entry of this.permissions.accessEntries) schedule.node.addDependency(entry);
    }

    this.observability = new LynqObservability(this, 'Observability', {
      syncFunction: this.functions.sync,
      taskFunctions: TASK_FUNCTION_NAMES.map((name) => this.functions.tasks[name]),
      stateMachine: this.reconcile.stateMachine,
      deadLetterQueue: this.syncDeadLetterQueue,
      alarmTopic: props.alarmTopic,
      syncMetricsService: metricsService,
      // Each hub's sync adds its data points: the longest interval has a point of every hub in each period.
      syncIntervalSeconds: Math.max(...hubs.map((hub) => hub.source.syncIntervalSeconds)),
      nodesFailedAlarmMinutes: props.nodesFailedAlarmMinutes ?? 30,
      scheduleGroupNames: this.schedules.map((schedule) => schedule.group.name ?? ''),
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

/** A schedule group name unique in the app (Scheduler: at most 64 of [0-9a-zA-Z-_.]). */
function scheduleGroupNameFor(scope: Construct, id: string): string {
  return Names.uniqueResourceName(new Construct(scope, `${id}Name`), { separator: '-', maxLength: 64 });
}

/** Where the compiled config is staged before bundling: the assembly's asset directory (cdk.out). */
function stagingDirOf(scope: Construct): string {
  const stage = Stage.of(scope);
  if (!stage) throw new Error('the LynqSfn construct must be in a CDK App (or Stage): its cloud assembly holds the compiled config');
  return stage.assetOutdir;
}
