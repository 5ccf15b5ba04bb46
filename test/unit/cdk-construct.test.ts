// The construct used directly: per-deployment metric dimension, and what a first deploy needs.
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LynqSfn } from '../../lib/lynq-sfn-construct';
import { EXAMPLE_CONFIG_DIR } from './cdk-test-app';

function templateWith(metricsService?: string, providerErrorLimits?: { maxChecks?: number; maxSeconds?: number }): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Team');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  new LynqSfn(stack, 'Lynq', {
    configDir: EXAMPLE_CONFIG_DIR, eksClusterName: 'prod', vpc,
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
  expect(entries).toHaveLength(2);
  const [schedule] = Object.values(template.findResources('AWS::Scheduler::Schedule')) as { DependsOn?: string[] }[];
  expect(schedule.DependsOn).toEqual(expect.arrayContaining(entries));
});

test('providerErrorLimits reach the functions as LYNQ_PROVIDER_ERROR_MAX_CHECKS/SECONDS', () => {
  const template = templateWith(undefined, { maxChecks: 4, maxSeconds: 900 });
  template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: { LYNQ_PROVIDER_ERROR_MAX_CHECKS: '4', LYNQ_PROVIDER_ERROR_MAX_SECONDS: '900' } } });
});
