import { capMessage, failedOutcomeOnError, MAX_FAILURE_MESSAGE } from '../../lambdas/workflow/resource-failure';
import { RetryableError, PermanentError } from '../../lambdas/core/contracts/workflow-errors';
import { MemoryLog } from '../../local/local-deps';
import { describeFailure, MAX_CAUSE } from '../../lambdas/workflow/record-result-step';

const step = { uid: 'acme', form: 'f', execution: 'e', startTime: '2026-11-24T12:00:00Z', id: 'app' };
const now = () => new Date('2026-11-24T12:01:00Z');

describe('failedOutcomeOnError', () => {
  test('a programming error becomes a failed outcome, but never without an error log line and its stack', async () => {
    const log = new MemoryLog();
    const outcome = await failedOutcomeOnError(step, log, async () => { const o: any = undefined; return o.boom; }, now);
    expect(outcome).toMatchObject({ id: 'app', outcome: 'failed', waitSeconds: 0 });
    const line = log.lines.find((l) => l.level === 'error');
    expect(line?.message).toBe('unexpected error in a resource step');
    expect(line?.fields).toMatchObject({ resource: 'app', errorName: 'TypeError' });
    expect(String(line?.fields?.stack)).toMatch(/TypeError: Cannot read properties of undefined[\s\S]*at /);
  });

  test('a classified error (a bad template, a conflict) is an ordinary failed outcome without an error log', async () => {
    const log = new MemoryLog();
    const outcome = await failedOutcomeOnError(step, log, async () => { throw new PermanentError('template error in app'); }, now);
    expect(outcome).toMatchObject({ outcome: 'failed', message: 'template error in app' });
    expect(log.lines).toEqual([]);
  });

  test('messages are capped, also on errors the state machine retries (their Cause becomes the message)', async () => {
    const long = 'x'.repeat(5000);
    const failed = await failedOutcomeOnError(step, new MemoryLog(), async () => { throw new PermanentError(long); }, now);
    expect(failed.message).toHaveLength(MAX_FAILURE_MESSAGE);
    const retried = await failedOutcomeOnError(step, new MemoryLog(), async () => { throw new RetryableError(long); }, now).catch((e: Error) => e);
    expect(retried).toBeInstanceOf(RetryableError);
    expect((retried as Error).message).toHaveLength(MAX_FAILURE_MESSAGE);
    expect(capMessage('short')).toBe('short');
  });
});

describe('the execution\'s failure cause', () => {
  test('stays under a Fail state\'s 32,768-character Cause however many resources failed', () => {
    const ids = Array.from({ length: 400 }, (_, i) => `resource-${i}`);
    const failure = describeFailure({ uid: 'acme', form: 'f', failedIds: ids, failureMessages: ids.map((id) => `${id}: ${'x'.repeat(290)}`), skippedIds: [] });
    expect(failure.error).toBe('Lynq.NodeFailed');
    expect(failure.cause.length).toBeLessThanOrEqual(MAX_CAUSE);
    expect(failure.cause).toMatch(/^node acme, form f: 400 failed \(resource-0: x+/);
  });
});
