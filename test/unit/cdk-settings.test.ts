// cdk.json context -> stack: every setting reaches the resource it controls; bad settings
// and bad config fail synth with a message that names the problem. Bundling is skipped here.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import type { FormConfig, ResourceTemplate } from '../../lambdas/core/config/config-model';
import {
  EXECUTION_TIMEOUT_BASE_MARGIN_SECONDS,
  EXECUTION_TIMEOUT_CAP_SECONDS,
  executionTimeoutForForms,
} from '../../lambdas/core/config/execution-timeout';
import { shipMysqlCaCommand, SHIPPED_CA_FILE_NAMES } from '../../lib/mysql-ca-asset';
import { defaultMysqlTls, isLoopbackHost } from '../../lib/mysql-endpoint';
import { readStackSettings, StackSettingsError } from '../../lib/stack-settings';
import { syncScheduleExpression } from '../../lib/sync-schedule';
import { buildTestStack, copyConfigDir, PROJECT_ROOT, removeTestDirs, type TestStack } from './cdk-test-app';

afterAll(() => { removeTestDirs(); });

type Json = Record<string, any>;

function resourcesOfType(template: Json, type: string): Json[] {
  return Object.values(template.Resources as Record<string, Json>).filter((r) => r.Type === type);
}

function rewriteFile(file: string, from: string | RegExp, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  fs.writeFileSync(file, next);
}

