import { emptyLynqNodeStatus, getCondition, lynqNodeName, readySummary, setCondition } from '../../lambdas/core/lynqnode/lynqnode-status';
import { failedStatus, readyStatus } from '../../lambdas/core/lynqnode/lynqnode-progress';

describe('lynqNodeName', () => {
  it('is <uid>-<form>', () => {
    expect(lynqNodeName('acme-corp', 'database-provisioning')).toBe('acme-corp-database-provisioning');
  });
  it('rejects names that are not DNS subdomains, naming uid and form', () => {
    expect(() => lynqNodeName('Acme_Corp', 'f')).toThrow('invalid LynqNode name "Acme_Corp-f" (uid "Acme_Corp", form "f")');
    expect(() => lynqNodeName('', 'f')).toThrow(/uid is empty/);
    expect(() => lynqNodeName('a'.repeat(250), 'form')).toThrow(/at most 253/);
  });
});

describe('conditions', () => {
  const t1 = new Date('2026-01-01T00:00:00Z');
  const t2 = new Date('2026-01-01T00:05:00Z');

  it('adds a condition with the transition time', () => {
    const list = setCondition([], { type: 'Ready', status: 'False', reason: 'Reconciling', message: 'Waiting for rds-instance to become ready' }, t1);
    expect(list).toEqual([{ type: 'Ready', status: 'False', reason: 'Reconciling', message: 'Waiting for rds-instance to become ready', lastTransitionTime: t1.toISOString() }]);
  });

  it('keeps lastTransitionTime when only the message changes and moves it when the status changes', () => {
    let list = setCondition([], { type: 'Ready', status: 'False', reason: 'Reconciling', message: 'a' }, t1);
    list = setCondition(list, { type: 'Ready', status: 'False', reason: 'Reconciling', message: 'b' }, t2);
    expect(getCondition(list, 'Ready')).toMatchObject({ message: 'b', lastTransitionTime: t1.toISOString() });
    list = setCondition(list, { type: 'Ready', status: 'True', reason: 'Reconciled', message: 'done' }, t2);
    expect(getCondition(list, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: t2.toISOString() });
    expect(list).toHaveLength(1);
  });
});

describe('readySummary', () => {
  it('is ready/desired', () => {
    expect(readySummary({ ...emptyLynqNodeStatus(), readyResources: 2, desiredResources: 3 })).toBe('2/3');
  });
});

describe('a failed node says when the sync retries it', () => {
  const now = new Date('2030-01-01T12:00:00.000Z');
  const failing = { ...emptyLynqNodeStatus(), desiredResources: 2, failedResources: 1 };

  it('the first failure is retried 30 s later, the next after 60 s; Ready clears it', () => {
    const first = failedStatus(failing, 'h', 'exec-1', 'boom', now);
    expect(first.nextRetryTime).toBe('2030-01-01T12:00:30.000Z');
    expect(getCondition(first.conditions, 'Progressing')?.message).toBe('Execution exec-1 failed; the sync retries the node at 2030-01-01T12:00:30.000Z');
    const second = failedStatus(first, 'h', 'exec-2', 'boom', new Date('2030-01-01T12:01:00.000Z'));
    expect(second.nextRetryTime).toBe('2030-01-01T12:02:00.000Z');
    expect(readyStatus(second, 'h', 'exec-3', now).nextRetryTime).toBeUndefined();
  });
});
