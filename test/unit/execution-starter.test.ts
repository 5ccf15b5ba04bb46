import { StartExecutionCommand } from '@aws-sdk/client-sfn';
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

  it('treats ExecutionAlreadyExists as success', async () => {
    const client = scriptedClient([sdkError('ExecutionAlreadyExists', 400)]);
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, ...fakeTime() });
    await expect(starter.start('n', { uid: 'acme' })).resolves.toBe('already-exists');
    expect(client.send).toHaveBeenCalledTimes(1);
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
