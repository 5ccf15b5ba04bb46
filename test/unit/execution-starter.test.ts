import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { restartExecutionName } from '../../lambdas/core/sync/execution-name';
import { ExecutionStartError, SfnExecutionStarter, TokenBucket } from '../../lambdas/adapters/execution-starter';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile-node';

/** A fake clock: sleep() advances time instead of waiting, and records what was asked. */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    nowMs: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

function sdkError(name: string, status: number, fault: 'client' | 'server' = 'client') {
  return Object.assign(new Error(`${name} happened`), { name, $fault: fault, $metadata: { httpStatusCode: status } });
}

/** The SFN client edge: answers scripted per call, records the commands sent. */
function scriptedClient(answers: (Error | 'ok')[]) {
  const sent: StartExecutionCommand[] = [];
  return {
    sent,
    send: jest.fn(async (cmd: StartExecutionCommand) => {
      sent.push(cmd);
      const next = answers.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      return { executionArn: `${ARN}:x`, startDate: new Date() };
    }),
  };
}

describe('SfnExecutionStarter', () => {
  it('sends the state machine, name and JSON input', async () => {
    const client = scriptedClient(['ok']);
    const t = fakeTime();
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, ...t });
    await expect(starter.start('acme-db-abc', { uid: 'acme', form: 'db' })).resolves.toBe('started');
    expect(client.sent[0]).toBeInstanceOf(StartExecutionCommand);
    expect(client.sent[0].input).toEqual({ stateMachineArn: ARN, name: 'acme-db-abc', input: '{"uid":"acme","form":"db"}' });
  });

  it('a 200 carrying an earlier start date is the running execution answering: already exists, not started', async () => {
    const t = fakeTime();
    const client = { send: jest.fn(async () => ({ executionArn: `${ARN}:n`, startDate: new Date(t.nowMs() - 60_000) })) };
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, ...t });
    await expect(starter.start('n', { uid: 'acme' })).resolves.toBe('already-exists');
  });

  describe('a name whose execution has closed (ExecutionAlreadyExists)', () => {
    /** Step Functions' name semantics (DESIGN §11), with a status per execution the test sets. */
    function awsLike(statusOf: (name: string) => 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | undefined) {
      const calls: string[] = [];
      const started: string[] = [];
      return {
        calls, started,
        send: jest.fn(async (cmd: StartExecutionCommand | DescribeExecutionCommand) => {
          if (cmd instanceof DescribeExecutionCommand) {
            const name = String(cmd.input.executionArn).split(':').pop()!;
            calls.push(`describe ${name}`);
            expect(cmd.input.executionArn).toBe(`arn:aws:states:eu-west-1:123456789012:execution:reconcile-node:${name}`);
            return { status: statusOf(name) };
          }
          const name = String(cmd.input.name);
          calls.push(`start ${name}`);
          if (statusOf(name) !== undefined) throw sdkError('ExecutionAlreadyExists', 400);
          started.push(name);
          return { executionArn: `${ARN}:${name}`, startDate: new Date(8_000_000_000_000) };
        }),
      };
    }

    it.each(['FAILED', 'TIMED_OUT', 'ABORTED'] as const)('%s: the work starts again under a fresh, deterministic name', async (status) => {
      const client = awsLike((name) => (name === 'acme-db-abc' ? status : undefined));
      const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, ...fakeTime() });
      await expect(starter.start('acme-db-abc', { uid: 'acme' })).resolves.toBe('restarted');
      expect(client.calls).toEqual(['start acme-db-abc', 'describe acme-db-abc', `start ${restartExecutionName('acme-db-abc')}`]);
      expect(restartExecutionName('acme-db-abc')).toMatch(/^acme-db-abc-x[0-9a-f]{6}$/);
    });

    it('SUCCEEDED: the work is done, nothing starts', async () => {
      const client = awsLike((name) => (name === 'n' ? 'SUCCEEDED' : undefined));
      const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, ...fakeTime() });
      await expect(starter.start('n', { uid: 'acme' })).resolves.toBe('already-exists');
      expect(client.started).toEqual([]);
    });

    it('fresh names that failed too are followed a few times, then reported', async () => {
      const client = awsLike(() => 'FAILED');
      const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, maxRestarts: 2, ...fakeTime() });
      await expect(starter.start('n', { uid: 'acme' })).rejects.toThrow(/FAILED, and so did 2 restart/);
    });

    it('a restart name stays within 80 characters', () => {
      expect(restartExecutionName('a'.repeat(80))).toHaveLength(80);
    });
  });

  it('retries throttling and 5xx with growing jittered backoff', async () => {
    const client = scriptedClient([sdkError('ThrottlingException', 400), sdkError('TooManyRequestsException', 429), sdkError('InternalServerError', 500, 'server'), 'ok']);
    const t = fakeTime();
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, retryBaseMs: 100, random: () => 0.5, ...t });
    await expect(starter.start('n', { uid: 'acme' })).resolves.toBe('started');
    expect(client.send).toHaveBeenCalledTimes(4);
    expect(t.sleeps).toEqual([50, 100, 200]);
  });

  it('gives up after maxAttempts with an error naming the execution', async () => {
    const throttle = () => sdkError('ThrottlingException', 400);
    const client = scriptedClient([throttle(), throttle(), throttle()]);
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, maxAttempts: 3, random: () => 0, ...fakeTime() });
    const err = await starter.start('acme-db-abc', { uid: 'acme' }).catch((e) => e);
    expect(err).toBeInstanceOf(ExecutionStartError);
    expect(err.message).toContain('acme-db-abc');
    expect(err.message).toContain('3 attempt');
    expect(client.send).toHaveBeenCalledTimes(3);
  });

  it('does not retry client errors such as a missing state machine', async () => {
    const client = scriptedClient([sdkError('StateMachineDoesNotExist', 400)]);
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, ...fakeTime() });
    await expect(starter.start('n', { uid: 'acme' })).rejects.toThrow(/StateMachineDoesNotExist/);
    expect(client.send).toHaveBeenCalledTimes(1);
  });

  it('keeps to maxStartsPerSecond', async () => {
    const client = scriptedClient([]);
    const t = fakeTime();
    const stamps: number[] = [];
    const original = client.send;
    client.send = jest.fn(async (cmd) => {
      stamps.push(t.nowMs());
      return original(cmd);
    });
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, maxStartsPerSecond: 5, ...t });
    await Promise.all(Array.from({ length: 15 }, (_, i) => starter.start(`n${i}`, { uid: `u${i}` })));
    expect(stamps).toHaveLength(15);
    // A full bucket lets one second's worth go at once; after that 5 per second.
    const start = stamps[0];
    const inFirstSecond = stamps.filter((s) => s - start < 1000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(10);
    expect(stamps[14] - start).toBeGreaterThanOrEqual(2000 - 1);
    for (let i = 5; i < 15; i++) expect(stamps[i] - stamps[i - 1]).toBeGreaterThanOrEqual(199);
  });
});

describe('TokenBucket', () => {
  it('refills with time and never holds more than one second of tokens', async () => {
    const t = fakeTime();
    const bucket = new TokenBucket(2, t.nowMs, t.sleep);
    await bucket.take();
    await bucket.take();
    expect(t.sleeps).toEqual([]);
    t.advance(60_000); // idle for a minute: still only 2 tokens
    await bucket.take();
    await bucket.take();
    await bucket.take();
    expect(t.sleeps).toEqual([500]);
  });

  it('rejects a non-positive rate', () => {
    const t = fakeTime();
    expect(() => new TokenBucket(0, t.nowMs, t.sleep)).toThrow(/maxStartsPerSecond/);
  });
});
