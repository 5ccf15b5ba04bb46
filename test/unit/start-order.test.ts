import type { PlannedDeletion, PlannedStart, StartReason } from '../../lambdas/core/sync/sync-plan';
import { orderStarts } from '../../lambdas/core/sync/start-order';

const start = (uid: string, reason: StartReason): PlannedStart => ({ name: `${uid}-f-${reason}`, input: { uid, form: 'f' }, uid, form: 'f', reason, desiredHash: `h-${uid}` });
const deletion = (uid: string): PlannedDeletion => ({ name: `${uid}-f-del`, input: { uid, form: 'f', allowDelete: true }, uid, form: 'f', reason: 'deleted', record: `${uid}-f` });

describe('orderStarts', () => {
  const plan = {
    starts: [start('a', 'update'), start('b', 'create'), start('c', 'update'), start('d', 'retry'), start('e', 'resume'), start('f', 'update')],
    deletions: [deletion('x'), deletion('y')],
  };

  it('deletions first, then creates, retries and resumes, then updates; the plan order within each', () => {
    expect(orderStarts(plan).map((w) => w.name)).toEqual(['x-f-del', 'y-f-del', 'b-f-create', 'd-f-retry', 'e-f-resume', 'a-f-update', 'c-f-update', 'f-f-update']);
  });

  it('an update the caller knows to be a row change goes with the single-node starts, before the rollout work', () => {
    const formChangeOnly = new Set(['a', 'f']);
    const ordered = orderStarts(plan, (s) => s.reason === 'update' && formChangeOnly.has(s.uid));
    expect(ordered.map((w) => w.name)).toEqual(['x-f-del', 'y-f-del', 'b-f-create', 'c-f-update', 'd-f-retry', 'e-f-resume', 'a-f-update', 'f-f-update']);
  });

  it('keeps every item exactly once', () => {
    const ordered = orderStarts(plan);
    expect(ordered).toHaveLength(8);
    expect(new Set(ordered)).toEqual(new Set([...plan.starts, ...plan.deletions]));
  });
});
