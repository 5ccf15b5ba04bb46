// The operating commands as a user runs them (child processes, real output) against the real
// MariaDB, the real state machine and the emulated cluster: plan before and after a row change
// (with the dry-run diff of the changed Deployment), the mass-deletion guard's exit code,
// status of a waiting and a failed node, and reprovision of a Ready node.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { SimulatedClock } from '../../local/simulated-clock';
import { appDeployment, e2eCluster, Gate, insertNode, lynqNode, stopRunEnvironment, runUid, SCHEMA_SQL, updateNode, scenario } from './e2e-helpers';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { fleetStatus, formatStatus, type NodeStatus } from '../../cli/status-command';
import { executionArnOf } from '../../lambdas/adapters/sfn-executions';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { CLI } from '../support/built-cli';

const exec = promisify(execFile);

interface CliRun { code: number; stdout: string; stderr: string }

// Each step starts the CLI as a child process (tsx compiles on start): slow on a busy machine.
jest.setTimeout(240_000);

describe('operating commands', () => {
  // This run's node uids (a real cluster may hold other runs' nodes).
  const ACME = runUid('acme-corp');
  const WAITING = runUid('waiting-co');
  const BROKEN = runUid('broken-co');
  let env: LocalEnvironment;
  let hold: ((execution: string, state: string, input: unknown) => Promise<void>) | undefined;
  // An hour ahead of the wall clock the CLI's child processes plan with: a node that failed on this
  // clock is still in its (30 s) backoff however long a busy machine takes to start the next command.
  const clock = new SimulatedClock(new Date(Date.now() + 3600_000));

  /**
   * Runs the CLI asynchronously (the emulated API server answers from this process), on this
   * run's record namespace as a user names theirs.
   */
  async function cli(...args: string[]): Promise<CliRun> {
    const cluster = ['--kubeconfig', env.kubeconfigPath, '--record-namespace', env.deps.records.namespace];
    const local = args[0] === 'status' ? cluster : [...cluster, '--mysql-url', env.db!.url];
    try {
      const { stdout, stderr } = await exec('node', [CLI, ...args, ...local], { timeout: 90_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      if (typeof e.code !== 'number') throw error;
      return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  }

  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...e2eCluster('operating'), configDir: EXAMPLE_DIR, sqlFiles: [SCHEMA_SQL], clock,
      beforeTask: (execution, state, input) => hold?.(execution, state, input) ?? Promise.resolve(),
    });
    await insertNode(env, ACME);
    await env.sync();
    const results = await env.settle();
    expect(results.map((r) => r.status)).toEqual(['SUCCEEDED']);
  });
  afterAll(() => stopRunEnvironment(env));
  afterEach(async () => {
    hold = undefined;
    await env.settle();
  });

  scenario('operating a node, step by step: plan and diff, status, status on a stack, reprovision, the guard', [
    ['plan before and after a row change: the Deployment diff comes from a dry run and changes nothing', async () => {
    const before = await cli('plan', EXAMPLE_DIR);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(new RegExp(`${ACME}/database-provisioning\\s+nothing\\s+Ready and up to date`));
    expect(before.stdout).toContain('summary: 1 nothing');

    // Fields a real API server defaults on a Deployment, which the form does not set (the emulator
    // does not default them, so they are written here as the server would own them).
    await exec('kubectl', ['--kubeconfig', env.kubeconfigPath, 'patch', 'deployment', `${ACME}-app`, '-n', `node-${ACME}`, '--type', 'merge',
      '--field-manager', 'kube-apiserver', '-p', '{"spec":{"progressDeadlineSeconds":600,"revisionHistoryLimit":10}}']);
    await updateNode(env, ACME, { plan_type: 'enterprise' });
    const after = await cli('plan', EXAMPLE_DIR, '--diff');
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(new RegExp(`${ACME}/database-provisioning\\s+update\\s+row changed \\(planType\\)\\s+\\[${ACME}-database-provisioning-\\w+`));
    expect(after.stdout).toContain(`node-namespace: Namespace node-${ACME}: unchanged (applied hash matches: the apply skips it)`);
    expect(after.stdout).toContain(`rds-instance: RDSInstance ${ACME}-postgres: unchanged (creationPolicy: Once`);
    expect(after.stdout).toContain(`app: Deployment node-${ACME}/${ACME}-app: changed`);
    // Exactly the two fields the row drives: server-defaulted fields (absent from the form) and
    // lynq-sfn's bookkeeping annotations are not changes.
    const changeLines = after.stdout.split('\n').filter((l) => /^\s+[~+-] /.test(l)).map((l) => l.trim());
    expect(changeLines).toEqual([
      // The dry run answers what the server would store: 1000m in canonical form.
      '~ spec.template.spec.containers[0].resources.requests.cpu: "500m" -> "1"',
      '~ spec.template.spec.containers[0].resources.requests.memory: "1Gi" -> "2Gi"',
    ]);
    // A dry run: the cluster and the record are untouched.
    const app = (await appDeployment(env, ACME)) as unknown as { spec: { template: { spec: { containers: { resources: { requests: { cpu: string } } }[] } } } };
    expect(app.spec.template.spec.containers[0].resources.requests.cpu).toBe('500m');
    expect((await lynqNode(env, ACME))?.spec.values.planType).toBe('pro');

    const json = JSON.parse((await cli('plan', EXAMPLE_DIR, '--diff', '--output', 'json')).stdout);
    expect(json.nodes[0]).toMatchObject({ uid: ACME, action: 'update', changedVariables: ['planType'], formChanged: false });
    expect(json.nodes[0].resources.map((r: { id: string; outcome: string }) => `${r.id}:${r.outcome}`)).toEqual(['node-namespace:unchanged', 'rds-instance:kept-once', 'app:change']);

    await env.sync();
    await env.settle();
    const synced = await cli('plan', EXAMPLE_DIR);
    expect(synced.stdout).toMatch(new RegExp(`${ACME}/database-provisioning\\s+nothing\\s+Ready and up to date`));
    }],

    ['status of a node waiting for its database, then of a failed one; plan shows the failed one in backoff', async () => {
    const waiting = new Gate();
    hold = async (execution, state, input) => {
      // The first check of the database after a wait: ApplyResource's own check right after the
      // write found it not ready (outcome waiting) and recorded what the node waits for.
      const progress = input as { id?: string; outcome?: string };
      if (state === 'CheckReady' && execution.startsWith(`${WAITING}-database-provisioning-`) && progress.id === 'rds-instance'
        && progress.outcome === 'waiting' && !waiting.isOpen()) await waiting.arrive();
    };
    await insertNode(env, WAITING);
    await env.sync();
    await waiting.reached;

    const json = await cli('status', WAITING, '--output', 'json');
    expect(json.code).toBe(0);
    const [node] = JSON.parse(json.stdout) as NodeStatus[];
    expect(node).toMatchObject({
      name: `${WAITING}-database-provisioning`, uid: WAITING, phase: 'Waiting', executionRunning: true,
      readyResources: 1, desiredResources: 3, failedResources: 0, waitingFor: 'Waiting for rds-instance to become ready',
    });
    expect(node.execution!.startsWith(`${WAITING}-database-provisioning-`)).toBe(true);
    expect(node.ageSeconds).toBeGreaterThanOrEqual(0);
    const text = await cli('status', WAITING);
    expect(text.stdout).toMatch(new RegExp(`${WAITING}-database-provisioning\\s+1/3\\s+3\\s+0\\s+Waiting\\s+\\d+s\\s+${WAITING}-database-provisioning-\\S+ \\(running\\)`));
    expect(text.stdout).toContain('now: Waiting for rds-instance to become ready');
    waiting.open();
    await env.settle();

    env.simulators!.failRds(`${BROKEN}-postgres`, 'InvalidParameterCombination: db.t3.small does not support multiAZ');
    await insertNode(env, BROKEN);
    await env.sync();
    await env.settle();
    const [failed] = JSON.parse((await cli('status', BROKEN, '--output', 'json')).stdout) as NodeStatus[];
    expect(failed).toMatchObject({ phase: 'Failed', failedResources: 1, executionRunning: false, retryCount: 1 });
    // db.t3.small is the row's dbInstanceClass: the recorded failure keeps the provider's words, not the row value.
    expect(failed.lastFailure).toContain('InvalidParameterCombination: <value of dbInstanceClass> does not support multiAZ');
    expect(failed.lastFailure).not.toContain('db.t3.small');
    const failedText = (await cli('status', BROKEN)).stdout;
    expect(failedText).toMatch(new RegExp(`${BROKEN}-database-provisioning\\s+1/3\\s+3\\s+1\\s+Failed`));
    expect(failedText).toMatch(/last failure \(.+, 1 attempt\(s\)\): .*InvalidParameterCombination/);

    const plan = await cli('plan', EXAMPLE_DIR);
    expect(plan.stdout).toMatch(new RegExp(`${BROKEN}/database-provisioning\\s+nothing\\s+failed, in backoff until \\S+; last failure: .*InvalidParameterCombination`));

    // --watch refreshes the same view: two rounds, then stop.
    const watched = await cli('status', '--watch', '--interval', '0.2', '--count', '2');
    expect(watched.stdout.match(/^NAME\s+READY/gm)).toHaveLength(2);
    expect(watched.stdout).toContain(`${ACME}-database-provisioning`);
    }],

    ['on a deployed stack, status reads each node\'s execution with DescribeExecution and prints its console link', async () => {
    const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile-node';
    const sent: DescribeExecutionCommand[] = [];
    // Only the SFN client is faked; the records come from the cluster.
    const client = {
      send: jest.fn(async (command: DescribeExecutionCommand) => {
        sent.push(command);
        const failed = command.input.executionArn!.includes(`:${BROKEN}-`);
        return {
          executionArn: command.input.executionArn, name: command.input.executionArn!.split(':').pop(), status: failed ? 'FAILED' : 'SUCCEEDED',
          startDate: new Date('2026-11-29T09:00:00Z'), ...(failed ? { error: 'Lynq.NodeFailed', cause: 'rds-instance failed' } : {}),
        };
      }),
    };
    const nodes = await fleetStatus(env.kube, { recordNamespace: env.deps.records.namespace, sfn: { client, stateMachineArn: arn } });
    expect(nodes.map((n) => n.uid).sort()).toEqual([ACME, BROKEN, WAITING].sort());
    const acme = nodes.find((n) => n.uid === ACME)!;
    const broken = nodes.find((n) => n.uid === BROKEN)!;
    expect(acme.stepFunctions).toEqual({
      executionArn: executionArnOf(arn, acme.execution!), status: 'SUCCEEDED', startDate: '2026-11-29T09:00:00.000Z',
      consoleUrl: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArnOf(arn, acme.execution!)}`,
    });
    expect(broken.stepFunctions).toMatchObject({ status: 'FAILED', error: 'Lynq.NodeFailed' });
    expect(sent.map((c) => c.input.executionArn).sort()).toEqual(nodes.filter((n) => n.execution).map((n) => executionArnOf(arn, n.execution!)).sort());
    const text = formatStatus(nodes);
    expect(text).toContain(`${acme.execution} (SUCCEEDED)`);
    expect(text).toContain('execution error: Lynq.NodeFailed');
    expect(text).toContain(`console: ${acme.stepFunctions!.consoleUrl}`);
    }],

    ['reprovision of a Ready node runs its execution in-process and leaves it Ready', async () => {
    const before = await lynqNode(env, ACME);
    expect(before?.status?.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    const run = await cli('reprovision', ACME, '--dir', EXAMPLE_DIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`started (manual-${ACME}-database-provisioning-\\d{8}T\\d{9}Z) with \\{"uid":"${ACME}","form":"database-provisioning"\\}`));
    const name = /started (\S+)/.exec(run.stdout)![1];
    expect(run.stdout).toContain(`${name}: SUCCEEDED`);
    expect(run.stdout).toMatch(new RegExp(`${ACME}-database-provisioning\\s+3/3\\s+3\\s+0`));
    const after = await lynqNode(env, ACME);
    expect(after?.status?.lastExecution).toBe(name);
    expect(after?.status?.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    }],

    ['plan exits 2 and names the held-back nodes when the mass-deletion guard would trip; nothing is deleted', async () => {
    const recorded = (await env.deps.records.list()).length;
    // This run's three nodes: enough deletions for the guard to judge (fewer are always allowed).
    expect(recorded).toBe(3);
    expect(recorded).toBeGreaterThanOrEqual(DEFAULT_SYNC_SETTINGS.guardMinDeletions);
    await env.db!.query('UPDATE nodes SET is_active = 0');
    try {
      const plan = await cli('plan', EXAMPLE_DIR);
      expect(plan.code).toBe(2);
      for (const uid of [ACME, WAITING, BROKEN]) {
        expect(plan.stdout).toMatch(new RegExp(`${uid}/database-provisioning\\s+nothing\\s+mass-deletion guard holds back the deletion \\(row deactivated\\)`));
      }
      expect(plan.stdout).toContain(`GUARD: Mass-deletion guard: this sync would deprovision ${recorded} of ${recorded} recorded nodes`);
      expect(plan.stderr).toContain('Mass-deletion guard');
      expect((await env.deps.records.list()).length).toBe(recorded);
    } finally {
      await env.db!.query('UPDATE nodes SET is_active = 1');
    }
    }],
  ]);
});
