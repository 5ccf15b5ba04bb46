import { emptyLynqNodeStatus, getCondition, lynqNodeName, readySummary, setCondition } from '../../lambdas/core/lynqnode-status';

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