describe('context settings reach the stack', () => {
  let template: Json;
  const topicArn = 'arn:aws:sns:eu-west-1:123456789012:lynq-alarms';
  const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/mysql-AbCdEf';

  beforeAll(() => {
    const built = buildTestStack({
      stackName: 'LynqProd',
      eksClusterName: 'prod-cluster',
      mysqlSecretArn: secretArn,
      mysqlHost: 'hub.cluster-xyz.eu-west-1.rds.amazonaws.com',
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: 'subnet-0aaaaaaaaaaaaaaa1, subnet-0bbbbbbbbbbbbbbb2', // as `-c subnetIds=...` gives it
      securityGroupIds: ['sg-0123456789abcdef0'],
      alarmTopicArn: topicArn,
      recordNamespace: 'lynq-records',
      maxDeletePercent: '5',
      guardMinDeletions: 10,
      allowMassDelete: 'true',
      driftIntervalMinutes: '15',
      driftMaxConcurrentRepairs: 4,
      maxStartsPerSecond: '200',
      maxStartsInFlight: 64,
      syncMemoryMb: 1024,
      taskTimeoutSeconds: '120',
      logRetentionDays: 90,
    });
    template = built.template.toJSON();
    expect(built.stack.stackName).toBe('LynqProd');
  });

  it('outputs what the deploy guide looks up', () => {
    expect(Object.keys(template.Outputs).sort()).toEqual(['DashboardName', 'StateMachineArn', 'SyncDeadLetterQueueUrl', 'SyncFunctionName']);
  });

  it('sends every alarm, and its recovery, to the SNS topic', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(8);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([topicArn]);
      expect(alarm.Properties.OKActions).toEqual([topicArn]);
    }
  });

  it('runs the functions in the given subnets and security groups without creating a VPC', () => {
    expect(resourcesOfType(template, 'AWS::EC2::VPC')).toHaveLength(0);
    expect(resourcesOfType(template, 'AWS::EC2::SecurityGroup')).toHaveLength(0);
    for (const fn of resourcesOfType(template, 'AWS::Lambda::Function')) {
      expect(fn.Properties.VpcConfig).toEqual({ SubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'], SecurityGroupIds: ['sg-0123456789abcdef0'] });
    }
  });

  it('grants the exact secret ARN and names the exact cluster', () => {
    const statements = resourcesOfType(template, 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    const secretStatements = statements.filter((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(secretStatements).toHaveLength(2); // the sync and LoadNode
    for (const s of secretStatements) expect(s.Resource).toBe(secretArn);
    const clusterStatements = statements.filter((s) => s.Action === 'eks:DescribeCluster');
    expect(clusterStatements).toHaveLength(7);
    for (const s of clusterStatements) expect(JSON.stringify(s.Resource)).toContain(':cluster/prod-cluster');
    for (const entry of resourcesOfType(template, 'AWS::EKS::AccessEntry')) expect(entry.Properties.ClusterName).toBe('prod-cluster');
  });

  it('passes host, namespace and deletion guard to the functions, and sizes them', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    const sync = functions.filter((fn) => fn.Properties.ReservedConcurrentExecutions === 1);
    expect(sync).toHaveLength(1);
    expect(sync[0].Properties.MemorySize).toBe(1024);
    expect(sync[0].Properties.Environment.Variables).toMatchObject({
      LYNQ_EKS_CLUSTER: 'prod-cluster',
      LYNQ_MYSQL_SECRET_ARN: secretArn,
      LYNQ_MYSQL_HOST: 'hub.cluster-xyz.eu-west-1.rds.amazonaws.com',
      LYNQ_RECORD_NAMESPACE: 'lynq-records',
      LYNQ_MAX_DELETE_PERCENT: '5',
      LYNQ_GUARD_MIN_DELETIONS: '10',
      LYNQ_ALLOW_MASS_DELETE: 'true',
      LYNQ_DRIFT_INTERVAL_MINUTES: '15',
      LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS: '4',
      LYNQ_MAX_STARTS_PER_SECOND: '200',
      LYNQ_MAX_STARTS_IN_FLIGHT: '64',
      LYNQ_MYSQL_TLS: 'rds',
    });
    const tasks = functions.filter((fn) => fn.Properties.ReservedConcurrentExecutions === undefined);
    expect(tasks).toHaveLength(6);
    for (const task of tasks) expect(task.Properties.Timeout).toBe(120);
  });

  it('keeps logs for the configured number of days and names the log group after the stack and construct', () => {
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(8);
    for (const group of logGroups) expect(group.Properties.RetentionInDays).toBe(90);
    expect(logGroups.map((g) => g.Properties.LogGroupName)).toContainEqual(expect.stringMatching(/^\/aws\/vendedlogs\/states\/LynqProd-Lynq-[0-9A-F]{8}-reconcile-node$/));
  });
});

describe('the hub syncInterval sets the schedule', () => {
  it.each([
    [30, 'rate(1 minute)'],
    [60, 'rate(1 minute)'],
    [90, 'rate(2 minutes)'],
    [300, 'rate(5 minutes)'],
    [3600, 'rate(60 minutes)'],
  ])('%i s -> %s', (seconds, expression) => {
    expect(syncScheduleExpression(seconds)).toBe(expression);
  });

  it('synthesizes rate(5 minutes) for syncInterval 5m', () => {
    const dir = copyConfigDir();
    rewriteFile(path.join(dir, 'hub.yaml'), /syncInterval: *\S+/, 'syncInterval: 5m');
    const { template } = buildTestStack({ configDir: dir });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
  });
});

describe('a hub whose last form was removed', () => {
  it('synthesizes, so the deployed sync can deprovision its nodes', () => {
    const dir = copyConfigDir();
    fs.rmSync(path.join(dir, 'form.yaml'));
    const { template } = buildTestStack({ configDir: dir });
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });
});

describe('a broken config fails synth with the loader message', () => {
  it('names the file, the resource and the field of an unknown dependency', () => {
    const dir = copyConfigDir();
    rewriteFile(path.join(dir, 'form.yaml'), /dependIds: *\[ *"?node-namespace"? *\]/, 'dependIds: ["no-such-resource"]');
    let loaderMessage = '';
    try {
      loadProjectConfig(dir);
    } catch (error) {
      loaderMessage = (error as Error).message;
    }
    expect(loaderMessage).toContain('form.yaml');
    expect(loaderMessage).toContain('no-such-resource');
    expect(() => buildTestStack({ configDir: dir })).toThrow(loaderMessage);
  });

  it('fails on an ejs syntax error in a template', () => {
    const dir = copyConfigDir();
    rewriteFile(path.join(dir, 'form.yaml'), /<%= *uid *%>/, '<%= uid ');
    expect(() => buildTestStack({ configDir: dir })).toThrow(/form\.yaml/);
  });
});

describe('execution timeout', () => {
  function resource(id: string, timeoutSeconds: number): ResourceTemplate {
    return {
      id, list: 'manifests', spec: { apiVersion: 'v1', kind: 'ConfigMap' }, nameTemplate: id, targetNamespace: 'default',
      labelsTemplate: {}, annotationsTemplate: {}, dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete',
      conflictPolicy: 'Stuck', patchStrategy: 'apply', waitForReady: true, timeoutSeconds, skipOnDependencyFailure: true, ignoreFields: [],
    };
  }
  const form = (name: string, timeouts: number[]): FormConfig => ({
    name, file: `${name}.yaml`, hubId: 'hub', contentHash: name, resources: timeouts.map((t, i) => resource(`r${i}`, t)),
  });

  it('outlasts the longest form: sum of timeouts + 60 s per resource + 10 min', () => {
    expect(executionTimeoutForForms([form('small', [300]), form('db', [300, 1800, 300])])).toEqual({
      seconds: 2400 + 3 * 60 + 600, neededSeconds: 3180, longestForm: 'db', capped: false,
    });
    expect(executionTimeoutForForms([]).seconds).toBe(EXECUTION_TIMEOUT_BASE_MARGIN_SECONDS);
  });

  it('caps at a day; a form that would need longer is refused at synth by the history-event budget', () => {
    const timeout = executionTimeoutForForms([form('huge', Array.from({ length: 30 }, () => 3600))]);
    expect(timeout).toMatchObject({ seconds: EXECUTION_TIMEOUT_CAP_SECONDS, capped: true, longestForm: 'huge' });

    // A second form that would need 30 hours: 30 resources that may each poll for an hour could
    // pass Step Functions' 25,000 history events, so synth refuses it and says what to lower.
    const dir = copyConfigDir();
    const configMaps = Array.from({ length: 30 }, (_, i) =>
      `    - id: cm-${i}\n      nameTemplate: "cm-${i}"\n      targetNamespace: default\n      timeoutSeconds: 3600\n      spec:\n        apiVersion: v1\n        kind: ConfigMap\n`,
    ).join('');
    fs.writeFileSync(
      path.join(dir, 'slow-form.yaml'),
      `apiVersion: sfn.lynq.sh/v1\nkind: LynqForm\nmetadata:\n  name: slow\nspec:\n  hubId: database-per-node\n  configMaps:\n${configMaps}`,
    );
    expect(() => buildTestStack({ configDir: dir })).toThrow(/form slow: in the worst case one execution records \d+ history events, more than Step Functions' 25000; lower the resources' timeoutSeconds/);
  });
});

describe('readStackSettings', () => {
  const read = (context: Record<string, unknown>) => readStackSettings((key) => context[key], '/project');

  const deployable = { vpcId: 'vpc-1', subnetIds: 'subnet-1,subnet-2' };

  it('has defaults for everything but the network', () => {
    expect(read(deployable)).toEqual({
      stackName: 'LynqSfn',
      configDir: '/project/examples/database-per-node',
      eksClusterName: 'lynq-sfn',
      mysqlSecretName: 'lynq-sfn/mysql',
      mysqlSecretArn: undefined,
      mysqlHost: undefined,
      mysqlTls: undefined,
      mysqlCaFile: undefined,
      vpcId: 'vpc-1',
      subnetIds: ['subnet-1', 'subnet-2'],
      securityGroupIds: [],
      demoVpc: false,
      nodesFailedAlarmMinutes: 30,
      alarmTopicArn: undefined,
      recordNamespace: 'lynq-system',
      maxDeletePercent: 20,
      guardMinDeletions: undefined,
      allowMassDelete: false,
      driftIntervalMinutes: 10,
      driftMaxConcurrentRepairs: 10,
      maxStartsPerSecond: undefined,
      maxStartsInFlight: undefined,
      syncMemoryMb: 512,
      syncTimeoutSeconds: 300,
      taskMemoryMb: 512,
      taskTimeoutSeconds: 60,
      logRetentionDays: 30,
    });
  });

  it('lists every setting in cdk.json, with the same defaults', () => {
    const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe('npx tsx bin/cdk-app.ts');
    expect(read({ ...cdkJson.context, ...deployable })).toEqual(read(deployable));
    expect(Object.keys(cdkJson.context).sort()).toEqual(Object.keys(read(deployable)).sort());
  });

  it('treats the empty strings of cdk.json as unset', () => {
    expect(read({ ...deployable, mysqlSecretArn: '', guardMinDeletions: '', mysqlTls: '', mysqlCaFile: '' })).toMatchObject({
      mysqlSecretName: 'lynq-sfn/mysql', guardMinDeletions: undefined, mysqlTls: undefined, mysqlCaFile: undefined,
    });
    expect(read({ ...deployable, mysqlCaFile: 'certs/ca.pem' }).mysqlCaFile).toBe('/project/certs/ca.pem');
  });

  it.each([
    [{}, 'cdk context "vpcId": required: the VPC from which the functions reach your MySQL and the EKS API (with subnetIds). For a throwaway test only, -c demoVpc=true'],
    [{ vpcId: '' }, 'cdk context "vpcId": required'],
    [{ vpcId: 'vpc-1' }, 'cdk context "subnetIds": required when vpcId is set'],
    [{ subnetIds: ['subnet-1'] }, 'cdk context "vpcId": required'],
    [{ demoVpc: true, vpcId: 'vpc-1', subnetIds: 'subnet-1' }, 'cdk context "demoVpc": cannot be combined with vpcId, subnetIds or securityGroupIds'],
    [{ ...deployable, maxDeletePercent: 'twenty' }, 'cdk context "maxDeletePercent": expected an integer from 0 to 100, got "twenty"'],
    [{ ...deployable, driftMaxConcurrentRepairs: 0 }, 'cdk context "driftMaxConcurrentRepairs": expected an integer from 1 to 10000, got 0'],
    [{ ...deployable, maxDeletePercent: 120 }, 'cdk context "maxDeletePercent": expected an integer from 0 to 100, got 120'],
    [{ ...deployable, allowMassDelete: 'yes please' }, 'cdk context "allowMassDelete": expected true or false (or yes/no, 1/0), got "yes please"'],
    [{ ...deployable, maxStartsPerSecond: 0 }, 'cdk context "maxStartsPerSecond": expected an integer from 1 to 10000, got 0'],
    [{ ...deployable, logRetentionDays: 13 }, 'cdk context "logRetentionDays": CloudWatch Logs accepts only'],
    [{ ...deployable, mysqlTls: 'maybe' }, 'cdk context "mysqlTls": expected off, required or rds, got "maybe"'],
    [{ ...deployable, nodesFailedAlarmMinutes: 0 }, 'cdk context "nodesFailedAlarmMinutes": expected an integer from 1 to 1440, got 0'],
    [{ subnetIds: 7, vpcId: 'vpc-1' }, 'cdk context "subnetIds": expected a list of strings'],
  ])('rejects %j', (context, message) => {
    expect(() => read(context)).toThrow(StackSettingsError);
    expect(() => read(context)).toThrow(message);
  });
});

describe('a stack that could not work once deployed fails synth', () => {
  it.each([
    [{ mysqlHost: '' }, /MySQL host "127\.0\.0\.1" \(from hub\.yaml spec\.source\.mysql\.host\) is a loopback address: .* -c mysqlHost=<host>/],
    [{ mysqlHost: 'localhost' }, /MySQL host "localhost" \(from the mysqlHost setting\) is a loopback address/],
    [{ mysqlHost: '::1' }, /MySQL host "::1" \(from the mysqlHost setting\) is a loopback address/],
    [{ mysqlHost: '127.0.1.1' }, /loopback address/],
  ])('%j: the effective MySQL host is loopback', (context, message) => {
    expect(() => buildTestStack(context)).toThrow(message);
  });

  it('accepts a loopback-free hub host without mysqlHost', () => {
    const dir = copyConfigDir();
    rewriteFile(path.join(dir, 'hub.yaml'), /host: *127\.0\.0\.1/, 'host: mysql.internal.example.com');
    const { template } = buildTestStack({ configDir: dir, mysqlHost: '' });
    // Not an RDS endpoint: TLS verified against the system CAs.
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { LYNQ_MYSQL_TLS: 'required' } } });
    // Only rds ships a CA file.
    for (const fn of resourcesOfType(template.toJSON(), 'AWS::Lambda::Function')) expect(fn.Properties.Environment.Variables.LYNQ_MYSQL_CA_FILE).toBeUndefined();
  });

  it('turns TLS off only when asked to', () => {
    const { template } = buildTestStack({ mysqlTls: 'off' });
    const functions = resourcesOfType(template.toJSON(), 'AWS::Lambda::Function');
    for (const fn of functions) expect(fn.Properties.Environment.Variables.LYNQ_MYSQL_TLS).toBe('off');
    for (const fn of functions) expect(fn.Properties.Environment.Variables.LYNQ_MYSQL_CA_FILE).toBeUndefined();
  });

  it('ships a private CA (mysqlCaFile) to the hub readers only, and refuses one that is missing, holds no certificate or has TLS off', () => {
    const dir = copyConfigDir();
    const caFile = path.join(dir, 'private-ca.pem');
    fs.writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const variablesOf = (built: TestStack, fn: (functions: TestStack['stack']['lynq']['functions']) => IConstruct) =>
      built.template.toJSON().Resources[built.stack.getLogicalId(fn(built.stack.lynq.functions).node.defaultChild as CfnElement)].Properties.Environment.Variables;
    const required = buildTestStack({ mysqlCaFile: caFile, mysqlTls: 'required' });
    const shipped = `/var/task/${SHIPPED_CA_FILE_NAMES.file}`;
    expect(variablesOf(required, (f) => f.sync).LYNQ_MYSQL_CA_FILE).toBe(shipped);
    expect(variablesOf(required, (f) => f.tasks['load-node']).LYNQ_MYSQL_CA_FILE).toBe(shipped);
    expect(variablesOf(required, (f) => f.tasks['apply-resource']).LYNQ_MYSQL_CA_FILE).toBeUndefined();
    // It replaces the RDS CA bundle too.
    expect(variablesOf(buildTestStack({ mysqlCaFile: caFile }), (f) => f.sync)).toMatchObject({ LYNQ_MYSQL_TLS: 'rds', LYNQ_MYSQL_CA_FILE: shipped });
    expect(() => buildTestStack({ mysqlCaFile: path.join(dir, 'missing.pem') })).toThrow(`mysqlCaFile ${path.join(dir, 'missing.pem')} cannot be read (ENOENT)`);
    expect(() => buildTestStack({ mysqlCaFile: path.join(dir, 'hub.yaml') })).toThrow(`mysqlCaFile ${path.join(dir, 'hub.yaml')} holds no PEM certificate`);
    expect(() => buildTestStack({ mysqlCaFile: caFile, mysqlTls: 'off' })).toThrow(`mysqlCaFile ${caFile} is set but mysqlTls is off`);
  });

  it('copies the private CA into the asset byte for byte (the afterBundling command)', () => {
    const dir = copyConfigDir();
    const caFile = path.join(dir, 'private ca.pem');
    fs.writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    fs.mkdirSync(path.join(dir, 'out'));
    execFileSync('bash', ['-c', shipMysqlCaCommand({ kind: 'file', file: caFile }, path.join(dir, 'out'))]);
    expect(fs.readFileSync(path.join(dir, 'out', SHIPPED_CA_FILE_NAMES.file), 'utf8')).toBe(fs.readFileSync(caFile, 'utf8'));
  });

  it('requires the user\'s VPC unless demoVpc=true, which creates one with a NAT gateway', () => {
    expect(() => buildTestStack({ vpcId: '', subnetIds: '' })).toThrow(StackSettingsError);
    const { template } = buildTestStack({ vpcId: '', subnetIds: '', demoVpc: true });
    expect(resourcesOfType(template.toJSON(), 'AWS::EC2::VPC')).toHaveLength(1);
    expect(resourcesOfType(template.toJSON(), 'AWS::EC2::NatGateway')).toHaveLength(1);
  });

  it('passes nodesFailedAlarmMinutes to the alarm, in sync intervals', () => {
    const dir = copyConfigDir();
    rewriteFile(path.join(dir, 'hub.yaml'), /syncInterval: *\S+/, 'syncInterval: 5m');
    const { template } = buildTestStack({ configDir: dir, nodesFailedAlarmMinutes: 60 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'NodesFailed', Period: 300, EvaluationPeriods: 12, DatapointsToAlarm: 12 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Invocations', Period: 300, EvaluationPeriods: 3 });
  });
});

describe('placeholders left in a form', () => {
  it('are each named in a synth warning until replaced', () => {
    const { stack } = buildTestStack({});
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('still holds the placeholder'));
    const texts = warnings.map((w) => w.entry.data as string);
    expect(texts).toEqual(expect.arrayContaining([
      expect.stringMatching(/form\.yaml: form database-provisioning, resource rds-instance: field spec\.spec\.forProvider\.region still holds the placeholder REPLACE_ME_AWS_REGION/),
      expect.stringMatching(/field spec\.spec\.forProvider\.vpcSecurityGroupIds\[0\] still holds the placeholder REPLACE_ME_DB_SECURITY_GROUP_ID/),
      expect.stringMatching(/field spec\.spec\.forProvider\.dbSubnetGroupName still holds the placeholder REPLACE_ME_DB_SUBNET_GROUP_NAME/),
    ]));
    expect(texts).toHaveLength(3);

    const dir = copyConfigDir();
    rewriteFile(path.join(dir, 'form.yaml'), 'REPLACE_ME_AWS_REGION', 'eu-west-1');
    rewriteFile(path.join(dir, 'form.yaml'), 'REPLACE_ME_DB_SECURITY_GROUP_ID', 'sg-0abc');
    rewriteFile(path.join(dir, 'form.yaml'), 'REPLACE_ME_DB_SUBNET_GROUP_NAME', 'nodes');
    const filled = buildTestStack({ configDir: dir });
    expect(Annotations.fromStack(filled.stack).findWarning('*', Match.stringLikeRegexp('still holds the placeholder'))).toEqual([]);
  });
});

describe('the MySQL endpoint', () => {
  it('tells loopback from reachable hosts, and RDS endpoints from others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'db.localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['10.0.0.5', 'hub.internal', '128.0.0.1', 'localhost.example.com']) expect(isLoopbackHost(host)).toBe(false);
    expect(defaultMysqlTls('hub.cluster-xyz.eu-west-1.rds.amazonaws.com')).toBe('rds');
    expect(defaultMysqlTls('db.abc.cn-north-1.rds.amazonaws.com.cn')).toBe('rds');
    expect(defaultMysqlTls('mysql.internal.example.com')).toBe('required');
  });
});
