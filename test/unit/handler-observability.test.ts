// The handlers' Powertools use: the Lambda context and the node on every log line of an
// invocation, and nothing left over for the next invocation of a warm container.
import { logger, taskLogKeys, withInvocation } from '../../lambdas/handlers/handler-observability';

const context = {
  functionName: 'LynqSfn-ApplyResource', functionVersion: '$LATEST', memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-west-2:123456789012:function:LynqSfn-ApplyResource',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678', logGroupName: '/aws/lambda/x', logStreamName: 's',
  callbackWaitsForEmptyEventLoop: true, getRemainingTimeInMillis: () => 1000,
  done: () => undefined, fail: () => undefined, succeed: () => undefined,
};

function captureLogs(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spies = (['info', 'log', 'warn', 'error'] as const).map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => { lines.push(args.map(String).join(' ')); }));
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { lines.push(String(chunk)); return true; });
  return run().then(() => lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))).finally(() => {
    for (const spy of spies) spy.mockRestore();
    stdout.mockRestore();
  });
}

describe('taskLogKeys', () => {
  it.each([
    ['LoadNode', { input: { uid: 'acme-corp', form: 'db' }, execution: 'acme-corp-db-1a2b', startTime: '2026-01-01T00:00:00Z' }, { execution: 'acme-corp-db-1a2b', uid: 'acme-corp', form: 'db' }],
    ['ApplyResource', { uid: 'acme-corp', form: 'db', execution: 'e-1', id: 'rds-instance', level: 1 }, { execution: 'e-1', uid: 'acme-corp', form: 'db', resource: 'rds-instance' }],
    ['RecordResult', { result: 'ready', run: { uid: 'acme-corp', form: 'db', execution: 'e-1' }, execution: 'e-1' }, { execution: 'e-1', uid: 'acme-corp', form: 'db' }],
    ['a console input', { Comment: 'by hand' }, {}],
    ['nothing', undefined, {}],
  ])('%s', (_name, event, keys) => {
    expect(taskLogKeys(event)).toEqual(keys);
  });
});

describe('withInvocation', () => {
  it('adds the request id, cold start and node keys to the invocation\'s logs, then removes the keys', async () => {
    const logs = await captureLogs(async () => {
      await withInvocation(context, { uid: 'acme-corp', resource: 'app' }, async () => {
        logger.info('applied');
      });
      logger.info('between invocations');
    });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatchObject({
      message: 'applied', uid: 'acme-corp', resource: 'app',
      function_request_id: context.awsRequestId, function_name: context.functionName, cold_start: expect.any(Boolean),
    });
    expect(logs[1].message).toBe('between invocations');
    expect(logs[1].uid).toBeUndefined();
    expect(logs[1].resource).toBeUndefined();
  });

  it('passes the result through and rethrows errors, still resetting the keys', async () => {
    await expect(withInvocation(context, { uid: 'a' }, async () => 42)).resolves.toBe(42);
    const logs = await captureLogs(async () => {
      await expect(withInvocation(context, { uid: 'b' }, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
      logger.info('after');
    });
    expect(logs[0].uid).toBeUndefined();
  });

  it('runs without a Lambda context (local and bundle tests call the handler bare)', async () => {
    await expect(withInvocation(undefined, {}, async () => 'ok')).resolves.toBe('ok');
  });
});
