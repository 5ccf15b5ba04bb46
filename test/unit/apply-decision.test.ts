// decideApply and decideRemoval: every branch of the apply and removal decisions, as a table of
// cases, plus invariants over every combination of live object, policies and force.
import {
  appliedHash, decideApply, decideRemoval, desiredObject, isOwnFieldConflict, orphanMarkerPatch, withApplyAnnotations,
  type ApplyDecision, type ApplyPolicies, type NodeIdentity,
} from '../../lambdas/core/apply';
import type { ResourceTemplate } from '../../lambdas/core/config/config-model';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const EARLIER = '2026-11-01T08:00:00.000Z';
const node: NodeIdentity = { nodeName: 'acme-web', recordNamespace: 'lynq-system', uid: 'acme', form: 'web', hubId: 'hub' };

function template(overrides: Partial<ResourceTemplate> = {}): ResourceTemplate {
  return {
    id: 'cfg', list: 'configMaps', spec: {}, nameTemplate: '', targetNamespace: '', labelsTemplate: {}, annotationsTemplate: {},
    dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete', conflictPolicy: 'Stuck', patchStrategy: 'apply',
    waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [], ...overrides,
  };
}

function desiredFor(overrides: Partial<ResourceTemplate> = {}, data: Record<string, string> = { color: 'blue' }): KubeObject {
  const manifest: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'acme-cfg', namespace: 'node-acme' }, data };
  return desiredObject({ id: 'cfg', template: template(overrides), manifest }, node, true);
}

type LiveKind =
  | 'absent' | 'ours' | 'ours-stale' | 'ours-deleting' | 'ours-orphaned' | 'ours-once' | 'ours-once-orphaned'
  | 'unmanaged' | 'other-node' | 'other-form' | 'other-hub' | 'unmanaged-deleting';

/** The live object of each kind, as the cluster would return it for `desired`. */
function live(kind: LiveKind, desired: KubeObject): KubeObject | undefined {
  const hash = appliedHash(desired);
  const ours = withApplyAnnotations(desired, hash, EARLIER);
  ours.metadata.resourceVersion = '7';
  const labels = (changes: Record<string, string | undefined>) => {
    const copy = structuredClone(ours);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) Reflect.deleteProperty(copy.metadata.labels!, k);
      else copy.metadata.labels![k] = v;
    }
    return copy;
  };
  const orphaned = (obj: KubeObject) => {
    const patch = orphanMarkerPatch('LynqNodeDeleted', new Date(EARLIER)) as { metadata: { labels: Record<string, string | null>; annotations: Record<string, string> } };
    for (const [k, v] of Object.entries(patch.metadata.labels)) {
      if (v === null) Reflect.deleteProperty(obj.metadata.labels!, k);
      else obj.metadata.labels![k] = v;
    }
    Object.assign(obj.metadata.annotations!, patch.metadata.annotations);
    return obj;
  };
  const once = (obj: KubeObject) => { obj.metadata.annotations!['lynq.sh/created-once'] = 'true'; return obj; };
  switch (kind) {
    case 'absent': return undefined;
    case 'ours': return ours;
    case 'ours-stale': { const o = structuredClone(ours); o.metadata.annotations!['lynq.sh/applied-hash'] = '0000000000000000'; o.data = { color: 'red' }; return o; }
    case 'ours-deleting': return { ...ours, metadata: { ...ours.metadata, deletionTimestamp: EARLIER } };
    case 'ours-orphaned': return orphaned(structuredClone(ours));
    case 'ours-once': return once(structuredClone(ours));
    case 'ours-once-orphaned': return orphaned(once(structuredClone(ours)));
    case 'unmanaged': return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'acme-cfg', namespace: 'node-acme', resourceVersion: '3' }, data: { color: 'green' } };
    case 'other-node': return labels({ 'lynq.sh/uid': 'globex' });
    case 'other-form': return labels({ 'lynq.sh/form': 'db' });
    case 'other-hub': return labels({ 'lynq.sh/hub': 'elsewhere' });
    case 'unmanaged-deleting': return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'acme-cfg', namespace: 'node-acme', deletionTimestamp: EARLIER } };
  }
}

const policies = (overrides: Partial<ApplyPolicies> = {}): ApplyPolicies => ({ creationPolicy: 'WhenNeeded', conflictPolicy: 'Stuck', patchStrategy: 'apply', ignoreFields: [], ...overrides });

/** The decision without its body (checked separately), for compact expectations. */
function shape(decision: ApplyDecision): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...decision };
  delete rest.body;
  delete rest.hash;
  return rest;
}

