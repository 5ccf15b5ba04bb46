// The rollout decision (maxSkew, pause on a failed node, resume) and its throttle over a sync plan.
// Pure and deterministic: records and memories are built by hand, the simulation uses a seeded PRNG.
import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { desiredHash } from '../../lambdas/core/apply/desired-hash';
import { templateVariables } from '../../lambdas/core/sync/row-mapping';
import { planSync } from '../../lambdas/core/sync/sync-plan';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import {
  decideRollout, EMPTY_ROLLOUT_MEMORY, nodeRolloutState, type RolloutCandidate, type RolloutInput, type RolloutMemory,
} from '../../lambdas/core/sync/rollout-plan';
import { throttleRollouts } from '../../lambdas/core/sync/rollout-throttle';
import { orderStarts } from '../../lambdas/core/sync/start-order';
import type { LynqNodeCondition, LynqNodeStatus, LynqNodeSummary } from '../../lambdas/core/contracts/workflow-contracts';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const HOUR = 3600_000;
const OLD = 'form-v1';
const NEW = 'form-v2';

const cond = (type: LynqNodeCondition['type'], status: LynqNodeCondition['status']): LynqNodeCondition => ({ type, status, reason: 'r', message: 'm', lastTransitionTime: NOW.toISOString() });

function rec(name: string, formHash: string | undefined, status: Partial<LynqNodeStatus> | null, desired = `${name}@${formHash}`): LynqNodeSummary {
  return {
    name, namespace: 'lynq-system',
    spec: { uid: name, form: 'f', hubId: 'hub', desiredHash: desired, ...(formHash !== undefined ? { formHash } : {}) },
    ...(status === null ? {} : {
      status: {
        desiredResources: 1, readyResources: 0, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
        retryCount: 0, conditions: [], reconciledHash: desired, ...status,
      },
    }),
  };
}
const readyRec = (name: string, formHash = OLD) => rec(name, formHash, { conditions: [cond('Ready', 'True'), cond('Progressing', 'False')] });
const failedRec = (name: string, formHash = NEW) => rec(name, formHash, { conditions: [cond('Ready', 'False'), cond('Degraded', 'True')], lastFailureTime: NOW.toISOString(), retryCount: 1 });
const runningRec = (name: string, formHash = NEW) =>
  rec(name, formHash, { currentExecution: `${name}-x`, reconciledHash: 'older', conditions: [cond('Ready', 'False'), cond('Progressing', 'True')] });
const formChange = (node: string): RolloutCandidate => ({ node, kind: 'form-change', desiredHash: `${node}@${NEW}` });
const names = (cs: RolloutCandidate[]) => cs.map((c) => c.node);

function decide(partial: Partial<RolloutInput<RolloutCandidate>>) {
  return decideRollout<RolloutCandidate>({
    form: 'f', maxSkew: 2, targetHash: NEW, records: [], candidates: [], memory: EMPTY_ROLLOUT_MEMORY, now: NOW, staleAfterMs: HOUR, ...partial,
  });
}
const tenOutdated = () => Array.from({ length: 10 }, (_, i) => readyRec(`n${String(i).padStart(2, '0')}`));

describe('nodeRolloutState', () => {
  it.each([
    ['ready on the old form', 'outdated', readyRec('a', OLD)],
    ['ready on the new form', 'ready', readyRec('a', NEW)],
    ['failed on the new form', 'failed', failedRec('a', NEW)],
    ['failed on the old form', 'outdated', failedRec('a', OLD)],
    ['an execution running', 'updating', runningRec('a')],
    ['claimed, never finished (no running execution)', 'updating', rec('a', NEW, { reconciledHash: 'older', conditions: [cond('Ready', 'True')] })],
    ['created, no status yet', 'updating', rec('a', NEW, null)],
    ['being deprovisioned', 'deleting', rec('a', NEW, { lastAction: 'delete', currentExecution: 'd', conditions: [cond('Progressing', 'True')] })],
    ['a record from before form hashes were kept', 'outdated', readyRec('a', undefined as unknown as string)],
  ])('%s -> %s', (_what, state, record) => {
    expect(nodeRolloutState(record, NEW)).toBe(state);
  });
});

