import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { desiredHash } from '../../lambdas/core/apply/desired-hash';
import { templateVariables } from '../../lambdas/core/sync/row-mapping';
import { planSync, type SyncPlanInput } from '../../lambdas/core/sync/sync-plan';
import { DEFAULT_SYNC_SETTINGS, SyncSettingsError, syncSettingsFromEnv, type SyncSettings } from '../../lambdas/core/sync/sync-settings';
import type { LynqNodeCondition, LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const form = (name: string, contentHash = `content-of-${name}`): FormConfig => ({ name, file: `${name}.yaml`, hubId: 'hub', resources: [], contentHash });
const DB = form('database-provisioning');
const node = (uid: string, extra: Partial<NodeValues> = {}): NodeValues => ({ uid, activate: true, hubId: 'hub', plan: 'basic', ...extra });
const hashOf = (n: NodeValues, f: FormConfig = DB) => desiredHash(templateVariables(n, f), f);

const cond = (type: LynqNodeCondition['type'], status: LynqNodeCondition['status']): LynqNodeCondition => ({ type, status, reason: 'r', message: 'm', lastTransitionTime: NOW.toISOString() });

function record(uid: string, f: FormConfig, hash: string, status?: Partial<LynqNodeStatus>): LynqNodeRecord {
  return {
    name: `${uid}-${f.name}`,
    namespace: 'lynq-system',
    labels: {},
    spec: { uid, form: f.name, hubId: 'hub', desiredHash: hash, values: node(uid) },
    status: status && {
      desiredResources: 3, readyResources: 0, failedResources: 0, skippedResources: 0,
      failedResourceIds: [], skippedResourceIds: [], appliedResources: [], retryCount: 0, conditions: [], ...status,
    },
  };
}
const ready = (uid: string, n = node(uid), f = DB) =>
  record(uid, f, hashOf(n, f), { reconciledHash: hashOf(n, f), readyResources: 3, lastExecution: `${uid}-prev`, conditions: [cond('Ready', 'True'), cond('Progressing', 'False')] });

function plan(partial: Partial<SyncPlanInput>, settings: Partial<SyncSettings> = {}) {
  return planSync({ forms: [DB], nodes: [], records: [], now: NOW, settings: { ...DEFAULT_SYNC_SETTINGS, ...settings }, ...partial });
}

describe('planSync: starts', () => {
  it('creates every active node that has no record, and skips inactive rows', () => {
    const p = plan({ nodes: [node('acme'), node('beta'), node('gone', { activate: false })] });
    expect(p.starts.map((s) => [s.uid, s.reason])).toEqual([['acme', 'create'], ['beta', 'create']]);
    expect(p.starts[0].input).toEqual({ uid: 'acme', form: 'database-provisioning' });
    expect(p.starts[0].desiredHash).toBe(hashOf(node('acme')));
    expect(p.starts[0].name.startsWith(`acme-database-provisioning-${hashOf(node('acme')).slice(0, 10)}`)).toBe(true);
    expect(p.counts).toEqual({ desired: 2, ready: 0, failed: 0 });
    expect(p.deletions).toEqual([]);
  });

  it('updates when the row changed, even while an older execution runs', () => {
    const before = node('acme');
    const rec = record('acme', DB, hashOf(before), { currentExecution: 'old', conditions: [cond('Progressing', 'True')] });
    const p = plan({ nodes: [node('acme', { plan: 'enterprise' })], records: [rec] });
    expect(p.starts).toHaveLength(1);
    expect(p.starts[0].reason).toBe('update');
    expect(p.starts[0].desiredHash).toBe(hashOf(node('acme', { plan: 'enterprise' })));
  });

  it('updates when only the form changed', () => {
    const n = node('acme');
    const p = plan({ forms: [form('database-provisioning', 'v2')], nodes: [n], records: [ready('acme')] });
    expect(p.starts.map((s) => s.reason)).toEqual(['update']);
  });

  it('does nothing for a Ready node or one whose execution is in progress', () => {
    const inProgress = record('beta', DB, hashOf(node('beta')), { currentExecution: 'x', conditions: [cond('Progressing', 'True')] });
    const p = plan({ nodes: [node('acme'), node('beta')], records: [ready('acme'), inProgress] });
    expect(p.starts).toEqual([]);
    expect(p.idle).toEqual([
      { uid: 'acme', form: DB.name, reason: 'ready' },
      { uid: 'beta', form: DB.name, reason: 'in-progress' },
    ]);
    expect(p.counts).toEqual({ desired: 2, ready: 1, failed: 0 });
  });

  it('resumes, under a fresh name, a node whose execution was lost (in progress longer than any execution can run)', () => {
    const n = node('acme');
    const claimedAt = new Date(NOW.getTime() - 60 * 60 * 1000).toISOString(); // the empty form's timeout is 600 s
    const lost = record('acme', DB, hashOf(n), {
      currentExecution: 'acme-lost', lastExecution: 'acme-before',
      conditions: [{ ...cond('Progressing', 'True'), lastTransitionTime: claimedAt }],
    });
    const p = plan({ nodes: [n], records: [lost] });
    expect(p.starts.map((s) => s.reason)).toEqual(['resume']);
    const stillRunning = plan({ nodes: [n], records: [{ ...lost, status: { ...lost.status!, conditions: [cond('Progressing', 'True')] } }] });
    expect(stillRunning.starts).toEqual([]);
    const sameHashFinished = plan({ nodes: [n], records: [{ ...lost, status: { ...lost.status!, currentExecution: undefined, conditions: [] } }] });
    expect(p.starts[0].name).not.toBe(sameHashFinished.starts[0].name);
  });

  it('a newer claim is not mistaken for a lost one: the claim\'s own time counts, not Progressing\'s', () => {
    // A claimed at t0, B claimed at t0 + 9 min (Progressing stayed True, so its time stayed t0);
    // a sync 2 min after B's claim must leave B alone. The empty form's executions time out after 600 s.
    const n = node('acme');
    const t0 = new Date(NOW.getTime() - 11 * 60_000).toISOString();
    const bClaimedAt = new Date(NOW.getTime() - 2 * 60_000).toISOString();
    const live = record('acme', DB, hashOf(n), {
      currentExecution: 'acme-b', claim: { execution: 'acme-b', claimedAt: bClaimedAt },
      conditions: [{ ...cond('Progressing', 'True'), lastTransitionTime: t0 }],
    });
    const p = plan({ nodes: [n], records: [live] });
    expect(p.starts).toEqual([]);
    expect(p.idle).toEqual([{ uid: 'acme', form: DB.name, reason: 'in-progress' }]);
    // The same claim 11 minutes old is lost.
    const lost = { ...live, status: { ...live.status!, claim: { execution: 'acme-b', claimedAt: t0 } } };
    expect(plan({ nodes: [n], records: [lost] }).starts.map((s) => s.reason)).toEqual(['resume']);
  });

  it('only planned deletions may delete: updates and creates never carry allowDelete', () => {
    const n = node('acme');
    const p = plan({ nodes: [n, node('beta')], records: [record('acme', DB, 'old-hash')] });
    expect(p.starts.map((s) => s.input)).toEqual([{ uid: 'acme', form: DB.name }, { uid: 'beta', form: DB.name }]);
  });

  it('resumes a record that was claimed but never finished', () => {
    const n = node('acme');
    const p = plan({ nodes: [n], records: [record('acme', DB, hashOf(n), { conditions: [cond('Progressing', 'False')] }), ] });
    expect(p.starts.map((s) => s.reason)).toEqual(['resume']);
    const noStatus = plan({ nodes: [n], records: [record('acme', DB, hashOf(n))] });
    expect(noStatus.starts.map((s) => s.reason)).toEqual(['resume']);
  });
});

describe('planSync: retry with backoff', () => {
  const n = node('acme');
  const failed = (retryCount: number, failedSecondsAgo: number) =>
    record('acme', DB, hashOf(n), {
      reconciledHash: hashOf(n), failedResources: 1, retryCount, lastExecution: `acme-fail-${retryCount}`,
      lastFailureTime: new Date(NOW.getTime() - failedSecondsAgo * 1000).toISOString(),
      conditions: [cond('Ready', 'False'), cond('Degraded', 'True'), cond('Progressing', 'False')],
    });

  it('waits 30 s after the first failure, then retries', () => {
    expect(plan({ nodes: [n], records: [failed(1, 29)] }).starts).toEqual([]);
    // The node waiting says when its retry is due: 30 s after the failure, 1 s from now.
    expect(plan({ nodes: [n], records: [failed(1, 29)] }).idle).toEqual([
      { uid: 'acme', form: DB.name, reason: 'backoff', retryDueAt: new Date(NOW.getTime() + 1000).toISOString() },
    ]);
    const due = plan({ nodes: [n], records: [failed(1, 30)] });
    expect(due.starts.map((s) => s.reason)).toEqual(['retry']);
    expect(due.starts[0].name).toMatch(/-r1-[0-9a-f]{6}$/);
    expect(due.counts.failed).toBe(1);
  });

  it('doubles the wait per failure and caps it at 30 minutes', () => {
    expect(plan({ nodes: [n], records: [failed(3, 119)] }).starts).toEqual([]);
    expect(plan({ nodes: [n], records: [failed(3, 120)] }).starts).toHaveLength(1);
    expect(plan({ nodes: [n], records: [failed(40, 1799)] }).starts).toEqual([]);
    expect(plan({ nodes: [n], records: [failed(40, 1800)] }).starts).toHaveLength(1);
  });

  it('gives each retry a new name', () => {
    const a = plan({ nodes: [n], records: [failed(1, 3600)] }).starts[0].name;
    const b = plan({ nodes: [n], records: [failed(2, 3600)] }).starts[0].name;
    expect(a).not.toBe(b);
  });
});

describe('planSync: deletions and the guard', () => {
  it('retries a failed deletion only after its backoff, under a fresh name', () => {
    const failedAt = new Date(NOW.getTime() - 10_000).toISOString();
    const failedDeletion = {
      ...ready('off'),
      status: { ...ready('off').status!, lastAction: 'delete' as const, retryCount: 1, lastFailureTime: failedAt, lastExecution: 'off-del-1', conditions: [cond('Ready', 'False')] },
    };
    const soon = plan({ nodes: [], records: [failedDeletion] });
    expect(soon.deletions).toEqual([]);
    expect(soon.idle).toEqual([{ uid: 'off', form: DB.name, reason: 'backoff', retryDueAt: new Date(NOW.getTime() + 20_000).toISOString() }]);
    const later = plan({ nodes: [], records: [failedDeletion], now: new Date(NOW.getTime() + 60 * 60_000) });
    expect(later.deletions.map((d) => d.reason)).toEqual(['deleted']);
    expect(later.deletions[0].name).not.toBe(plan({ nodes: [], records: [ready('off')] }).deletions[0].name);
  });


  it('names the reason: deactivated, deleted, form-removed', () => {
    const records = [ready('off'), ready('gone'), ready('keep'), { ...ready('keep', node('keep'), form('old-form')) }];
    const p = plan({ nodes: [node('off', { activate: false }), node('keep')], records }, { guardMinDeletions: 10 });
    expect(p.deletions.map((d) => [d.uid, d.form, d.reason])).toEqual([
      ['off', DB.name, 'deactivated'],
      ['gone', DB.name, 'deleted'],
      ['keep', 'old-form', 'form-removed'],
    ]);
    expect(p.deletions[0].input).toEqual({ uid: 'off', form: DB.name, allowDelete: true });
    expect(p.deletions[0].record).toBe(`off-${DB.name}`);
    expect(p.deletions[0].name).toMatch(/^off-database-provisioning-del-[0-9a-f]{10}-[0-9a-f]{6}$/);
    expect(p.guard).toBeUndefined();
  });

  it('trips the guard above the share and minimum, and deletes nothing', () => {
    const uids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const records = uids.map((u) => ready(u));
    const p = plan({ nodes: [node('a'), node('b'), node('c')], records });
    expect(p.deletions).toEqual([]);
    expect(p.guard).toMatchObject({ tripped: true, wouldDelete: 3, records: 6 });
    expect(p.guard?.message).toContain('3 of 6');
  });

  it('lifts the guard when mass deletion is allowed', () => {
    const records = ['a', 'b', 'c', 'd', 'e', 'f'].map((u) => ready(u));
    const p = plan({ nodes: [node('a'), node('b'), node('c')], records }, { allowMassDeletion: true });
    expect(p.deletions.map((d) => d.uid)).toEqual(['d', 'e', 'f']);
    expect(p.guard).toBeUndefined();
  });

  it('allows deletions below the minimum count, or within the share', () => {
    const two = plan({ nodes: [node('a')], records: [ready('a'), ready('b'), ready('c')] });
    expect(two.deletions.map((d) => d.uid)).toEqual(['b', 'c']);
    expect(two.guard).toBeUndefined();
    const records = Array.from({ length: 20 }, (_, i) => ready(`n${i}`));
    const within = plan({ nodes: records.slice(0, 16).map((r) => node(r.spec.uid)), records });
    expect(within.deletions).toHaveLength(4); // 20 %, not more
    const over = plan({ nodes: records.slice(0, 15).map((r) => node(r.spec.uid)), records });
    expect(over.deletions).toEqual([]);
    expect(over.guard?.wouldDelete).toBe(5);
  });

  it('never deletes or starts a record whose row was rejected', () => {
    const p = plan({ nodes: [node('good')], records: [ready('good'), ready('bad')], rejectedUids: ['bad'] });
    expect(p.deletions).toEqual([]);
    const dup = plan({ nodes: [node('dup', { plan: 'x' })], records: [], rejectedUids: ['dup'] });
    expect(dup.starts).toEqual([]);
  });
});

describe('planSync: two forms', () => {
  const WEB = form('web');
  it('plans every node x form pair on its own', () => {
    const n = node('acme');
    const p = plan({ forms: [DB, WEB], nodes: [n, node('beta')], records: [ready('acme', n, DB)] });
    expect(p.starts.map((s) => `${s.uid}/${s.form}/${s.reason}`)).toEqual(['acme/web/create', 'beta/database-provisioning/create', 'beta/web/create']);
    expect(p.counts).toEqual({ desired: 4, ready: 1, failed: 0 });
    const webStart = p.starts[0];
    expect(webStart.input).toEqual({ uid: 'acme', form: 'web' });
    expect(webStart.desiredHash).not.toBe(hashOf(n, DB));
  });
});

describe('planSync: names are deterministic', () => {
  it('two plans over the same input give the same names', () => {
    const input = { nodes: [node('acme'), node('beta')], records: [ready('zed')] };
    const a = plan(input);
    const b = plan(input);
    expect(a.starts.map((s) => s.name)).toEqual(b.starts.map((s) => s.name));
    expect(a.deletions.map((s) => s.name)).toEqual(b.deletions.map((s) => s.name));
  });

  it('a hash that comes back after another one gets a fresh name (names live 90 days)', () => {
    const a = node('acme');
    const first = plan({ nodes: [a] }).starts[0].name;
    const back = record('acme', DB, hashOf(node('acme', { plan: 'pro' })), {
      reconciledHash: hashOf(node('acme', { plan: 'pro' })), lastExecution: 'acme-pro-run', conditions: [cond('Ready', 'True')],
    });
    const again = plan({ nodes: [a], records: [back] }).starts[0];
    expect(again.reason).toBe('update');
    expect(again.desiredHash).toBe(hashOf(a));
    expect(again.name).not.toBe(first);
  });
});

describe('syncSettingsFromEnv', () => {
  it('gives the defaults for an empty environment', () => {
    expect(syncSettingsFromEnv({})).toEqual({
      maxDeletePercent: 20, guardMinDeletions: 3, allowMassDeletion: false, maxStartsPerSecond: 120, maxStartsInFlight: 32, stopStartingSecondsBeforeTimeout: 30,
    });
  });

  it('reads every variable', () => {
    expect(syncSettingsFromEnv({
      LYNQ_MAX_DELETE_PERCENT: '50', LYNQ_GUARD_MIN_DELETIONS: '10', LYNQ_ALLOW_MASS_DELETE: 'TRUE', LYNQ_MAX_STARTS_PER_SECOND: '2.5',
      LYNQ_MAX_STARTS_IN_FLIGHT: '64', LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT: '45',
    })).toEqual({ maxDeletePercent: 50, guardMinDeletions: 10, allowMassDeletion: true, maxStartsPerSecond: 2.5, maxStartsInFlight: 64, stopStartingSecondsBeforeTimeout: 45 });
  });

  it('names the variable and the expectation for bad values', () => {
    expect(() => syncSettingsFromEnv({ LYNQ_MAX_DELETE_PERCENT: '120' })).toThrow(/LYNQ_MAX_DELETE_PERCENT="120" is invalid: expected a number from 0 to 100/);
    expect(() => syncSettingsFromEnv({ LYNQ_GUARD_MIN_DELETIONS: '2.5' })).toThrow(/LYNQ_GUARD_MIN_DELETIONS.*an integer/);
    expect(() => syncSettingsFromEnv({ LYNQ_ALLOW_MASS_DELETE: 'maybe' })).toThrow(/LYNQ_ALLOW_MASS_DELETE.*true or false/);
    expect(() => syncSettingsFromEnv({ LYNQ_MAX_STARTS_PER_SECOND: '0' })).toThrow(/LYNQ_MAX_STARTS_PER_SECOND/);
    expect(() => syncSettingsFromEnv({ LYNQ_MAX_STARTS_IN_FLIGHT: '0' })).toThrow(/LYNQ_MAX_STARTS_IN_FLIGHT="0" is invalid: expected an integer from 1 to 1000/);
    expect(() => syncSettingsFromEnv({ LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT: '-1' })).toThrow(/LYNQ_STOP_STARTING_SECONDS_BEFORE_TIMEOUT/);
    expect(() => syncSettingsFromEnv({ LYNQ_MAX_STARTS_PER_SECOND: 'fast' })).toThrow(SyncSettingsError);
  });
});
