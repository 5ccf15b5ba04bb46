// Readiness as a real cloud provider behaves: a creationPolicy Once object that already exists is
// still checked before its dependents run, and a transient Crossplane error (Synced=False for
// throttling) is waited out, within limits, instead of failing the node at once.
import { SimulatedClock } from '../../local/simulated-clock';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { appDeployment, connectionSecret, e2eCluster, insertNode, lynqNode, rdsInstance, stopRunEnvironment, runUid, SCHEMA_SQL } from './e2e-helpers';

const THROTTLED = 'observe failed: cannot describe DB instance: operation error RDS: DescribeDBInstances, https response error StatusCode: 400, api error Throttling: Rate exceeded';

describe('provider errors and Once objects', () => {
  // This run's node uids (a real cluster may hold other runs' nodes).
  const ONCE_RETRY = runUid('once-retry');
  const THROTTLED_DB = runUid('throttled-db');
  const STUCK_DB = runUid('stuck-db');
  let env: LocalEnvironment;
  let hold: ((execution: string, state: string, input: unknown) => Promise<void>) | undefined;
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));

  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...e2eCluster('provider-errors'), configDir: EXAMPLE_DIR, sqlFiles: [SCHEMA_SQL], clock, rdsReadyAfterSeconds: 20 * 60,
      beforeTask: (execution, state, input) => hold?.(execution, state, input) ?? Promise.resolve(),
    });
  });
  afterAll(() => stopRunEnvironment(env));
  afterEach(async () => {
    hold = undefined;
    await env.settle();
  });

  test('a retry after a failed first attempt waits for the existing Once RDS instance before deploying the app', async () => {
    await insertNode(env, ONCE_RETRY);
    // The first attempt creates the RDS instance, then dies at its first readiness check.
    hold = async (_execution, state, input) => {
      if (state === 'CheckReady' && (input as { id?: string }).id === 'rds-instance') throw new Error('simulated crash of the first attempt');
    };
    const first = await env.startExecution({ uid: ONCE_RETRY });
    expect((await first.done).status).toBe('FAILED');
    const created = await rdsInstance(env, ONCE_RETRY);
    expect(created?.metadata.annotations?.['lynq.sh/created-once']).toBe('true');
    expect((created?.status as { atProvider?: { dbInstanceStatus?: string } } | undefined)?.atProvider?.dbInstanceStatus).toBe('creating');

    // The retry: when it applies the app, the database must be available and its secret written.
    const seenAtAppApply: { rdsReady?: string; secret?: boolean }[] = [];
    hold = async (_execution, state, input) => {
      if (state === 'ApplyResource' && (input as { id?: string }).id === 'app') {
        const rds = await rdsInstance(env, ONCE_RETRY);
        const ready = ((rds?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready');
        seenAtAppApply.push({ rdsReady: ready?.status, secret: (await connectionSecret(env, ONCE_RETRY)) !== undefined });
      }
    };
    const retry = await env.startExecution({ uid: ONCE_RETRY });
    expect((await retry.done).status).toBe('SUCCEEDED');
    expect(seenAtAppApply).toEqual([{ rdsReady: 'True', secret: true }]);
    expect(await appDeployment(env, ONCE_RETRY)).toBeDefined();
    expect((await lynqNode(env, ONCE_RETRY))?.status?.readyResources).toBe(3);
  });

  test('a throttled provider (transient Synced=False) is waited out; the node succeeds once it recovers', async () => {
    env.simulators!.failRds(`${THROTTLED_DB}-postgres`, THROTTLED);
    let checks = 0;
    hold = async (execution, state, input) => {
      if (state === 'CheckReady' && (input as { id?: string }).id === 'rds-instance' && execution.startsWith(`${THROTTLED_DB}-`)) {
        checks++;
        if (checks === 3) env.simulators!.recoverRds(`${THROTTLED_DB}-postgres`);
      }
    };
    await insertNode(env, THROTTLED_DB);
    await env.sync();
    const [result] = await env.settle();
    expect(result.cause).toBeUndefined();
    expect(result.status).toBe('SUCCEEDED');
    expect(checks).toBeGreaterThan(3);
    expect(await appDeployment(env, THROTTLED_DB)).toBeDefined();
  });

  test('a transient provider error that persists fails the node with the provider error, before the 1800 s timeout', async () => {
    env.simulators!.failRds(`${STUCK_DB}-postgres`, THROTTLED);
    await insertNode(env, STUCK_DB);
    const before = clock.now().getTime();
    await env.sync();
    const [result] = await env.settle();
    expect(result.status).toBe('FAILED');
    expect(result.cause).toContain('api error Throttling: Rate exceeded');
    expect(result.cause).toContain('persisted');
    // Failed by the provider-error limits (10 checks or 600 s), not by running into the 1800 s timeout.
    expect((clock.now().getTime() - before) / 1000).toBeLessThan(1800);
    expect(await appDeployment(env, STUCK_DB)).toBeUndefined();
  });
});
