import { parseExecutionInput, parseNodeRun, parseResourceProgress, parseResourceStep } from '../../lambdas/core/contracts/payload-parsing';
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
