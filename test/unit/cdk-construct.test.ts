// The construct used directly: per-deployment metric dimension, and what a first deploy needs.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LynqSfn } from '../../lib/lynq-sfn-construct';
import { EXAMPLE_CONFIG_DIR } from './cdk-test-app';

const MYSQL_HOST = 'hub.internal.example.com';

function templateWith(metricsService?: string, providerErrorLimits?: { maxChecks?: number; maxSeconds?: number }): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Team');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  new LynqSfn(stack, 'Lynq', {
    configDir: EXAMPLE_CONFIG_DIR, eksClusterName: 'prod', vpc, mysqlHost: MYSQL_HOST,
    mysqlSecret: secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'lynq-sfn/mysql'), metricsService, providerErrorLimits,
  });
  return Template.fromStack(stack);
}

test.each([[undefined, 'sync'], ['team-a-sync', 'team-a-sync']])('metricsService %s: the sync emits and the alarms watch service=%s', (given, expected) => {
  const template = templateWith(given);
  template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { LYNQ_METRICS_SERVICE: expected } } });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SyncErrors', Dimensions: [{ Name: 'service', Value: expected }] });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeletionGuardTripped', Dimensions: [{ Name: 'service', Value: expected }] });
});

test('a first deploy that fails half-way can be deployed again, and the schedule waits for cluster access', () => {
  const template = templateWith();
  const [logGroupId] = Object.entries(template.findResources('AWS::Logs::LogGroup'))
    .find(([, r]) => String((r as { Properties: { LogGroupName?: string } }).Properties.LogGroupName).startsWith('/aws/vendedlogs/states/'))!;
  expect(template.toJSON().Resources[logGroupId].DeletionPolicy).toBe('Delete');
  const entries = Object.keys(template.findResources('AWS::EKS::AccessEntry'));
  expect(entries).toHaveLength(7);
  const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule')) as { DependsOn?: string[] }[];
  expect(schedule.DependsOn).toEqual(expect.arrayContaining(entries));
});

test('two constructs in one stack synthesize, with distinct physical names', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Shared');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const mysqlSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'lynq-sfn/mysql');
  new LynqSfn(stack, 'TeamA', { configDir: EXAMPLE_CONFIG_DIR, eksClusterName: 'prod', vpc, mysqlSecret, mysqlHost: MYSQL_HOST, metricsService: 'team-a' });
  new LynqSfn(stack, 'TeamB', { configDir: EXAMPLE_CONFIG_DIR, eksClusterName: 'prod', vpc, mysqlSecret, mysqlHost: MYSQL_HOST, metricsService: 'team-b' });
  const template = Template.fromStack(stack);
  const names = (type: string, property: string) =>
    Object.values(template.findResources(type)).map((r) => (r as { Properties: Record<string, unknown> }).Properties[property]).filter((n) => n !== undefined);

  const stateMachineLogs = names('AWS::Logs::LogGroup', 'LogGroupName');
  expect(stateMachineLogs).toHaveLength(2);
  expect(new Set(stateMachineLogs).size).toBe(2);
  for (const [kind, property] of [['AWS::Scheduler::ScheduleGroup', 'Name'], ['AWS::Scheduler::Schedule', 'Name'], ['AWS::CloudWatch::Dashboard', 'DashboardName']]) {
    const found = names(kind, property);
    expect(found).toHaveLength(2);
    expect(new Set(found).size).toBe(2);
  }
  expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(14);
});

test('the sync\'s access entry maps it to the read-only group, the task functions\' to the task group', () => {
  const template = templateWith();
  const entries = Object.values(template.findResources('AWS::EKS::AccessEntry')).map((r) => (r as { Properties: { KubernetesGroups: string[]; PrincipalArn: { 'Fn::GetAtt': string[] } } }).Properties);
  const sync = entries.filter((e) => e.PrincipalArn['Fn::GetAtt'][0].startsWith('LynqFunctionsSyncRole'));
  expect(sync).toHaveLength(1);
  expect(sync[0].KubernetesGroups).toEqual(['lynq-sfn-sync']);
  const tasks = entries.filter((e) => e !== sync[0]);
  expect(tasks).toHaveLength(6);
  for (const entry of tasks) expect(entry.KubernetesGroups).toEqual(['lynq-sfn-tasks']);
});

test('a loopback MySQL host fails synth with a message naming the setting', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Local');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const mysqlSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'lynq-sfn/mysql');
  expect(() => new LynqSfn(stack, 'Lynq', { configDir: EXAMPLE_CONFIG_DIR, eksClusterName: 'prod', vpc, mysqlSecret }))
    .toThrow('MySQL host "127.0.0.1" (from hub.yaml spec.source.mysql.host) is a loopback address');
});

test('providerErrorLimits reach the functions as LYNQ_PROVIDER_ERROR_MAX_CHECKS/SECONDS', () => {
  const template = templateWith(undefined, { maxChecks: 4, maxSeconds: 900 });
  template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { LYNQ_PROVIDER_ERROR_MAX_CHECKS: '4', LYNQ_PROVIDER_ERROR_MAX_SECONDS: '900' } } });
});
