// `npx cdk synth` as docs/deploy.md runs it: offline, no AWS credentials, cdk.json defaults plus
// the settings a deployment must give, cdk-nag registered by bin/cdk-app.ts (an unacknowledged
// finding would fail it).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from './cdk-test-app';

const DEPLOY_ARGS = [
  '-c', 'eksClusterName=my-cluster',
  '-c', 'vpcId=vpc-0123456789abcdef0',
  '-c', 'subnetIds=subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2',
  '-c', 'mysqlHost=hub.cluster-abc123.us-west-2.rds.amazonaws.com',
  '-c', 'alarmTopicArn=arn:aws:sns:us-west-2:123456789012:lynq-alarms',
];

it('synthesizes the example stack offline with the settings of docs/deploy.md', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-cdk-synth-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-cdk-home-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home, // no ~/.aws: nothing to find credentials with
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  const run = spawnSync('npx', ['cdk', 'synth', '--no-notices', '--quiet', ...DEPLOY_ARGS, '-o', outdir], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 180_000 });
  expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });

  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'LynqSfn.template.json'), 'utf8'));
  const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
  expect(types.filter((t) => t === 'AWS::Lambda::Function')).toHaveLength(7);
  expect(types).toContain('AWS::StepFunctions::StateMachine');
  expect(types).toContain('AWS::Scheduler::Schedule');
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  expect(manifest.artifacts.LynqSfn.environment).toBe('aws://unknown-account/unknown-region');
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  expect(report.pluginReports.flatMap((r: { violations?: unknown[] }) => r.violations ?? [])).toEqual([]);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
}, 180_000);

it('refuses to synthesize without the user\'s VPC, naming the setting', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-cdk-synth-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-cdk-home-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  const run = spawnSync('npx', ['cdk', 'synth', '--no-notices', '--quiet', '-o', outdir], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 180_000 });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain('cdk context "vpcId": required');
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
}, 180_000);
