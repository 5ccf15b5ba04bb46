// Bundle size and module init time of each deployed function, measured from a real synth
// (issue #14, lean functions): the stack is synthesized with cdk.json's context and the
// deploy command's settings, each function's asset is read from the cloud assembly (`cdk.out`
// layout), and its bundle is `require`d in a fresh Node.js process with the function's own
// environment (NODE_OPTIONS too, when the stack sets it) and outside the project, so
// nothing falls back on node_modules. Init is the CPU time (user + system) the require takes,
// the median of several runs: loading a bundle is synchronous work with its files in the page
// cache, so on an idle machine its wall time is its CPU time, while on a shared machine the wall
// time mostly counts other processes (both wall times are reported too).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LynqSfnStack } from '../lib/lynq-sfn-stack';
import { readStackSettings } from '../lib/stack-settings';
import { TASK_FUNCTION_NAMES } from '../lib/lynq-functions';

export interface FunctionBundle {
  name: string;
  /** index.js, the code the function loads. */
  bundleBytes: number;
  /** Everything in the asset (bundle, source map, compiled config; the hub readers' MySQL CA file in TLS mode rds). */
  assetBytes: number;
  /** Median CPU time (user + system) of `require(index.js)` over the runs, in ms. */
  initCpuMs: number;
  /** Best and median wall time of the same runs, in ms. */
  initWallMsBest: number;
  initWallMsMedian: number;
}

export interface BundleBenchResult {
  functions: FunctionBundle[];
  runs: number;
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
/** Runs per function, taken round-robin across the functions so that a change in the machine's load weighs on all alike. */
const INIT_RUNS = 15;
/** What docs/deploy.md's command adds to cdk.json (a VPC and a reachable MySQL host). */
const DEPLOY_CONTEXT = {
  vpcId: 'vpc-0123456789abcdef0',
  subnetIds: 'subnet-0aaaaaaaaaaaaaaa1,subnet-0bbbbbbbbbbbbbbb2',
  mysqlHost: 'hub.cluster-abc123.us-west-2.rds.amazonaws.com',
};

function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : fs.statSync(full).size;
  }
  return total;
}

/** CPU and wall time of requiring the bundle, in a fresh process started in an empty directory. */
function initMs(bundle: string, env: Record<string, string>, cwd: string): { cpu: number; wall: number } {
  const script = `const c = process.cpuUsage(); const t = process.hrtime.bigint(); require(${JSON.stringify(bundle)});
    const wall = Number(process.hrtime.bigint() - t) / 1e6; const d = process.cpuUsage(c);
    process.stdout.write(JSON.stringify({ cpu: (d.user + d.system) / 1000, wall }));`;
  const nodeOptions = env.NODE_OPTIONS ? env.NODE_OPTIONS.split(' ') : [];
  const run = spawnSync(process.execPath, [...nodeOptions, '-e', script], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } });
  if (run.status !== 0) throw new Error(`requiring ${bundle} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { cpu: number; wall: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function runBundleBench(): BundleBenchResult {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-bundle-bench-'));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lynq-bundle-init-'));
  try {
    const app = new App({ outdir, context: { ...cdkJsonContext(), ...DEPLOY_CONTEXT } });
    const settings = readStackSettings((key) => app.node.tryGetContext(key), PROJECT_ROOT);
    const stack = new LynqSfnStack(app, settings.stackName, { settings, stackName: settings.stackName });
    const assembly = app.synth();
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${settings.stackName}.template.json`), 'utf8')) as {
      Resources: Record<string, { Properties: { Code: { S3Key: string }; Environment?: { Variables?: Record<string, unknown> } } }>;
    };
    const named: Array<[string, NodejsFunction]> = [['sync', stack.lynq.functions.sync], ...TASK_FUNCTION_NAMES.map((name): [string, NodejsFunction] => [name, stack.lynq.functions.tasks[name]])];
    const bundles = named.map(([name, fn]) => {
      const logicalId = Stack.of(fn).resolve(Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement)) as string;
      const { Code, Environment } = template.Resources[logicalId].Properties;
      const assetDir = path.join(assembly.directory, `asset.${Code.S3Key.replace(/\.zip$/, '')}`);
      // Strings only: tokens (ARNs of other resources) stay unresolved placeholders, as unused at init.
      const env = Object.fromEntries(Object.entries(Environment?.Variables ?? {}).map(([key, value]) => [key, typeof value === 'string' ? value : 'unresolved']));
      env.LYNQ_CONFIG_FILE = path.join(assetDir, 'lynq-config.json');
      return { name, assetDir, bundle: path.join(assetDir, 'index.js'), env, runs: [] as Array<{ cpu: number; wall: number }> };
    });
    for (let run = 0; run < INIT_RUNS; run++) {
      for (const b of bundles) b.runs.push(initMs(b.bundle, b.env, workDir));
    }
    const functions = bundles.map(({ name, assetDir, bundle, runs }) => ({
      name,
      bundleBytes: fs.statSync(bundle).size,
      assetBytes: directoryBytes(assetDir),
      initCpuMs: median(runs.map((r) => r.cpu)),
      initWallMsBest: Math.min(...runs.map((r) => r.wall)),
      initWallMsMedian: median(runs.map((r) => r.wall)),
    }));
    return { functions, runs: INIT_RUNS };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

const TASK_BUNDLE_GOAL_BYTES = 1.2 * 1000 * 1000;
const INIT_GOAL_MS = 120;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** The rows bench/RESULTS.md shows for the bundles: one per function. */
export function bundleResultRows(result: BundleBenchResult, verdict: (ok: boolean) => string): string[] {
  return result.functions.map((f) => {
    const isTask = f.name !== 'sync';
    const ok = f.initCpuMs <= INIT_GOAL_MS && (!isTask || f.bundleBytes <= TASK_BUNDLE_GOAL_BYTES);
    const goal = isTask ? '<= 1.2 MB, init <= 120 ms' : 'init <= 120 ms';
    return `| Function \`${f.name}\`: bundle (index.js) read from cdk.out; module init = CPU time of \`require\` in a fresh process (median of ${result.runs}; wall time best / median in brackets) | ${mb(f.bundleBytes)} (whole asset with source map and config: ${mb(f.assetBytes)}), init ${f.initCpuMs.toFixed(0)} ms (wall ${f.initWallMsBest.toFixed(0)} / ${f.initWallMsMedian.toFixed(0)} ms) | ${goal} | ${verdict(ok)} |`;
  });
}

if (require.main === module) {
  Promise.resolve().then(runBundleBench).then((result) => {
    for (const f of result.functions) process.stdout.write(`${JSON.stringify(f)}\n`);
  }, (error: unknown) => {
    process.stderr.write(`bundle bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
