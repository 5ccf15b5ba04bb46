import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { desiredHash } from '../../lambdas/core/apply/desired-hash';
import { templateVariables } from '../../lambdas/core/sync/row-mapping';
import { planSync } from '../../lambdas/core/sync/sync-plan';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { explainPlan } from '../../lambdas/core/sync/plan-explanation';
import type { LynqNodeCondition, LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const DB: FormConfig = { name: 'db', file: 'db.yaml', hubId: 'hub', resources: [], contentHash: 'v1' };
const node = (uid: string, extra: Partial<NodeValues> = {}): NodeValues => ({ uid, activate: true, hubId: 'hub', plan: 'basic', storage: 50, ...extra });
const cond = (type: LynqNodeCondition['type'], status: LynqNodeCondition['status'], message = 'm'): LynqNodeCondition => ({ type, status, reason: 'r', message, lastTransitionTime: NOW.toISOString() });

/** The record LoadNode and RecordReady leave for `n` reconciled with form `f`. */
function record(n: NodeValues, f: FormConfig, status: Partial<LynqNodeStatus>): LynqNodeRecord {
  const values = templateVariables(n, f);
  const hash = desiredHash(values, f);
  return {
    name: `${n.uid}-${f.name}`, namespace: 'lynq-system', labels: {},
    spec: { uid: n.uid, form: f.name, hubId: 'hub', desiredHash: hash, values },
    status: {
      desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
      appliedResources: [], retryCount: 0, reconciledHash: hash, lastExecution: `${n.uid}-prev`, conditions: [cond('Ready', 'True')], ...status,
    },
  };
}

function explain(nodes: NodeValues[], records: LynqNodeRecord[], forms = [DB]) {
  const input = { forms, nodes, records, now: NOW };
  const plan = planSync({ ...input, settings: DEFAULT_SYNC_SETTINGS });
  const heldBack = plan.guard ? planSync({ ...input, settings: { ...DEFAULT_SYNC_SETTINGS, allowMassDeletion: true } }).deletions : [];
  return explainPlan({ plan, heldBack, forms, nodes, records });
}

describe('explainPlan', () => {
  it('names the changed row variables (never their values) when a row changed', () => {
    const [line] = explain([node('acme', { plan: 'enterprise', storage: 100 })], [record(node('acme'), DB, {})]);
    expect(line).toMatchObject({ uid: 'acme', action: 'update', reason: 'row changed (plan, storage)', changedVariables: ['plan', 'storage'], formChanged: false });
    expect(line.reason).not.toContain('enterprise');
    expect(line.execution).toMatch(/^acme-db-/);
  });

  it('says the form changed when the row did not', () => {
    const [line] = explain([node('acme')], [record(node('acme'), DB, {})], [{ ...DB, contentHash: 'v2' }]);
    expect(line).toMatchObject({ action: 'update', reason: 'form db changed', changedVariables: [], formChanged: true });
  });

  it('says both when the row and the form changed', () => {
    const [line] = explain([node('acme', { plan: 'pro' })], [record(node('acme'), DB, {})], [{ ...DB, contentHash: 'v2' }]);
    expect(line.reason).toBe('row changed (plan); form db changed');
  });

  it('start for a new node, nothing for a Ready one, in uid order', () => {
    const lines = explain([node('zeta'), node('acme')], [record(node('acme'), DB, {})]);
    expect(lines.map((l) => [l.uid, l.action, l.reason])).toEqual([
      ['acme', 'nothing', 'Ready and up to date'],
      ['zeta', 'start', 'new node: no LynqNode yet'],
    ]);
  });

  it('a failed node: nothing while in backoff (until when, and the last failure), retry once it elapsed', () => {
    const failedAt = new Date(NOW.getTime() - 10_000).toISOString();
    const failed = record(node('acme'), DB, { retryCount: 1, lastFailureTime: failedAt, conditions: [cond('Ready', 'False'), cond('Degraded', 'True', 'rds-instance: quota exceeded')] });
    const [waiting] = explain([node('acme')], [failed]);
    expect(waiting).toMatchObject({ action: 'nothing', reason: 'failed, in backoff until 2030-01-01T12:00:20.000Z; last failure: rds-instance: quota exceeded' });

    const due = { ...failed, status: { ...failed.status!, lastFailureTime: new Date(NOW.getTime() - 31_000).toISOString() } };
    const [retry] = explain([node('acme')], [due]);
    expect(retry).toMatchObject({ action: 'retry', reason: 'failed 1 time(s), backoff elapsed; last failure: rds-instance: quota exceeded' });
  });

  it('an execution in progress: nothing, naming it', () => {
    const running = record(node('acme'), DB, { currentExecution: 'acme-db-abc', conditions: [cond('Ready', 'False'), cond('Progressing', 'True')] });
    expect(explain([node('acme')], [running])[0]).toMatchObject({ action: 'nothing', reason: 'execution acme-db-abc is in progress' });
  });

  it('a form removed from the configuration: its nodes are deleted, saying why', () => {
    const OLD: FormConfig = { ...DB, name: 'old' };
    const nodes = 'abcdefghij'.split('').map((u) => node(u));
    const records = [record(node('a'), OLD, {}), ...nodes.map((n) => record(n, DB, {}))];
    expect(explain(nodes, records).find((l) => l.form === 'old')).toMatchObject({ uid: 'a', action: 'delete', reason: 'form removed from the configuration' });
  });

  it('deletes a deactivated node; when the guard trips, every held-back node says so', () => {
    const few = explain([node('a', { activate: false }), ...'bcdefghijk'.split('').map((u) => node(u))], ['a', ...'bcdefghijk'.split('')].map((u) => record(node(u), DB, {})));
    expect(few.find((l) => l.uid === 'a')).toMatchObject({ action: 'delete', reason: 'row deactivated' });

    const all = ['a', 'b', 'c', 'd'];
    const lines = explain([node('a', { activate: false })], all.map((u) => record(node(u), DB, {})));
    expect(lines.map((l) => [l.uid, l.action, l.reason])).toEqual([
      ['a', 'nothing', 'mass-deletion guard holds back the deletion (row deactivated)'],
      ['b', 'nothing', 'mass-deletion guard holds back the deletion (row deleted)'],
      ['c', 'nothing', 'mass-deletion guard holds back the deletion (row deleted)'],
      ['d', 'nothing', 'mass-deletion guard holds back the deletion (row deleted)'],
    ]);
  });
});