describe('decideRollout: at most maxSkew nodes update at once', () => {
  it('admits maxSkew form changes, by node name, and remembers them as pending', () => {
    const records = tenOutdated();
    const d = decide({ records, candidates: records.map((r) => formChange(r.name)).reverse() });
    expect(names(d.admitted)).toEqual(['n00', 'n01']);
    expect(d.held).toHaveLength(8);
    expect(d.status).toMatchObject({ phase: 'InProgress', total: 10, updated: 0, updating: 2, readyUpdated: 0, failed: 0, held: 8, maxSkew: 2, targetHash: NEW });
    expect(d.status.pending).toEqual([
      { node: 'n00', desiredHash: `n00@${NEW}`, startedAt: NOW.toISOString() },
      { node: 'n01', desiredHash: `n01@${NEW}`, startedAt: NOW.toISOString() },
    ]);
    expect(d.status.message).toBe('Updating: 0/10 nodes updated (2 updating, 0 ready); maxSkew 2; 8 held back');
  });

  it.each([[0, 2], [1, 1], [2, 0], [3, 0]])('with %i node(s) already updating it admits %i', (running, admitted) => {
    const records = tenOutdated().map((r, i) => (i < running ? runningRec(r.name) : r));
    const d = decide({ records, candidates: records.slice(running).map((r) => formChange(r.name)) });
    expect(d.admitted).toHaveLength(admitted);
    expect(d.status.updating).toBe(running + admitted);
  });

  it('a start not yet claimed by its node counts as updating until the record shows it', () => {
    const records = tenOutdated();
    const memory: RolloutMemory = { ...EMPTY_ROLLOUT_MEMORY, pending: [{ node: 'n00', desiredHash: `n00@${NEW}`, startedAt: NOW.toISOString() }] };
    const d = decide({ records, memory, candidates: records.slice(1).map((r) => formChange(r.name)) });
    expect(names(d.admitted)).toEqual(['n01']);
    expect(d.status.pending.map((p) => p.node)).toEqual(['n00', 'n01']);
  });

  it('a claimed pending start is forgotten (the record tells), and so is one older than the execution timeout', () => {
    const records = tenOutdated();
    records[0] = rec('n00', NEW, { conditions: [cond('Ready', 'True')] }, `n00@${NEW}`); // claimed and Ready
    const memory: RolloutMemory = {
      ...EMPTY_ROLLOUT_MEMORY,
      pending: [
        { node: 'n00', desiredHash: `n00@${NEW}`, startedAt: NOW.toISOString() },
        { node: 'n01', desiredHash: `n01@${NEW}`, startedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString() },
        { node: 'gone', desiredHash: 'x', startedAt: NOW.toISOString() },
      ],
    };
    const d = decide({ records, memory, candidates: records.slice(1).map((r) => formChange(r.name)) });
    expect(names(d.admitted)).toEqual(['n01', 'n02']);
    expect(d.status).toMatchObject({ updated: 1, readyUpdated: 1, updating: 2 });
  });

  it('a candidate for a node already updating (a superseding start) needs no slot', () => {
    const records = [runningRec('a'), runningRec('b'), readyRec('c')];
    const d = decide({ records, candidates: [formChange('a'), formChange('c')] });
    expect(names(d.admitted)).toEqual(['a']);
    expect(names(d.held)).toEqual(['c']);
  });

  it('maxSkew 0 holds nothing and remembers nothing', () => {
    const records = tenOutdated();
    const d = decide({ maxSkew: 0, records, candidates: records.map((r) => formChange(r.name)) });
    expect(d.admitted).toHaveLength(10);
    expect(d.status.pending).toEqual([]);
  });

  it('retries go first, then drift repairs, then form changes', () => {
    const records = [failedRec('z'), readyRec('a'), readyRec('b')];
    const d = decide({
      maxSkew: 2,
      memory: { ...EMPTY_ROLLOUT_MEMORY, acknowledged: { z: `z@${NEW}` } },
      records,
      candidates: [formChange('a'), { node: 'b', kind: 'drift-repair', desiredHash: 'b@x' }, { node: 'z', kind: 'retry', desiredHash: `z@${NEW}` }],
    });
    expect(d.admitted.map((c) => c.kind)).toEqual(['retry', 'drift-repair']);
    expect(names(d.held)).toEqual(['a']);
  });
});

