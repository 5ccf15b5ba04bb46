import type { PlannedDeletion, PlannedStart, StartReason } from '../../lambdas/core/sync/sync-plan';
import { orderStarts } from '../../lambdas/core/sync/start-order';
import { rolloutWorkOf } from '../../lambdas/core/sync/rollout-throttle';
import type { FormConfig } from '../../lambdas/core/config/config-model';
import type { LynqNodeSummary } from '../../lambdas/core/contracts/workflow-contracts';

const start = (uid: string, reason: StartReason): PlannedStart => ({ name: `${uid}-f-${reason}`, input: { uid, form: 'f' }, uid, form: 'f', reason, desiredHash: `h-${uid}` });
const deletion = (uid: string): PlannedDeletion => ({ name: `${uid}-f-del`, input: { uid, form: 'f', allowDelete: true }, uid, form: 'f', reason: 'deleted', record: `${uid}-f` });

describe('orderStarts', () => {
  const plan = {
    starts: [start('a', 'update'), start('b', 'create'), start('c', 'update'), start('d', 'retry'), start('e', 'resume'), start('f', 'update')],
    deletions: [deletion('x'), deletion('y')],
  };

  it('deletions first, then creates, retries and resumes, then updates; the plan order within each', () => {
    expect(orderStarts(plan, (s) => s.reason === 'update').map((w) => w.name)).toEqual(['x-f-del', 'y-f-del', 'b-f-create', 'd-f-retry', 'e-f-resume', 'a-f-update', 'c-f-update', 'f-f-update']);
  });

  it('an update the caller knows to be a row change goes with the single-node starts, before the rollout work', () => {
    const formChangeOnly = new Set(['a', 'f']);
    const ordered = orderStarts(plan, (s) => s.reason === 'update' && formChangeOnly.has(s.uid));
    expect(ordered.map((w) => w.name)).toEqual(['x-f-del', 'y-f-del', 'b-f-create', 'c-f-update', 'd-f-retry', 'e-f-resume', 'a-f-update', 'f-f-update']);
  });

  it('keeps every item exactly once', () => {
    const ordered = orderStarts(plan, (s) => s.reason === 'update');
    expect(ordered).toHaveLength(8);
    expect(new Set(ordered)).toEqual(new Set([...plan.starts, ...plan.deletions]));
  });
});

describe('rolloutWorkOf: which updates are a form change', () => {
  const form = { name: 'f', contentHash: 'form-now', resources: [] } as unknown as FormConfig;
  const record = (uid: string, formHash?: string): LynqNodeSummary => ({
    name: `${uid}-f`, namespace: 'lynq-system', labels: {},
    spec: { uid, form: 'f', hubId: 'h', desiredHash: 'old', ...(formHash ? { formHash } : {}) },
    status: { retryCount: 0, conditions: [] },
  } as unknown as LynqNodeSummary);
  const isRolloutWork = rolloutWorkOf({ forms: [form], nodes: [], records: [record('a', 'form-now'), record('c')] });

  it('an update of a node already on the current form is a row change; a create has no record to judge by', () => {
    expect(isRolloutWork(start('a', 'update'))).toBe(false);
    expect(isRolloutWork(start('b', 'create'))).toBe(false);
  });

  it('a record from before form hashes were kept is taken for a form change, the careful reading', () => {
    expect(isRolloutWork(start('c', 'update'))).toBe(true);
  });
});
