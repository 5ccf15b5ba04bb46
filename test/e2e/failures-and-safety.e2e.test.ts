// What goes wrong, end to end: databases that never come up, providers that refuse, a datasource
// that fails, mass deletions, invalid rows, concurrent syncs and superseded executions.
import { SimulatedClock } from '../../local/simulated-clock';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { startTestDatabase } from '../../local/mariadb-harness';
import { readHubRows } from '../../lambdas/adapters/mysql-rows';
import { connectionSettingsFromHub } from '../../lambdas/adapters/mysql-connection-settings';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { runSync } from '../../lambdas/workflow/run-sync';
import { retryBackoffMs } from '../../lambdas/core/sync/retry-backoff';
import { appDeployment, condition, Gate, insertNode, labels, lynqNode, rdsInstance, SCHEMA_SQL, updateNode, e2eCluster, stopRunEnvironment, runUid } from './e2e-helpers';
import { readLiveObject } from '../../lambdas/adapters/resource-read';

describe('failures and safety rules', () => {
  // This run's node uids (a real cluster may hold other runs' nodes).
  const SLOW = runUid('slow-db');
  const BROKEN = runUid('broken-db');
  const SQUATTER = runUid('squatter');
  const LEAKY = runUid('leaky-db');
  const VALID = runUid('valid-node');
  const TWIN_A = runUid('twin-a');
  const TWIN_B = runUid('twin-b');
  const MOVING = runUid('moving');
  const GUARD = [1, 2, 3, 4, 5, 6].map((n) => runUid(`guard-${n}`));
  const RETRIED = runUid('retried-db');
  let env: LocalEnvironment;
  let hold: ((execution: string, state: string, input: unknown) => Promise<void>) | undefined;
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));

  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...e2eCluster('failures'), configDir: EXAMPLE_DIR, sqlFiles: [SCHEMA_SQL], clock,
      rdsReadyAfterSeconds: 10 * 60 * 60, // never, within the form's 1800 s timeout
      beforeTask: (execution, state, input) => hold?.(execution, state, input) ?? Promise.resolve(),
    });
  });
  afterAll(() => stopRunEnvironment(env));
  afterEach(async () => {
    hold = undefined;
    await env.settle();
  });

  test('an RDS instance that never becomes ready fails the node after its timeout; the app is skipped', async () => {
    await insertNode(env, SLOW);
    await env.sync();
    const [result] = await env.settle();
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Lynq.NodeFailed');
    expect(result.cause).toMatch(/rds-instance: Resource 'rds-instance' not ready after \d+s \(timeout: 1800s\)/);
    expect(result.cause).toContain('1 skipped (app)');

    const record = await lynqNode(env, SLOW);
    expect(record?.status).toMatchObject({ failedResources: 1, failedResourceIds: ['rds-instance'], skippedResources: 1, skippedResourceIds: ['app'], readyResources: 1 });
    expect(condition(record, 'Ready')).toMatchObject({ status: 'False', reason: 'ResourcesFailed' });
    expect(condition(record, 'Degraded')?.status).toBe('True');
    expect(await appDeployment(env, SLOW)).toBeUndefined();
  });

  test('a provider reporting Synced=False fails the node at once with the provider\'s message', async () => {
    env.simulators!.failRds(`${BROKEN}-postgres`, 'InvalidParameterCombination: db.t3.small does not support multiAZ');
    await insertNode(env, BROKEN);
    const before = clock.now().getTime();
    await env.sync();
    const [result] = await env.settle();
    expect(result.status).toBe('FAILED');
    // db.t3.small is the row's dbInstanceClass: the message keeps the provider's words, not the row value.
    expect(result.cause).toContain('InvalidParameterCombination: <value of dbInstanceClass> does not support multiAZ');
    // Failed on a check, not by running into the 1800 s timeout.
    expect(clock.now().getTime() - before).toBeLessThan(1800 * 1000);
    expect((await lynqNode(env, BROKEN))?.status?.failedResourceIds).toEqual(['rds-instance']);
  });

  test('a row value quoted by the provider or the API server reaches no cause, condition or log line', async () => {
    const secret = 'db.secret-class-9f2';
    env.simulators!.failRds(`${LEAKY}-postgres`, `InvalidParameterValue: Invalid DB instance class: ${secret}`);
    await insertNode(env, LEAKY, { db_instance_class: secret });
    await env.sync();
    const [result] = await env.settle();
    expect(result.status).toBe('FAILED');
    expect(result.cause).toContain('InvalidParameterValue: Invalid DB instance class: <value of dbInstanceClass>');
    const record = await lynqNode(env, LEAKY);
    expect(JSON.stringify(record?.status)).not.toContain(secret);
    expect(JSON.stringify(env.log.lines)).not.toContain(secret);
  });

  test('an existing namespace lynq-sfn did not create is not taken over: the node fails naming it, its dependents are skipped', async () => {
    const { CoreV1Api } = await import('@kubernetes/client-node');
    await env.kube.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: `node-${SQUATTER}` } } });
    await insertNode(env, SQUATTER);
    await env.sync();
    const result = (await env.settle()).find((r) => r.input.uid === SQUATTER)!;
    expect(result.status).toBe('FAILED');
    expect(result.cause).toContain(`node-namespace: Namespace node-${SQUATTER} already exists and it was not created by lynq-sfn`);
    expect(result.cause).toContain('2 skipped (rds-instance, app)');
    // Returned as the resource's outcome, not thrown: the Map output carries a short message.
    expect(result.states).not.toContain('ResourceFailed');
    expect((await lynqNode(env, SQUATTER))?.status).toMatchObject({ failedResourceIds: ['node-namespace'], skippedResourceIds: ['rds-instance', 'app'] });
    expect(labels(await readLiveObject(env.kube, { apiVersion: 'v1', kind: 'Namespace', name: `node-${SQUATTER}` }))['lynq.sh/node']).toBeUndefined();
  });

  test('a failed node is retried only after its backoff', async () => {
    env.simulators!.failRds(`${RETRIED}-postgres`, 'InvalidParameterCombination: refused');
    await insertNode(env, RETRIED);
    await env.sync();
    expect((await env.settle()).find((r) => r.input.uid === RETRIED)?.status).toBe('FAILED');
    const failed = (await lynqNode(env, RETRIED))!.status!;
    const due = Date.parse(failed.lastFailureTime!) + retryBackoffMs(failed.retryCount);
    clock.advance((due - clock.now().getTime()) / 1000 - 1);
    const early = await env.sync();
    expect(early.started.filter((n) => n.startsWith(RETRIED))).toEqual([]);
    clock.advance(1);
    const onTime = await env.sync();
    expect(onTime.started.filter((n) => n.startsWith(`${RETRIED}-database-provisioning`))).toHaveLength(1);
  });

  test('invalid rows are skipped and named while valid rows proceed', async () => {
    await env.db!.query("INSERT INTO nodes (node_id, domain, is_active, plan_type) VALUES ('Bad_Node', 'x.example.com', 1, 'pro')");
    await insertNode(env, VALID);
    const report = await env.sync();
    expect(report.skippedRows).toEqual([expect.objectContaining({ field: 'node_id', reason: expect.stringContaining('"Bad_Node" is not a DNS label') })]);
    expect(report.started.some((n) => n.startsWith(`${VALID}-database-provisioning`))).toBe(true);
    expect(env.log.lines.some((l) => l.level === 'warn' && JSON.stringify(l).includes('Bad_Node'))).toBe(true);
    await env.db!.query("DELETE FROM nodes WHERE node_id = 'Bad_Node'");
  });

  test('two syncs at the same moment start each execution once', async () => {
    await insertNode(env, TWIN_A);
    await insertNode(env, TWIN_B);
    const twins = () => [...env.starter.executions.keys()].filter((n) => (n.startsWith(TWIN_A) || n.startsWith(TWIN_B))).length;
    const [a, b] = await Promise.all([env.sync(), env.sync()]);
    const started = [...a.started, ...b.started].filter((n) => (n.startsWith(TWIN_A) || n.startsWith(TWIN_B)));
    expect(twins()).toBe(2);
    expect(new Set(started).size).toBe(2);
  });

  test('a missing mapped column or table: nothing started, nothing deleted, a clear error', async () => {
    await env.settle();
    const records = (await env.deps.records.list()).length;
    const executions = env.starter.executions.size;

    await env.db!.query('ALTER TABLE nodes CHANGE plan_type plan_tier VARCHAR(20)');
    await expect(env.sync()).rejects.toThrow(/plan_type/);
    await env.db!.query('ALTER TABLE nodes CHANGE plan_tier plan_type VARCHAR(20)');

    await env.db!.query('RENAME TABLE nodes TO nodes_gone');
    await expect(env.sync()).rejects.toThrow(/nodes/);
    await env.db!.query('RENAME TABLE nodes_gone TO nodes');

    expect(env.starter.executions.size).toBe(executions);
    expect((await env.deps.records.list()).length).toBe(records);
  });

  test('MySQL stopped or a wrong password: nothing started, nothing deleted, a clear error without the password', async () => {
    await env.settle();
    const records = (await env.deps.records.list()).length;
    const executions = env.starter.executions.size;
    const syncReading = (readRows: () => Promise<Record<string, unknown>[]>) => runSync({
      readRows, listRecords: () => env.deps.records.list(), starter: env.starter, log: env.log, clock,
    }, env.config, DEFAULT_SYNC_SETTINGS);

    const stopped = await startTestDatabase({ privateServer: true });
    const stoppedSettings = connectionSettingsFromHub(env.config.hub, stopped.password, { url: stopped.url });
    await stopped.stopServer();
    try {
      await expect(syncReading(() => readHubRows(env.config.hub, stoppedSettings, { timeoutMs: 3000 }))).rejects.toMatchObject({ name: 'Lynq.DatasourceError', kind: 'unreachable' });
    } finally {
      await stopped.stop();
    }
    const wrong = { ...env.mysql, password: 'definitely-wrong-password' };
    const error = await syncReading(() => readHubRows(env.config.hub, wrong)).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'Lynq.DatasourceError', kind: 'auth' });
    expect((error as Error).message).not.toContain('definitely-wrong-password');

    expect(env.starter.executions.size).toBe(executions);
    expect((await env.deps.records.list()).length).toBe(records);
  });

  test('deleting 50 % of the rows trips the mass-deletion guard until it is lifted', async () => {
    // Six nodes of its own, so the share deleted trips the guard when this test runs alone too.
    for (const uid of GUARD) await insertNode(env, uid);
    await env.sync();
    await env.settle();
    const recorded = await env.deps.records.list();
    expect(recorded.length).toBeGreaterThanOrEqual(6);
    const victims = recorded.slice(0, Math.ceil(recorded.length / 2)).map((r) => r.spec.uid);
    await env.db!.query(`DELETE FROM nodes WHERE node_id IN (${victims.map(() => '?').join(', ')})`, victims);

    const guarded = await env.sync();
    expect(guarded.guard?.tripped).toBe(true);
    expect(guarded.deletions).toEqual([]);
    expect((await env.deps.records.list()).length).toBe(recorded.length);

    const lifted = await env.sync({ allowMassDeletion: true });
    expect(lifted.deletions).toHaveLength(victims.length);
    await env.settle();
    expect((await env.deps.records.list()).length).toBe(recorded.length - victims.length);
  });

  test('a row changed during a long wait supersedes the running execution', async () => {
    await insertNode(env, MOVING);
    const midWait = new Gate();
    hold = async (execution, state, input) => {
      if (state === 'CheckReady' && (input as { id?: string }).id === 'rds-instance' && execution.startsWith(`${MOVING}-`) && !midWait.isOpen()) {
        await midWait.arrive();
      }
    };
    const first = await env.sync();
    const oldName = first.started.find((n) => n.startsWith(`${MOVING}-`))!;
    await midWait.reached;

    await updateNode(env, MOVING, { plan_type: 'enterprise' });
    const second = await env.sync();
    const newName = second.started.find((n) => n.startsWith(`${MOVING}-`))!;
    expect(newName).toBeDefined();
    expect(newName).not.toBe(oldName);
    midWait.open();

    const oldResult = await env.starter.executions.get(oldName)!.done;
    expect(oldResult.status).toBe('SUCCEEDED');
    expect(oldResult.states).toContain('Superseded');
    expect(oldResult.states).not.toContain('RecordReady');
    await env.settle();
    const record = await lynqNode(env, MOVING);
    expect(record?.spec.values.planType).toBe('enterprise');
    expect(record?.status?.lastExecution).toBe(newName);
    expect((await rdsInstance(env, MOVING))).toBeDefined();
  });
});