describe('decideRollout: a failed node stops the rollout until it is fixed or resumed', () => {
  const records = () => [failedRec('bad'), ...tenOutdated()];

  it('holds every form change, even with free slots, and names the node and the resume command', () => {
    const d = decide({ records: records(), candidates: tenOutdated().map((r) => formChange(r.name)) });
    expect(d.admitted).toEqual([]);
    expect(d.held).toHaveLength(10);
    expect(d.status).toMatchObject({ phase: 'Paused', pausedBy: ['bad'], failed: 1, updated: 1 });
    expect(d.status.message).toContain('paused: bad failed on the new form; fix it or run `lynq-sfn rollout resume f`');
  });

  it('still retries the failed node (a fix reaches it), within maxSkew', () => {
    const d = decide({ records: records(), candidates: [{ node: 'bad', kind: 'retry', desiredHash: `bad@${NEW}` }, formChange('n00')] });
    expect(names(d.admitted)).toEqual(['bad']);
    expect(names(d.held)).toEqual(['n00']);
  });

  it('goes on once the node is Ready again', () => {
    const fixed = [readyRec('bad', NEW), ...tenOutdated()];
    const d = decide({ records: fixed, candidates: tenOutdated().map((r) => formChange(r.name)) });
    expect(names(d.admitted)).toEqual(['n00', 'n01']);
    expect(d.status.phase).toBe('InProgress');
  });

  it('goes on after a resume acknowledged that failure; the acknowledged node takes no slot', () => {
    const memory: RolloutMemory = { ...EMPTY_ROLLOUT_MEMORY, acknowledged: { bad: `bad@${NEW}` } };
    const d = decide({ records: records(), memory, candidates: tenOutdated().map((r) => formChange(r.name)) });
    expect(names(d.admitted)).toEqual(['n00', 'n01']);
    expect(d.status).toMatchObject({ phase: 'InProgress', pausedBy: [], failed: 1 });
  });

  it('pauses again when the acknowledged node fails at another desired state (its row changed since)', () => {
    const memory: RolloutMemory = { ...EMPTY_ROLLOUT_MEMORY, acknowledged: { bad: 'bad@an-older-state' } };
    const d = decide({ records: records(), memory, candidates: [formChange('n00')] });
    expect(d.admitted).toEqual([]);
    expect(d.status.pausedBy).toEqual(['bad']);
  });

  it('a node that failed on the previous form does not stop this rollout', () => {
    const d = decide({ records: [failedRec('old-bad', OLD), readyRec('a')], candidates: [formChange('old-bad'), formChange('a')] });
    expect(names(d.admitted)).toEqual(['a', 'old-bad']);
  });

  it('without maxSkew nothing pauses', () => {
    const d = decide({ maxSkew: 0, records: records(), candidates: [formChange('n00')] });
    expect(names(d.admitted)).toEqual(['n00']);
    expect(d.status.pausedBy).toEqual([]);
  });

  it('an unreadable LynqForm record holds the rollout work this sync (maxSkew could not be kept)', () => {
    const memory: RolloutMemory = { ...EMPTY_ROLLOUT_MEMORY, readable: false };
    const held = decide({ records: tenOutdated(), memory, candidates: [formChange('n00')] });
    expect(held.admitted).toEqual([]);
    expect(held.status.phase).toBe('Paused');
    expect(held.status.message).toContain('could not be read');
    expect(decide({ maxSkew: 0, records: tenOutdated(), memory, candidates: [formChange('n00')] }).admitted).toHaveLength(1);
  });
});

describe('decideRollout: phase and counts', () => {
  it.each([
    ['no records', 'Idle', []],
    ['nothing on the new form yet', 'Idle', [readyRec('a'), readyRec('b')]],
    ['some on the new form', 'InProgress', [readyRec('a', NEW), readyRec('b')]],
    ['all Ready on the new form', 'Complete', [readyRec('a', NEW), readyRec('b', NEW)]],
    ['all on the new form, one still updating', 'InProgress', [readyRec('a', NEW), runningRec('b')]],
  ])('%s -> %s', (_what, phase, records) => {
    expect(decide({ records }).status.phase).toBe(phase);
  });

  it('records being deprovisioned are not part of the rollout', () => {
    const deleting = rec('gone', OLD, { lastAction: 'delete', currentExecution: 'd', conditions: [cond('Progressing', 'True')] });
    expect(decide({ records: [readyRec('a', NEW), deleting] }).status).toMatchObject({ total: 1, updating: 0, phase: 'Complete' });
  });
});