describe('decideApply: one case per branch', () => {
  const cases: Array<[string, LiveKind, Partial<ApplyPolicies>, { force?: boolean }, Record<string, unknown>]> = [
    ['absent, apply: server-side apply without force, created', 'absent', {}, {}, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: false }, result: 'created' }],
    ['absent, merge: create', 'absent', { patchStrategy: 'merge' }, {}, { kind: 'write', adopt: false, write: { method: 'create' }, result: 'created' }],
    ['absent, replace: create', 'absent', { patchStrategy: 'replace' }, {}, { kind: 'write', adopt: false, write: { method: 'create' }, result: 'created' }],
    ['absent, Force: server-side apply with force', 'absent', { conflictPolicy: 'Force' }, {}, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: true }, result: 'created' }],
    ['absent, Once: created', 'absent', { creationPolicy: 'Once' }, {}, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: false }, result: 'created' }],
    ['ours, hash matches: skip', 'ours', {}, {}, { kind: 'skip-unchanged' }],
    ['ours, hash matches, force (drift repair): update', 'ours', {}, { force: true }, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: false }, result: 'updated' }],
    ['ours, changed: update', 'ours-stale', {}, {}, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: false }, result: 'updated' }],
    ['ours, changed, merge: merge patch', 'ours-stale', { patchStrategy: 'merge' }, {}, { kind: 'write', adopt: false, write: { method: 'merge-patch' }, result: 'updated' }],
    ['ours, changed, replace: replace', 'ours-stale', { patchStrategy: 'replace' }, {}, { kind: 'write', adopt: false, write: { method: 'replace' }, result: 'updated' }],
    ['ours, being deleted: wait', 'ours-deleting', {}, {}, { kind: 'wait-for-deletion' }],
    ['ours, being deleted, Force and force: still wait', 'ours-deleting', { conflictPolicy: 'Force' }, { force: true }, { kind: 'wait-for-deletion' }],
    ['foreign, being deleted: wait (deletion is checked first)', 'unmanaged-deleting', {}, {}, { kind: 'wait-for-deletion' }],
    ['orphaned (retained): adopt, forced apply', 'ours-orphaned', {}, {}, { kind: 'write', adopt: true, write: { method: 'server-side-apply', force: true }, result: 'adopted' }],
    ['orphaned, merge: adopt then merge patch', 'ours-orphaned', { patchStrategy: 'merge' }, {}, { kind: 'write', adopt: true, write: { method: 'merge-patch' }, result: 'adopted' }],
    ['orphaned, replace: adopt then replace', 'ours-orphaned', { patchStrategy: 'replace' }, {}, { kind: 'write', adopt: true, write: { method: 'replace' }, result: 'adopted' }],
    ['Once, created before: keep', 'ours-once', { creationPolicy: 'Once' }, {}, { kind: 'keep-once', adopt: false }],
    ['Once, created before, force: still keep', 'ours-once', { creationPolicy: 'Once' }, { force: true }, { kind: 'keep-once', adopt: false }],
    ['Once, created before and retained: only re-adopt', 'ours-once-orphaned', { creationPolicy: 'Once' }, {}, { kind: 'keep-once', adopt: true }],
    ['created-once marker but the form says WhenNeeded now: the hash decides', 'ours-once', {}, {}, { kind: 'skip-unchanged' }],
    ['created-once marker, WhenNeeded now, force: update', 'ours-once', {}, { force: true }, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: false }, result: 'updated' }],
    ['not created by lynq-sfn, Stuck, apply: refuse after a dry run', 'unmanaged', {}, {}, { kind: 'refuse-foreign', reason: 'it was not created by lynq-sfn', dryRunFirst: true }],
    ['not created by lynq-sfn, Stuck, merge: refuse without dry run', 'unmanaged', { patchStrategy: 'merge' }, {}, { kind: 'refuse-foreign', reason: 'it was not created by lynq-sfn', dryRunFirst: false }],
    ['not created by lynq-sfn, Stuck, force flag: still refuse', 'unmanaged', {}, { force: true }, { kind: 'refuse-foreign', reason: 'it was not created by lynq-sfn', dryRunFirst: true }],
    ['another node, Stuck: refuse naming it', 'other-node', {}, {}, { kind: 'refuse-foreign', reason: 'it belongs to node globex of form web (hub hub)', dryRunFirst: true }],
    ['another form, Stuck: refuse', 'other-form', { patchStrategy: 'replace' }, {}, { kind: 'refuse-foreign', reason: 'it belongs to node acme of form db (hub hub)', dryRunFirst: false }],
    ['another hub, Stuck: refuse', 'other-hub', {}, {}, { kind: 'refuse-foreign', reason: 'it belongs to node acme of form web (hub elsewhere)', dryRunFirst: true }],
    ['not created by lynq-sfn, Force: take over with a forced apply', 'unmanaged', { conflictPolicy: 'Force' }, {}, { kind: 'write', adopt: false, write: { method: 'server-side-apply', force: true }, result: 'updated' }],
    ['not created by lynq-sfn, Force, merge: take over by merge patch', 'unmanaged', { conflictPolicy: 'Force', patchStrategy: 'merge' }, {}, { kind: 'write', adopt: false, write: { method: 'merge-patch' }, result: 'updated' }],
    ['another node, Force, same applied hash: skip (nothing to change)', 'other-node', { conflictPolicy: 'Force' }, {}, { kind: 'skip-unchanged' }],
    ['another node, Force, force flag: take over', 'other-node', { conflictPolicy: 'Force', patchStrategy: 'replace' }, { force: true }, { kind: 'write', adopt: false, write: { method: 'replace' }, result: 'updated' }],
    ['another node\'s Once object, Force: its created-once marker keeps it unwritten', 'other-node', { conflictPolicy: 'Force', creationPolicy: 'Once' }, {}, { kind: 'keep-once', adopt: false }],
  ];

  test.each(cases)('%s', (_name, liveKind, policy, options, expected) => {
    const desired = desiredFor(policy);
    expect(shape(decideApply(live(liveKind, desired), desired, policies(policy), node, { now: NOW, ...options }))).toEqual(expected);
  });
});

