import type { PlannedDeletion, PlannedStart, StartReason } from '../../lambdas/core/sync/sync-plan';
import { orderStarts } from '../../lambdas/core/sync/start-order';

const start = (uid: string, reason: StartReason): PlannedStart => ({ name: `${uid}-f-${reason}`, input: { uid, form: 'f' }, uid, form: 'f', reason, desiredHash: `h-${uid}` });
const deletion = (uid: string): PlannedDeletion => ({ name: `${uid}-f-del`, input: { uid, form: 'f', allowDelete: true }, uid, form: 'f', reason: 'deleted', record: `${uid}-f` });

describe('orderStarts', () => {
  const plan = {
    starts: [start('a', 'update'), start('b', 'create'), start('c', 'update'), start('d', 'retry'), start('e', 'resume'), start('f', 'update')],
    deletions: [deletion('x'), deletion('y')],
  };

  const updates = new Set(plan.starts.filter((s) => s.reason === 'update'));

  it('deletions first, then single-node starts, then the rollout work; the plan order within each', () => {
    expect(orderStarts(plan, updates).map((w) => w.name)).toEqual(['x-f-del', 'y-f-del', 'b-f-create', 'd-f-retry', 'e-f-resume', 'a-f-update', 'c-f-update', 'f-f-update']);
  });

  it('an update that is not rollout work (a row change) goes with the single-node starts', () => {
    const formChangeOnly = new Set(plan.starts.filter((s) => s.uid === 'a' || s.uid === 'f'));
    const ordered = orderStarts(plan, formChangeOnly);
    expect(ordered.map((w) => w.name)).toEqual(['x-f-del', 'y-f-del', 'b-f-create', 'c-f-update', 'd-f-retry', 'e-f-resume', 'a-f-update', 'f-f-update']);
  });

  it('keeps every item exactly once', () => {
    const ordered = orderStarts(plan, updates);
    expect(ordered).toHaveLength(8);
    expect(new Set(ordered)).toEqual(new Set([...plan.starts, ...plan.deletions]));
  });
});