describe('decideRollout: a whole rollout, simulated (never more than maxSkew updating)', () => {
  // Park-Miller PRNG: the same interleavings on every run.
  const prng = (seed: number) => () => (seed = (seed * 48271) % 2147483647) / 2147483647;

  it.each([[1, 1], [2, 7], [3, 42], [2, 1234], [4, 99]])('maxSkew %i, seed %i', (maxSkew, seed) => {
    const random = prng(seed);
    let records = Array.from({ length: 10 }, (_, i) => readyRec(`n${i}`));
    let memory: RolloutMemory = EMPTY_ROLLOUT_MEMORY;
    const unclaimed = new Set<string>();
    for (let round = 0; round < 500; round++) {
      const now = new Date(NOW.getTime() + round * 1000);
      const candidates = records.filter((r) => nodeRolloutState(r, NEW) === 'outdated').map((r) => formChange(r.name));
      const d = decideRollout({ form: 'f', maxSkew, targetHash: NEW, records, candidates, memory, now, staleAfterMs: HOUR });
      for (const c of d.admitted) unclaimed.add(c.node);
      memory = { ...EMPTY_ROLLOUT_MEMORY, pending: d.status.pending };
      // The truth, from the executions' side: started and not yet Ready again.
      const updatingNow = records.filter((r) => nodeRolloutState(r, NEW) === 'updating' || unclaimed.has(r.name)).length;
      expect(updatingNow).toBeLessThanOrEqual(maxSkew);
      expect(d.status.updating).toBe(updatingNow);
      if (d.status.phase === 'Complete') return;
      // Executions move on in random order: some claim their node, some finish Ready.
      records = records.map((r) => {
        if (unclaimed.has(r.name) && random() < 0.5) {
          unclaimed.delete(r.name);
          return runningRec(r.name, NEW);
        }
        if (nodeRolloutState(r, NEW) === 'updating' && random() < 0.3) return readyRec(r.name, NEW);
        return r;
      });
      // Each record's desired hash is `${name}@${formHash}`, as the candidates say.
      records = records.map((r) => ({ ...r, spec: { ...r.spec, desiredHash: `${r.name}@${r.spec.formHash}` } }));
    }
    throw new Error('the rollout did not complete');
  });
});

