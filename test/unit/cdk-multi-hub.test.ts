// A configuration of several hubs deploys one schedule per hub (issue 12 point 3): each in its own
// schedule group, at its hub's syncInterval, invoking the sync with {"hub": name}.
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LynqSfn, type LynqSfnProps } from '../../lib/lynq-sfn-construct';
import { EXAMPLE_CONFIG_DIR } from './cdk-test-app';

const PLAN_TIERS = join(__dirname, '..', '..', 'examples', 'plan-tiers');
const SEED_VERBATIM = join(__dirname, '..', '..', 'examples', 'seed-verbatim');

function synth(configDir: string, withSecret = true): { lynq: LynqSfn; template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Tiers');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const props: LynqSfnProps = { configDir, eksClusterName: 'prod', vpc, mysqlHost: 'hub.internal.example.com' };
  if (withSecret) props.mysqlSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Secret', 'lynq-sfn/mysql');
  const lynq = new LynqSfn(stack, 'Lynq', props);
  return { lynq, template: Template.fromStack(stack) };
}

type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

describe('one schedule per hub', () => {
  const { lynq, template } = synth(PLAN_TIERS);
  const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')) as Resource[];

  test("each hub's schedule runs at its syncInterval and names its hub in the sync event", () => {
    const byHub = Object.fromEntries(schedules.map((s) => {
      const target = s.Properties.Target as { Input: string };
      return [JSON.parse(target.Input).hub, s.Properties.ScheduleExpression];
    }));
    expect(byHub).toEqual({ 'basic-tier': 'rate(5 minutes)', 'enterprise-tier': 'rate(1 minute)' });
    expect(lynq.schedules.map((s) => s.schedule.name)).toEqual(schedules.map((s) => s.Properties.Name));
  });

  test('each schedule in a group of its own, whose name only it may assume the invoke role with', () => {
    const groups = Object.values(template.findResources('AWS::Scheduler::ScheduleGroup')).map((g) => (g as Resource).Properties.Name as string);
    expect(groups).toHaveLength(2);
    expect(new Set(groups).size).toBe(2);
    for (const group of groups) expect(group).toMatch(/^[0-9a-zA-Z._-]{1,64}$/);
    for (const schedule of schedules) expect(schedule.Properties.GroupName).toBe(schedule.Properties.Name);
    for (const s of lynq.schedules) {
      const trust = JSON.stringify(template.toJSON().Resources[Stack.of(s).getLogicalId(s.role.node.defaultChild as never)].Properties.AssumeRolePolicyDocument);
      expect(trust).toContain(`:schedule/${s.group.name}/${s.group.name}`);
    }
    // Every schedule waits for the functions' cluster access.
    const entries = Object.keys(template.findResources('AWS::EKS::AccessEntry'));
    for (const schedule of schedules) expect(schedule.DependsOn).toEqual(expect.arrayContaining(entries));
  });

  test("the Scheduler alarm sums every hub's schedule group", () => {
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm'))
      .map((a) => (a as Resource).Properties)
      .find((p) => JSON.stringify(p.Metrics ?? '').includes('TargetErrorCount'))!;
    const metrics = alarm.Metrics as { Id: string; Expression?: string; MetricStat?: { Metric: { Dimensions: { Value: string }[] } } }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('FILL(g0, 0) + FILL(g1, 0)');
    expect(metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat!.Metric.Dimensions[0].Value).sort()).toEqual(lynq.schedules.map((s) => s.group.name).sort());
  });

  test('the construct holds every hub; config is the first', () => {
    expect(lynq.directory.hubs.map((p) => p.hub.name)).toEqual(['basic-tier', 'enterprise-tier']);
    expect(lynq.config.hub.name).toBe('basic-tier');
  });
});

describe('a single hub keeps what it had', () => {
  test('the schedule keeps its id and group name, and names its hub', () => {
    const { lynq, template } = synth(EXAMPLE_CONFIG_DIR);
    expect(lynq.schedules).toEqual([lynq.schedule]);
    expect(lynq.schedule.node.id).toBe('SyncSchedule');
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: { Input: JSON.stringify({ hub: 'database-per-node' }) } });
  });
});

describe('passwordRef instead of Secrets Manager', () => {
  test('without mysqlSecret, every hub must give passwordRef', () => {
    expect(() => synth(PLAN_TIERS, false)).toThrow("no mysqlSecret, and hub(s) 'basic-tier' (basic-hub.yaml), 'enterprise-tier' (enterprise-hub.yaml) give no spec.source.mysql.passwordRef");
  });

  test('with passwordRef on every hub, no secret ARN and no Secrets Manager grant', () => {
    const { template } = synth(SEED_VERBATIM, false);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => (f as Resource).Properties);
    expect(functions.some((f) => JSON.stringify(f.Environment ?? {}).includes('LYNQ_MYSQL_SECRET_ARN'))).toBe(false);
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('secretsmanager:GetSecretValue');
  });
});