describe('decideApply: the body it writes', () => {
  test('carries the applied hash and, for a new or changed object, this apply time as start time', () => {
    const desired = desiredFor();
    const created = decideApply(undefined, desired, policies(), node, { now: NOW });
    const changed = decideApply(live('ours-stale', desired), desired, policies(), node, { now: NOW });
    for (const decision of [created, changed]) {
      if (decision.kind !== 'write') throw new Error(decision.kind);
      expect(decision.hash).toBe(appliedHash(desired));
      expect(decision.body.metadata.annotations).toMatchObject({ 'lynq.sh/applied-hash': appliedHash(desired), 'lynq.sh/apply-start-time': NOW.toISOString() });
    }
  });

  test('a forced rewrite of an unchanged object keeps its start time (readiness timeouts do not restart)', () => {
    const desired = desiredFor();
    const decision = decideApply(live('ours', desired), desired, policies(), node, { now: NOW, force: true });
    if (decision.kind !== 'write') throw new Error(decision.kind);
    expect(decision.body.metadata.annotations!['lynq.sh/apply-start-time']).toBe(EARLIER);
  });

  test('ignoreFields keep the live value on update, not on create', () => {
    const withIgnored = { ignoreFields: ['$.data.color'] };
    const desired = desiredFor(withIgnored);
    const update = decideApply(live('ours-stale', desired), desired, policies(withIgnored), node, { now: NOW });
    const create = decideApply(undefined, desired, policies(withIgnored), node, { now: NOW });
    if (update.kind !== 'write' || create.kind !== 'write') throw new Error('expected writes');
    expect(update.body.data).toEqual({ color: 'red' });
    expect(create.body.data).toEqual({ color: 'blue' });
  });

  test('ignoreFields do not apply to a Once resource (it is written only when created)', () => {
    const onceIgnored = { creationPolicy: 'Once' as const, ignoreFields: ['$.data.color'] };
    const desired = desiredFor(onceIgnored);
    // Written while the resource was WhenNeeded: no created-once marker yet, so this apply writes it.
    const decision = decideApply(live('ours-stale', desiredFor()), desired, policies(onceIgnored), node, { now: NOW });
    if (decision.kind !== 'write') throw new Error(decision.kind);
    expect(decision.body.data).toEqual({ color: 'blue' });
  });

  test('does not modify the live or the desired object', () => {
    const desired = desiredFor({ ignoreFields: ['$.data.color'] });
    const current = live('ours-orphaned', desired)!;
    const before = JSON.stringify([desired, current]);
    decideApply(current, desired, policies({ ignoreFields: ['$.data.color'] }), node, { now: NOW });
    expect(JSON.stringify([desired, current])).toBe(before);
  });
});