describe('throttleRollouts over a sync plan', () => {
  const baseForm = (contentHash: string, maxSkew: number): FormConfig => ({ name: 'f', file: 'f.yaml', hubId: 'hub', resources: [], contentHash, rollout: { maxSkew } });
  const v1 = baseForm(OLD, 1);
  const v2 = baseForm(NEW, 1);
  const node = (uid: string, plan = 'basic'): NodeValues => ({ uid, activate: true, plan });
  const hashOf = (n: NodeValues, f: FormConfig) => desiredHash(templateVariables(n, f), f);
  const recordFor = (n: NodeValues, f: FormConfig, formHash: string | undefined = f.contentHash): LynqNodeSummary => ({
    name: `${n.uid}-f`, namespace: 'lynq-system',
    spec: { uid: n.uid, form: 'f', hubId: 'hub', desiredHash: hashOf(n, f), ...(formHash !== undefined ? { formHash } : {}) },
    status: {
      reconciledHash: hashOf(n, f), desiredResources: 1, readyResources: 1, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
      retryCount: 0, lastExecution: 'prev', conditions: [cond('Ready', 'True'), cond('Progressing', 'False')],
    },
  });
  const throttle = (forms: FormConfig[], nodes: NodeValues[], records: LynqNodeSummary[], memories = new Map<string, RolloutMemory>()) =>
    throttleRollouts({ plan: planSync({ forms, nodes, records, now: NOW, settings: DEFAULT_SYNC_SETTINGS }), forms, nodes, records, memories, now: NOW });

  it('a form change is rolled out under maxSkew; the held nodes are idle with reason rollout', () => {
    const nodes = [node('a'), node('b'), node('c')];
    const { plan, rollouts } = throttle([v2], nodes, nodes.map((n) => recordFor(n, v1)));
    expect(plan.starts.map((s) => s.uid)).toEqual(['a']);
    expect(plan.idle.filter((i) => i.reason === 'rollout').map((i) => i.uid)).toEqual(['b', 'c']);
    expect(rollouts).toEqual([expect.objectContaining({ form: 'f', phase: 'InProgress', held: 2, updating: 1 })]);
  });

  it('row changes, creates and deletions are never held back, even while the rollout is full', () => {
    const nodes = [node('a'), node('b', 'pro'), node('new')];
    const records = [recordFor(node('a'), v1), recordFor(node('b'), v2), recordFor(node('gone'), v2)];
    records[0] = { ...records[0], status: { ...records[0].status!, currentExecution: 'x', conditions: [cond('Progressing', 'True')] }, spec: { ...records[0].spec, formHash: NEW, desiredHash: hashOf(node('a'), v2) } };
    records[0].status!.reconciledHash = 'older';
    const { plan } = throttle([v2], nodes, records);
    expect(plan.starts.map((s) => [s.uid, s.reason]).sort()).toEqual([['b', 'update'], ['new', 'create']]);
    expect(plan.deletions.map((d) => d.uid)).toEqual(['gone']);
    expect(plan.idle.filter((i) => i.reason === 'rollout')).toEqual([]);
  });

  it('a row that changed together with the form is a row change: not held back', () => {
    const nodes = [node('a', 'pro'), node('b')];
    const { plan } = throttle([v2], nodes, [recordFor(node('a'), v1), recordFor(node('b'), v1)]);
    // a: row and form changed (passes); b: form only (takes the one slot).
    expect(plan.starts.map((s) => s.uid).sort()).toEqual(['a', 'b']);
  });

  it('a record from before form hashes were kept: an update is taken for a form change', () => {
    const nodes = [node('a'), node('b')];
    const { plan, rolloutStarts } = throttle([v2], nodes, nodes.map((n) => recordFor(n, v1, undefined)));
    expect(plan.starts.map((s) => s.uid)).toEqual(['a']);
    expect([...rolloutStarts].map((s) => s.uid)).toEqual(['a']);
  });

  it('rolloutStarts holds the admitted rollout work only, so start-order puts it after row changes and creates', () => {
    // a, c: form-only changes (c held by maxSkew 1); b: row change on the current form; new: create.
    const nodes = [node('a'), node('b', 'pro'), node('c'), node('new')];
    const records = [recordFor(node('a'), v1), recordFor(node('b'), v2), recordFor(node('c'), v1)];
    const { plan, rolloutStarts } = throttle([v2], nodes, records);
    expect([...rolloutStarts].map((s) => s.uid)).toEqual(['a']);
    expect(plan.starts).toEqual(expect.arrayContaining([...rolloutStarts]));
    expect(orderStarts(plan, rolloutStarts).map((w) => `${w.uid}:${w.reason}`)).toEqual(['b:update', 'new:create', 'a:update']);
  });

  it('a form without maxSkew holds nothing back, and its form changes are still rollout work', () => {
    const nodes = [node('a'), node('b', 'pro')];
    const { plan, rolloutStarts } = throttle([baseForm(NEW, 0)], nodes, [recordFor(node('a'), v1), recordFor(node('b'), baseForm(NEW, 0))]);
    expect(plan.starts.map((s) => s.uid).sort()).toEqual(['a', 'b']);
    expect([...rolloutStarts].map((s) => s.uid)).toEqual(['a']);
  });

  it('kindOf turns other starts into rollout work (drift repairs)', () => {
    const nodes = [node('a'), node('b')];
    const records = nodes.map((n) => recordFor(n, v1));
    const forms = [baseForm(OLD, 1)];
    const base = planSync({ forms, nodes, records, now: NOW, settings: DEFAULT_SYNC_SETTINGS });
    const repairs = records.map((r) => ({ name: `${r.name}-repair`, input: { uid: r.spec.uid, form: 'f' }, uid: r.spec.uid, form: 'f', reason: 'update' as const, desiredHash: r.spec.desiredHash }));
    const { plan, rolloutStarts } = throttleRollouts({
      plan: { ...base, starts: repairs }, forms, nodes, records, memories: new Map(), now: NOW, kindOf: () => 'drift-repair',
    });
    expect(plan.starts.map((s) => s.uid)).toEqual(['a']);
    expect([...rolloutStarts].map((s) => s.uid)).toEqual(['a']);
    expect(plan.idle.filter((i) => i.reason === 'rollout').map((i) => i.uid)).toEqual(['b']);
  });

  it('a form without maxSkew holds nothing, and still reports its counts', () => {
    const nodes = [node('a'), node('b')];
    const { plan, rollouts } = throttle([baseForm(NEW, 0)], nodes, nodes.map((n) => recordFor(n, v1)));
    expect(plan.starts).toHaveLength(2);
    expect(rollouts[0]).toMatchObject({ maxSkew: 0, total: 2, pending: [] });
  });
});
