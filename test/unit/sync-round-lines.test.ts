import { runExitProblems, syncRoundLines } from '../../local/outcome-report';
import type { SyncReport } from '../../lambdas/workflow/run-sync';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const report = (over: Partial<SyncReport>): SyncReport => ({
  started: [], alreadyRunning: 0, deletions: [], skippedRows: [], waitingForRetry: [], startFailures: [], deferred: 0,
  nodesDesired: 0, nodesReady: 0, nodesFailed: 0, durationMs: 0, ...over,
});

describe('what `lynq-sfn run` prints after a sync round', () => {
  test('a single deletion is one deletion, not also one started', () => {
    const deletion = { name: 'gone-f-del-1', input: { uid: 'gone', form: 'f' }, uid: 'gone', form: 'f', reason: 'deleted' as const, record: 'gone-f', result: 'started' as const };
    expect(syncRoundLines(report({ started: ['gone-f-del-1'], deletions: [deletion] }), NOW)).toEqual([
      'sync: 0 started, 1 deletions, 0 skipped, 0 waiting for retry',
    ]);
    expect(syncRoundLines(report({ started: ['new-f-1', 'gone-f-del-1'], deletions: [deletion] }), NOW)[0]).toBe('sync: 1 started, 1 deletions, 0 skipped, 0 waiting for retry');
  });

  test('skipped rows with row, uid and field; executions that could not start; nodes waiting for a retry with the time it is due', () => {
    const lines = syncRoundLines(report({
      started: ['ok-f-1'],
      skippedRows: [
        { rowIndex: 1, uid: null, field: 'node_id', reason: 'uid is NULL' },
        { rowIndex: 4, uid: 'acme', field: 'blob', reason: 'holds binary data (3 bytes), which is not a supported template value' },
      ],
      waitingForRetry: [{ uid: 'beta', form: 'f', dueAt: '2030-01-01T12:00:45.000Z' }],
      startFailures: [{ name: 'gamma-f-1', uid: 'gamma', form: 'f', error: 'ThrottlingException: Rate exceeded' }],
    }), NOW);
    expect(lines).toEqual([
      'sync: 1 started, 0 deletions, 2 skipped, 1 waiting for retry',
      "  skipped: row 1, field 'node_id': uid is NULL",
      "  skipped: row 4, uid 'acme', field 'blob': holds binary data (3 bytes), which is not a supported template value",
      '  could not start: gamma/f: ThrottlingException: Rate exceeded',
      '  waiting for retry: beta/f, due 2030-01-01T12:00:45.000Z (in 45s)',
    ]);
  });
});

describe('the exit status of `lynq-sfn run`', () => {
  const skipped = { rowIndex: 0, uid: null, field: 'node_id', reason: 'uid is NULL' };
  const waiting = { uid: 'beta', form: 'f', dueAt: '2030-01-01T12:00:45.000Z' };

  test('--once: skipped rows fail it unless allowed; a node waiting for its retry fails it', () => {
    expect(runExitProblems(0, report({}), {})).toEqual([]);
    expect(runExitProblems(0, report({ skippedRows: [skipped] }), {})).toEqual(['1 row(s) skipped (--allow-skipped accepts them)']);
    expect(runExitProblems(0, report({ skippedRows: [skipped] }), { allowSkipped: true })).toEqual([]);
    expect(runExitProblems(0, report({ waitingForRetry: [waiting] }), { allowSkipped: true })).toEqual(['1 failed node(s) waiting for their retry']);
    expect(runExitProblems(2, report({}), {})).toEqual(['2 execution(s) failed']);
  });

  test('without --once only failed executions count', () => {
    expect(runExitProblems(0, undefined, {})).toEqual([]);
    expect(runExitProblems(1, undefined, {})).toEqual(['1 execution(s) failed']);
  });
});
