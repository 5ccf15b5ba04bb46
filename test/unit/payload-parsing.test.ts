import { parseExecutionInput, parseNodeRun, parseResourceProgress, parseResourceStep } from '../../lambdas/core/payload-parsing';
import { ERROR_PERMANENT } from '../../lambdas/core/workflow-contracts';

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
    [{ uid: 'acme-corp', from: 'x' }, /unknown field\(s\) "from"/],
  ])('rejects %j with a message naming the field', (input, message) => {
    expect(() => parseExecutionInput(input)).toThrow(message);
    try { parseExecutionInput(input); } catch (error) { expect((error as Error).name).toBe(ERROR_PERMANENT); }
  });
});

describe('internal payloads', () => {
  const step = { uid: 'a', form: 'f', execution: 'e', startTime: '2026-11-24T12:00:00Z', id: 'app', failedIds: [], skippedIds: ['x'] };

  test('a resource step round-trips and a missing list is named', () => {
    expect(parseResourceStep(step)).toEqual(step);
    expect(() => parseResourceStep({ ...step, failedIds: 'rds' })).toThrow(/"failedIds" must be an array of strings/);
  });

  test('progress needs a known outcome and a numeric wait', () => {
    const progress = { ...step, outcome: 'applied', waitSeconds: 5, appliedAt: '2026-11-24T12:00:00Z', message: 'ok' };
    expect(parseResourceProgress(progress)).toEqual(progress);
    expect(() => parseResourceProgress({ ...progress, outcome: 'done' })).toThrow(/"outcome" must be one of/);
    expect(() => parseResourceProgress({ ...progress, waitSeconds: '5' })).toThrow(/"waitSeconds" must be a number/);
  });

  test('a node run carries the level results of the Map, failed Pass items included', () => {
    const run = parseNodeRun({
      ...step, action: 'apply', reason: 'create', desiredHash: 'h', levels: [['a'], ['b']], levelIndex: 0, currentLevel: ['a'],
      readyIds: [], failedIds: [], skippedIds: [], failureMessages: [],
      levelResults: [{ id: 'a', outcome: 'failed', message: 'boom' }, { id: 'b', outcome: 'ready' }],
    });
    expect(run.levelResults).toEqual([{ id: 'a', outcome: 'failed', message: 'boom' }, { id: 'b', outcome: 'ready', message: '' }]);
    expect(() => parseNodeRun({ ...step, levels: 'a' })).toThrow(/"levels" must be an array of arrays/);
  });
});
