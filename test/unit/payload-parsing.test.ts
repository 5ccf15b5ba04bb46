import { parseApplyInput, parseExecutionInput, parseNodeRun, parseRecordResultEvent, parseResourceProgress, parseResourceStep } from '../../lambdas/core/contracts/payload-parsing';
import { ERROR_PERMANENT } from '../../lambdas/core/contracts/workflow-contracts';

describe('execution input (what a user types in the console)', () => {
  test('accepts {"uid"} and {"uid", "form"}', () => {
    expect(parseExecutionInput({ uid: 'acme-corp' })).toEqual({ uid: 'acme-corp' });
    expect(parseExecutionInput({ uid: 'acme-corp', form: 'database-provisioning' })).toEqual({ uid: 'acme-corp', form: 'database-provisioning' });
  });

  test.each([
    [null, /expected a JSON object, got null/],
    [['acme-corp'], /got an array/],
    [{}, /field "uid" must be a non-empty string/],
    [{ uid: '' }, /field "uid" must be a non-empty string/],
    [{ uid: 42 }, /field "uid" must be a non-empty string/],
    [{ uid: 'acme-corp', allowDelete: 'true' }, /field "allowDelete" must be true or false/],
    [{ uid: 'acme-corp', allowDelete: 1 }, /field "allowDelete" must be true or false/],
  ])('rejects %j with a message naming the field', (input, message) => {
    expect(() => parseExecutionInput(input)).toThrow(message);
    try { parseExecutionInput(input); } catch (error) { expect((error as Error).name).toBe(ERROR_PERMANENT); }
  });
});

describe('manual runs: the console\'s input', () => {
  test('the console\'s default Comment key (and any other key) is ignored, not a failed execution', () => {
    expect(parseExecutionInput({ Comment: 'Insert your JSON here', uid: 'acme-corp' })).toEqual({ uid: 'acme-corp' });
  });

  test('allowDelete counts only as the JSON boolean true', () => {
    expect(parseExecutionInput({ uid: 'acme-corp', allowDelete: true })).toEqual({ uid: 'acme-corp', allowDelete: true });
    expect(parseExecutionInput({ uid: 'acme-corp', allowDelete: false })).toEqual({ uid: 'acme-corp' });
  });
});

describe('internal payloads', () => {
  const step = { uid: 'a', form: 'f', execution: 'e', startTime: '2026-11-24T12:00:00Z', id: 'app' };

  test('a resource step round-trips and a missing field is named', () => {
    expect(parseResourceStep(step)).toEqual(step);
    expect(() => parseResourceStep({ ...step, id: 3 })).toThrow(/"id" must be a non-empty string/);
  });

  test('progress needs a known outcome and a numeric wait', () => {
    const progress = { ...step, outcome: 'waiting', waitSeconds: 5, waitingSince: '2026-11-24T12:00:00Z', phase: 'creating', phaseSince: '2026-11-24T12:00:00Z', message: 'ok' };
    expect(parseResourceProgress(progress)).toEqual(progress);
    expect(() => parseResourceProgress({ ...progress, outcome: 'applied' })).toThrow(/"outcome" must be one of/);
    expect(() => parseResourceProgress({ ...progress, outcome: 'done' })).toThrow(/"outcome" must be one of/);
    expect(() => parseResourceProgress({ ...progress, waitSeconds: '5' })).toThrow(/"waitSeconds" must be a number/);
  });

  test('a node run carries the level results of the Map, failed Pass items included', () => {
    const run = parseNodeRun({
      ...step, action: 'apply', reason: 'create', desiredHash: 'h', levels: [['a'], ['b']], levelIndex: 0, currentLevel: ['a'],
      readyIds: [], failedIds: [], skippedIds: [], failureMessages: [],
      levelResults: { ids: ['a', 'b'], outcomes: ['failed', 'ready'], messages: ['boom', 'Namespace x is Active'] },
    });
    expect(run.levelResults).toEqual([{ id: 'a', outcome: 'failed', message: 'boom' }, { id: 'b', outcome: 'ready', message: 'Namespace x is Active' }]);
    expect(() => parseNodeRun({ ...run, levelResults: { ids: ['a', 'b'], outcomes: ['ready'], messages: [] } })).toThrow(/2 ids, 1 outcomes and 0 messages/);
    expect(() => parseNodeRun({ ...step, levels: 'a' })).toThrow(/"levels" must be an array of arrays/);
  });
});

describe('schemas name every bad field, never its value', () => {
  const step = { uid: 'a', form: 'f', execution: 'e', startTime: '2026-11-24T12:00:00Z', id: 'app' };

  test('every bad field of a payload is named in one message', () => {
    expect(() => parseResourceStep({ uid: 'a', form: 7, execution: '', startTime: 's', id: 'x' }))
      .toThrow('resource step: field "form" must be a non-empty string; field "execution" must be a non-empty string');
  });

  test('a secret-looking value never appears in the message', () => {
    const secret = 'tok_SENTINEL_do_not_log';
    try {
      parseResourceProgress({ ...step, outcome: secret, waitSeconds: secret, waitingSince: 's' });
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as Error).message).toMatch(/"outcome" must be one of waiting, deleting, ready, failed, skipped; field "waitSeconds" must be a number/);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  test('ApplyResource\'s input keeps waitingSince only when it is set', () => {
    expect(parseApplyInput({ ...step, waitingSince: '' })).toEqual(step);
    expect(parseApplyInput({ ...step, waitingSince: '2026-11-24T12:00:05Z', outcome: 'deleting' })).toEqual({ ...step, waitingSince: '2026-11-24T12:00:05Z' });
  });

  test('a record result event needs a known result and an object run; the run is read leniently', () => {
    expect(() => parseRecordResultEvent({ result: 'done', execution: 'e', run: {} })).toThrow('record result event: field "result" must be "ready" or "failed"');
    expect(() => parseRecordResultEvent({ result: 'failed', execution: 'e', run: 'x' })).toThrow('field "run" must be an object');
    const event = parseRecordResultEvent({ result: 'failed', execution: 'e', run: { uid: 'a', Comment: 'c', error: { Error: 'States.TaskFailed', Cause: 7 } } });
    expect(event.run).toEqual({ uid: 'a', Comment: 'c', error: { Error: 'States.TaskFailed' } });
  });

  test('a node run\'s action must be one the workflow knows', () => {
    const run = { ...step, action: 'apply', levels: [], currentLevel: [], readyIds: [], failedIds: [], skippedIds: [] };
    expect(parseNodeRun(run)).toMatchObject({ action: 'apply', reason: '', desiredHash: '', levelIndex: 0, failureMessages: [], levelResults: [] });
    expect(() => parseNodeRun({ ...run, action: 'destroy' })).toThrow('node run: field "action" must be one of apply, delete, none');
  });
});