describe('decideApply: invariants over every combination', () => {
  const liveKinds: LiveKind[] = ['absent', 'ours', 'ours-stale', 'ours-deleting', 'ours-orphaned', 'ours-once', 'ours-once-orphaned', 'unmanaged', 'other-node', 'other-form', 'other-hub', 'unmanaged-deleting'];
  const combos: Array<[LiveKind, ApplyPolicies, boolean]> = [];
  for (const liveKind of liveKinds) {
    for (const creationPolicy of ['WhenNeeded', 'Once'] as const) {
      for (const conflictPolicy of ['Stuck', 'Force'] as const) {
        for (const patchStrategy of ['apply', 'merge', 'replace'] as const) {
          for (const force of [false, true]) combos.push([liveKind, policies({ creationPolicy, conflictPolicy, patchStrategy }), force]);
        }
      }
    }
  }

  test.each(combos)('%s %j force=%s', (liveKind, policy, force) => {
    const desired = desiredFor(policy);
    const current = live(liveKind, desired);
    const decision = decideApply(current, desired, policy, node, { now: NOW, force });
    const foreign = ['unmanaged', 'other-node', 'other-form', 'other-hub'].includes(liveKind);
    // An object being deleted is never written.
    if (current?.metadata.deletionTimestamp) expect(decision.kind).toBe('wait-for-deletion');
    // An object lynq-sfn does not own is written only under conflictPolicy Force, and never adopted.
    if (foreign && policy.conflictPolicy === 'Stuck') expect(decision.kind).toBe('refuse-foreign');
    if (foreign && decision.kind === 'write') expect(decision).toMatchObject({ adopt: false, result: 'updated' });
    // A Once object created before never gets its spec written again.
    if (!foreign && liveKind.startsWith('ours-once') && policy.creationPolicy === 'Once') expect(decision.kind).toBe('keep-once');
    // An absent object is created, whatever the policies.
    if (liveKind === 'absent') expect(decision).toMatchObject({ kind: 'write', result: 'created', adopt: false });
    if (decision.kind === 'write') {
      // The write method follows patchStrategy; create only when absent.
      const expected = policy.patchStrategy === 'apply' ? 'server-side-apply' : current ? (policy.patchStrategy === 'merge' ? 'merge-patch' : 'replace') : 'create';
      expect(decision.write.method).toBe(expected);
      expect(decision.body.metadata.labels).toMatchObject({ 'lynq.sh/uid': 'acme', 'app.kubernetes.io/managed-by': 'lynq-sfn' });
    }
  });
});

describe('decideRemoval', () => {
  const desired = desiredFor();
  const withPolicy = (obj: KubeObject | undefined, policy: string | undefined) => {
    if (!obj) return obj;
    const copy = structuredClone(obj);
    if (policy === undefined) delete copy.metadata.annotations!['lynq.sh/deletion-policy'];
    else copy.metadata.annotations!['lynq.sh/deletion-policy'] = policy;
    return copy;
  };
  const cases: Array<[string, KubeObject | undefined, { retain?: boolean }, Record<string, unknown>]> = [
    ['already gone: absent', undefined, {}, { kind: 'leave-absent' }],
    ['not created by lynq-sfn: left alone', live('unmanaged', desired), {}, { kind: 'leave-absent' }],
    ['another node\'s: left alone', live('other-node', desired), {}, { kind: 'leave-absent' }],
    ['another form\'s, even when asked to retain: left alone', live('other-form', desired), { retain: true }, { kind: 'leave-absent' }],
    ['ours, Delete recorded: delete', withPolicy(live('ours', desired), 'Delete'), {}, { kind: 'delete' }],
    ['ours, no policy recorded: delete (the default)', withPolicy(live('ours', desired), undefined), {}, { kind: 'delete' }],
    ['ours, Retain recorded: retain with orphan markers', withPolicy(live('ours', desired), 'Retain'), {}, { kind: 'retain', markOrphan: true }],
    ['ours, Delete recorded but retain asked (a namespace holding retained objects): retain', withPolicy(live('ours', desired), 'Delete'), { retain: true }, { kind: 'retain', markOrphan: true }],
    ['already orphaned, Retain: kept as it is', withPolicy(live('ours-orphaned', desired), 'Retain'), {}, { kind: 'retain', markOrphan: false }],
    ['already orphaned, Delete recorded: delete', withPolicy(live('ours-orphaned', desired), 'Delete'), {}, { kind: 'delete' }],
  ];

  test.each(cases)('%s', (_name, current, options, expected) => {
    expect(decideRemoval(current, node, options)).toEqual(expected);
  });
});

describe('isOwnFieldConflict', () => {
  test.each([
    [['lynq-sfn'], true],
    [['lynq-sfn', 'lynq-sfn'], true],
    [['lynq-sfn', 'platform-team'], false],
    [['platform-team'], false],
    [[], false],
  ])('%j -> %s', (managers, expected) => {
    expect(isOwnFieldConflict(managers, 'lynq-sfn')).toBe(expected);
  });
});
