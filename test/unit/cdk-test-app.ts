// Builds the real stack for the CDK tests, from context exactly as cdk.json would give it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LynqSfnStack } from '../../lib/lynq-sfn-stack';
import { readStackSettings } from '../../lib/stack-settings';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_CONFIG_DIR = path.join(PROJECT_ROOT, 'examples', 'database-per-node');

const createdDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

/** Removes the cloud assemblies and config copies this test file created (bundles are megabytes each). */
export function removeTestDirs(): void {
  for (const dir of createdDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface TestStack {
  app: App;
  stack: LynqSfnStack;
  template: Template;
  outdir: string;
}

/**
 * What every deployable stack must be given on top of cdk.json (docs/deploy.md's command):
 * the user's network and a MySQL host the functions can reach (the example hub's is loopback).
 */
export const DEPLOY_CONTEXT: Readonly<Record<string, unknown>> = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2',
  mysqlHost: 'hub.cluster-abc123.us-west-2.rds.amazonaws.com',
};

/**
 * Builds the stack from DEPLOY_CONTEXT plus `context` (an empty string there unsets a key, as in cdk.json).
 * `bundle: false` skips esbuild (CDK's `aws:cdk:bundling-stacks` context), for tests that
 * look only at the template; bundling seven functions takes several seconds.
 */
export function buildTestStack(context: Record<string, unknown> = {}, options: { bundle?: boolean } = {}): TestStack {
  const outdir = tempDir('lynq-cdk-test-');
  const appContext: Record<string, unknown> = { ...DEPLOY_CONTEXT, ...context };
  if (!options.bundle) appContext['aws:cdk:bundling-stacks'] = [];
  const app = new App({ outdir, context: appContext });
  const settings = readStackSettings((key) => app.node.tryGetContext(key), PROJECT_ROOT);
  const stack = new LynqSfnStack(app, settings.stackName, { settings, stackName: settings.stackName });
  const template = Template.fromStack(stack);
  return { app, stack, template, outdir };
}

/**
 * Copies a config directory so a test can break it without touching the example; into a
 * subdirectory `dirName` of the temporary one when given (the compiled config records that name).
 */
export function copyConfigDir(from: string = EXAMPLE_CONFIG_DIR, dirName?: string): string {
  const dir = dirName === undefined ? tempDir('lynq-cdk-config-') : path.join(tempDir('lynq-cdk-config-'), dirName);
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (/\.ya?ml$/i.test(name)) fs.copyFileSync(path.join(from, name), path.join(dir, name));
  }
  return dir;
}
