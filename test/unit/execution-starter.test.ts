import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { restartExecutionName } from '../../lambdas/core/sync/execution-name';
import { ExecutionStartError, SfnExecutionStarter } from '../../lambdas/adapters/execution-starter';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile-node';

/** An error as the SDK throws it once its retry strategy gave up: `attempts` is what it made. */
function sdkError(name: string, status: number, attempts = 1) {
  return Object.assign(new Error(`${name} happened`), { name, $fault: 'client', $metadata: { httpStatusCode: status, attempts } });
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
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN });
    await expect(starter.start('acme-db-abc', { uid: 'acme', form: 'db' })).resolves.toBe('started');
    expect(client.sent[0]).toBeInstanceOf(StartExecutionCommand);
    expect(client.sent[0].input).toEqual({ stateMachineArn: ARN, name: 'acme-db-abc', input: '{"uid":"acme","form":"db"}' });
  });

  it('a 200 carrying an earlier start date is the running execution answering: already exists, not started', async () => {
    const now = 1_000_000;
    const client = { send: jest.fn(async () => ({ executionArn: `${ARN}:n`, startDate: new Date(now - 60_000) })) };
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, serviceNowMs: () => now });
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
      const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN });
      await expect(starter.start('acme-db-abc', { uid: 'acme' })).resolves.toBe('restarted');
      expect(client.calls).toEqual(['start acme-db-abc', 'describe acme-db-abc', `start ${restartExecutionName('acme-db-abc')}`]);
      expect(restartExecutionName('acme-db-abc')).toMatch(/^acme-db-abc-x[0-9a-f]{6}$/);
    });

    it('SUCCEEDED: the work is done, nothing starts', async () => {
      const client = awsLike((name) => (name === 'n' ? 'SUCCEEDED' : undefined));
      const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN });
      await expect(starter.start('n', { uid: 'acme' })).resolves.toBe('already-exists');
      expect(client.started).toEqual([]);
    });

    it('fresh names that failed too are followed a few times, then reported', async () => {
      const client = awsLike(() => 'FAILED');
      const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN, maxRestarts: 2 });
      await expect(starter.start('n', { uid: 'acme' })).rejects.toThrow(/FAILED, and so did 2 restart/);
    });

    it('a restart name stays within 80 characters', () => {
      expect(restartExecutionName('a'.repeat(80))).toHaveLength(80);
    });
  });

  it('adds no retry of its own: the client (the SDK adaptive retry) is the one layer', async () => {
    // What the SDK throws after its own 3 attempts: the starter sends once and reports it.
    const client = scriptedClient([sdkError('ThrottlingException', 400, 3), 'ok']);
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN });
    const err = await starter.start('acme-db-abc', { uid: 'acme' }).catch((e) => e);
    expect(err).toBeInstanceOf(ExecutionStartError);
    expect(err.message).toBe('StartExecution acme-db-abc failed after 3 attempt(s): ThrottlingException: ThrottlingException happened');
    expect(client.send).toHaveBeenCalledTimes(1);
  });

  it('a failing DescribeExecution is reported naming the execution, once', async () => {
    const client = { send: jest.fn(async (cmd: unknown) => {
      throw cmd instanceof StartExecutionCommand ? sdkError('ExecutionAlreadyExists', 400) : sdkError('AccessDeniedException', 400);
    }) };
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN });
    await expect(starter.start('n', { uid: 'acme' })).rejects.toThrow('StartExecution n failed after 1 attempt(s): AccessDeniedException: AccessDeniedException happened');
    expect(client.send).toHaveBeenCalledTimes(2);
  });

  it('does not retry client errors such as a missing state machine', async () => {
    const client = scriptedClient([sdkError('StateMachineDoesNotExist', 400)]);
    const starter = new SfnExecutionStarter({ client: client as never, stateMachineArn: ARN });
    await expect(starter.start('n', { uid: 'acme' })).rejects.toThrow(/StateMachineDoesNotExist/);
    expect(client.send).toHaveBeenCalledTimes(1);
  });
});
