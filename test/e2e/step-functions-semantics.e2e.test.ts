// Step Functions as AWS runs it (issue 8, points 1, 3, 5 and 11), end to end on the real ASL with
// the local service answering StartExecution / DescribeExecution exactly as AWS does.
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SimulatedClock } from '../../local/simulated-clock';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { restartExecutionName } from '../../lambdas/core/sync/execution-name';
import type { ExecutionInput } from '../../lambdas/core/contracts/workflow-contracts';
import { condition, e2eCluster, Gate, insertNode, lynqNode, nodeNamespace, stopRunEnvironment, runUid, SCHEMA_SQL, updateNode } from './e2e-helpers';
import { runAllTransitionsBenches } from '../../bench/transitions-bench';

describe('Step Functions semantics', () => {
  // This run's node uids (a real cluster may hold other runs' nodes).
  const BLIP_NEW = runUid('blip-new');
  const BLIP_OLD = runUid('blip-old');
  const PROTO = runUid('proto');
  const BY_HAND = runUid('by-hand');
  const KEEP_ME = runUid('keep-me');
  let env: LocalEnvironment;
  let hold: ((execution: string, state: string, input: unknown) => Promise<void>) | undefined;
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));

  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...e2eCluster('sfn-semantics'), configDir: EXAMPLE_DIR, sqlFiles: [SCHEMA_SQL], clock, rdsReadyAfterSeconds: 0,
      beforeTask: (execution, state, input) => hold?.(execution, state, input) ?? Promise.resolve(),
    });
  });
  afterAll(() => stopRunEnvironment(env));
  afterEach(async () => {
    hold = undefined;
    await env.settle();
  });

  /** The first LoadNode of executions whose name starts with `prefix` fails as a MySQL blip would, on every retry. */
  function blipLoadNode(prefix: string): { failed: Set<string> } {
    const failed = new Set<string>();
    let victim: string | undefined;
    hold = async (execution, state) => {
      if (state !== 'LoadNode' || !execution.startsWith(prefix)) return;
      victim ??= execution;
      if (execution !== victim) return;
      failed.add(execution);
      throw Object.assign(new Error('connect ETIMEDOUT (simulated MySQL blip)'), { name: 'Lynq.DatasourceError' });
    };
    return { failed };
  }

  describe('1. a node never stops reconciling', () => {
    test('an execution that failed before claiming a new node is started again under a fresh name', async () => {
      await insertNode(env, BLIP_NEW);
      blipLoadNode(`${BLIP_NEW}-`);
      const first = await env.sync();
      const [name] = first.started.filter((n) => n.startsWith(`${BLIP_NEW}-`));
      const failed = await env.starter.executions.get(name)!.done;
      expect(failed.status).toBe('FAILED');
      expect(failed.states).toContain('RecordFailure');
      hold = undefined;

      // The same plan names the same execution; AWS answers ExecutionAlreadyExists for the closed one.
      const second = await env.sync();
      expect(second.started).toEqual([name]);
      const fresh = env.starter.executions.get(restartExecutionName(name));
      expect(fresh).toBeDefined();
      expect((await fresh!.done).status).toBe('SUCCEEDED');
      expect(condition(await lynqNode(env, BLIP_NEW), 'Ready')?.status).toBe('True');
    });

    test('a failure before the claim is recorded on an existing node, and the next sync runs it again', async () => {
      await insertNode(env, BLIP_OLD);
      await env.sync();
      await env.settle();
      await updateNode(env, BLIP_OLD, { plan_type: 'enterprise' });
      blipLoadNode(`${BLIP_OLD}-`);
      const first = await env.sync();
      const [name] = first.started.filter((n) => n.startsWith(`${BLIP_OLD}-`));
      expect((await env.starter.executions.get(name)!.done).status).toBe('FAILED');
      const record = await lynqNode(env, BLIP_OLD);
      expect(condition(record, 'Degraded')).toMatchObject({ status: 'True', reason: 'ExecutionFailed' });
      expect(condition(record, 'Degraded')?.message).toContain('simulated MySQL blip');
      expect(record?.status?.lastExecution).toBe(name);
      hold = undefined;

      const second = await env.sync();
      const [again] = second.started.filter((n) => n.startsWith(`${BLIP_OLD}-`));
      expect(again).toBeDefined();
      expect(again).not.toBe(name);
      await env.settle();
      expect((await lynqNode(env, BLIP_OLD))?.spec.values.planType).toBe('enterprise');
      expect(condition(await lynqNode(env, BLIP_OLD), 'Ready')?.status).toBe('True');
    });

    test('the local service answers StartExecution as AWS does: 200 while running, ExecutionAlreadyExists once closed or for another input', async () => {
      await insertNode(env, PROTO);
      const held = new Gate();
      hold = async (execution, state) => { if (state === 'LoadNode' && execution.startsWith(`${PROTO}-`)) await held.arrive(); };
      const report = await env.sync();
      const [name] = report.started.filter((n) => n.startsWith(`${PROTO}-`));
      await held.reached;
      clock.advance(60); // the next sync, a minute later
      const input = JSON.stringify({ uid: PROTO, form: 'database-provisioning' });
      const send = (body: string) => env.starter.service.send(new StartExecutionCommand({ stateMachineArn: 'x', name, input: body }));
      const running = env.starter.executions.get(name)!;
      await expect(send(input)).resolves.toMatchObject({ executionArn: expect.stringMatching(new RegExp(`:execution:reconcile-node:${name}$`)), startDate: running.startDate });
      await expect(env.starter.start(name, { uid: PROTO, form: 'database-provisioning' })).resolves.toBe('already-exists');
      await expect(send(JSON.stringify({ uid: PROTO }))).rejects.toBeInstanceOf(ExecutionAlreadyExists);
      expect((await env.sync()).alreadyRunning).toBeGreaterThanOrEqual(1);

      held.open();
      expect((await running.done).status).toBe('SUCCEEDED');
      await expect(send(input)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
      // Closed with success: the sync reports nothing to start, and starts nothing.
      await expect(env.starter.start(name, { uid: PROTO, form: 'database-provisioning' })).resolves.toBe('already-exists');
    });
  });

  describe('5. manual runs are safe', () => {
    test('{"uid"} with the console\'s Comment key applies the node', async () => {
      await insertNode(env, BY_HAND);
      const run = await env.startExecution({ Comment: 'Insert your JSON here', uid: BY_HAND } as ExecutionInput);
      const result = await run.done;
      expect(result.status).toBe('SUCCEEDED');
      expect(result.states).toContain('RecordReady');
      expect(await nodeNamespace(env, BY_HAND)).toBeDefined();
    });

    test('a manual run for a node whose row is gone never deletes it, unless the input says allowDelete', async () => {
      await insertNode(env, KEEP_ME);
      await env.sync();
      await env.settle();
      await env.db!.query('DELETE FROM nodes WHERE node_id = ?', [KEEP_ME]);

      const plain = await (await env.startExecution({ uid: KEEP_ME })).done;
      expect(plain.status).toBe('SUCCEEDED');
      expect(plain.states).toContain('NothingToDo');
      expect(plain.states).not.toContain('DeleteResources');
      expect(await lynqNode(env, KEEP_ME)).toBeDefined();
      expect(await nodeNamespace(env, KEEP_ME)).toBeDefined();

      const allowed = await (await env.startExecution({ uid: KEEP_ME, allowDelete: true })).done;
      expect(allowed.states).toContain('DeleteResources');
      expect(allowed.status).toBe('SUCCEEDED');
      expect(await lynqNode(env, KEEP_ME)).toBeUndefined();
    });
  });

  describe('11. the mass-deletion guard cannot be bypassed by timing', () => {
    test('rows removed after the sync planned updates but before LoadNode ran: nothing is deprovisioned', async () => {
      const uids = Array.from({ length: 10 }, (_, i) => runUid(`mass-${i}`));
      const isMass = (execution: string) => uids.some((uid) => execution.startsWith(`${uid}-`));
      for (const uid of uids) await insertNode(env, uid);
      await env.sync();
      await env.settle();
      for (const uid of uids) await updateNode(env, uid, { plan_type: 'enterprise' });

      const loadNodes = new Gate();
      let arrived = 0;
      hold = async (execution, state) => {
        if (state !== 'LoadNode' || !isMass(execution)) return;
        if (++arrived === uids.length) void loadNodes.arrive();
        await loadNodes.opened;
      };
      const planned = await env.sync();
      expect(planned.started.filter(isMass)).toHaveLength(uids.length);
      await loadNodes.reached;
      await env.db!.query(`DELETE FROM nodes WHERE node_id IN (${uids.map(() => '?').join(', ')})`, uids);
      loadNodes.open();

      const results = (await env.settle()).filter((r) => isMass(r.name));
      expect(results).toHaveLength(uids.length);
      for (const r of results) {
        expect(r.status).toBe('SUCCEEDED');
        expect(r.states).not.toContain('DeleteResources');
      }
      for (const uid of uids) expect(await lynqNode(env, uid)).toBeDefined();

      // The same change seen by a sync trips the guard.
      const guarded = await env.sync();
      expect(guarded.guard?.tripped).toBe(true);
      expect(guarded.deletions).toEqual([]);
    });
  });
});

describe('3. "not ready yet" is an answer: the seed execution while its RDS instance is provisioned', () => {
  test('no task error while waiting; <= 60 transitions; the app follows "available" within 60 s', async () => {
    const runs = await runAllTransitionsBenches();
    expect(runs.map((r) => r.scenario)).toEqual(['creating 15 min -> available', 'creating 20 min -> backing-up 8 min -> available']);
    for (const run of runs) {
      expect(run.transitions).toBeLessThanOrEqual(60);
      expect(run.appAppliedSecondsAfterAvailable).toBeGreaterThanOrEqual(0);
      expect(run.appAppliedSecondsAfterAvailable).toBeLessThanOrEqual(60);
      expect(run.taskErrors).toBe(0);
    }
  });
});
