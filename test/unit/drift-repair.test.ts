// Repair executions of drifted nodes: their names, the concurrency cap, the round schedule and settings,
// and the drift an execution input may carry.
import { planRepair, repairsInFlight, repairsWithinMaxSkew, throttleRepairs } from '../../lambdas/core/sync/drift-repair';
import type { FormConfig } from '../../lambdas/core/config/config-model';
import { DEFAULT_DRIFT_SETTINGS, driftRoundDue, driftSettingsFromEnv } from '../../lambdas/core/sync/drift-settings';
import { SyncSettingsError } from '../../lambdas/core/sync/sync-settings';
import { parseExecutionInput } from '../../lambdas/core/contracts/payload-parsing';
import { PermanentError } from '../../lambdas/core/contracts/workflow-errors';
import { parseSyncEvent } from '../../lambdas/core/contracts/sync-event';
import type { LynqNodeSummary } from '../../lambdas/core/contracts/workflow-contracts';
import type { NodeDrift } from '../../lambdas/core/sync/drift-detection';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const drift = (fields = ['.spec.replicas']): NodeDrift => ({
  node: 'acme-f', uid: 'acme', form: 'f',
  resources: [{ id: 'app', kind: 'Deployment', name: 'web', namespace: 'n', reason: 'fields-taken-over', fields, managers: ['kubectl-edit'] }],
});
const record = (lastExecution?: string, status: Partial<NonNullable<LynqNodeSummary['status']>> = {}): LynqNodeSummary => ({
  name: 'acme-f', namespace: 'lynq-system', spec: { uid: 'acme', form: 'f', hubId: 'hub', desiredHash: 'abcdef0123456789' },
  status: { desiredResources: 1, readyResources: 1, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [], retryCount: 0, conditions: [], lastExecution, ...status },
});

describe('planRepair', () => {
  test('the normal execution for the node, under a repair name of its own, with what drifted in its input', () => {
    const repair = planRepair(drift(), record('acme-f-abcdef0123'), NOW);
    expect(repair.name).toMatch(/^acme-f-fix-abcdef0123-[0-9a-f]{6}$/);
    expect(repair.input).toEqual({ uid: 'acme', form: 'f', drift: { detectedAt: NOW.toISOString(), resources: drift().resources } });
  });

  test('the same drift seen twice gives the same name; new drift, or drift after another execution, a new one', () => {
    const name = planRepair(drift(), record('e1'), NOW).name;
    expect(planRepair(drift(), record('e1'), new Date(NOW.getTime() + 60_000)).name).toBe(name);
    expect(planRepair(drift(['.spec.template']), record('e1'), NOW).name).not.toBe(name);
    expect(planRepair(drift(), record(name), NOW).name).not.toBe(name);
  });
});

describe('throttleRepairs', () => {
  test('starts at most maxConcurrent minus the repairs already running; the rest wait', () => {
    expect(throttleRepairs([1, 2, 3, 4], { maxConcurrent: 3, inFlight: 1 })).toEqual({ start: [1, 2], deferred: [3, 4] });
    expect(throttleRepairs([1], { maxConcurrent: 2, inFlight: 5 })).toEqual({ start: [], deferred: [1] });
  });

  test('a repair is in flight while the record\'s current execution is the one its drift names', () => {
    const drifted = { detectedAt: NOW.toISOString(), resources: [], repairExecution: 'fix-1' };
    expect(repairsInFlight([
      record('x', { currentExecution: 'fix-1', drift: drifted }),
      record('x', { currentExecution: 'update-2', drift: drifted }),
      record('fix-1', { drift: drifted }),
    ])).toBe(1);
  });
});

describe('repairsWithinMaxSkew', () => {
  const form = (name: string, maxSkew: number) => ({ name, contentHash: `${name}-v1`, rollout: { maxSkew }, resources: [] }) as unknown as FormConfig;
  // A node updating: its execution started (desired hash claimed, not reconciled yet).
  const updating = (uid: string, formName: string): LynqNodeSummary => {
    const base = record(undefined, { reconciledHash: 'old', currentExecution: `${uid}-run` });
    return { ...base, name: `${uid}-${formName}`, spec: { ...base.spec, uid, form: formName, formHash: `${formName}-v1`, desiredHash: 'new' } };
  };
  const repair = (uid: string, formName: string) => ({ uid, form: formName, name: `${uid}-${formName}-fix` });

  test('a form\'s repairs fill only the room its maxSkew leaves beside the nodes already updating', () => {
    const repairs = [repair('a', 'web'), repair('b', 'web'), repair('c', 'web'), repair('d', 'db')];
    const { start, deferred } = repairsWithinMaxSkew(repairs, [form('web', 2), form('db', 1)], [updating('x', 'web')]);
    expect(start.map((r) => r.name)).toEqual(['a-web-fix', 'd-db-fix']);
    expect(deferred.map((r) => r.name)).toEqual(['b-web-fix', 'c-web-fix']);
  });

  test('a form without maxSkew is not bounded here (the overall repair cap still is)', () => {
    const repairs = [repair('a', 'web'), repair('b', 'web')];
    expect(repairsWithinMaxSkew(repairs, [form('web', 0)], [updating('x', 'web'), updating('y', 'web')]).start).toHaveLength(2);
  });
});

describe('drift settings', () => {
  test('defaults, environment and bad values', () => {
    expect(driftSettingsFromEnv({})).toEqual(DEFAULT_DRIFT_SETTINGS);
    expect(driftSettingsFromEnv({ LYNQ_DRIFT_INTERVAL_MINUTES: '0', LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS: '3' })).toEqual({ intervalMinutes: 0, maxConcurrentRepairs: 3 });
    expect(() => driftSettingsFromEnv({ LYNQ_DRIFT_MAX_CONCURRENT_REPAIRS: '0' })).toThrow(SyncSettingsError);
    expect(() => driftSettingsFromEnv({ LYNQ_DRIFT_INTERVAL_MINUTES: '2.5' })).toThrow('LYNQ_DRIFT_INTERVAL_MINUTES="2.5" is invalid: expected an integer >= 0');
  });

  test('the first sync of each interval runs the round; interval 0 never does', () => {
    const at = (hhmmss: string) => new Date(`2030-01-01T${hhmmss}.000Z`);
    const settings = { intervalMinutes: 10, maxConcurrentRepairs: 1 };
    expect(driftRoundDue(at('12:10:02'), settings, 60)).toBe(true);
    expect(driftRoundDue(at('12:11:02'), settings, 60)).toBe(false);
    expect(driftRoundDue(at('12:19:59'), settings, 60)).toBe(false);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((m) => driftRoundDue(at(`12:2${m}:30`), settings, 60))).toEqual([0]);
    expect(driftRoundDue(at('12:10:02'), { ...settings, intervalMinutes: 0 }, 60)).toBe(false);
  });
});

describe('an execution input with drift', () => {
  test('is parsed; a malformed one is refused naming the field', () => {
    const input = { uid: 'acme', form: 'f', drift: { detectedAt: NOW.toISOString(), resources: drift().resources }, Comment: 'x' };
    expect(parseExecutionInput(input)).toEqual({ uid: 'acme', form: 'f', drift: input.drift });
    expect(() => parseExecutionInput({ uid: 'acme', drift: { detectedAt: 'x', resources: [{ id: 'a', kind: 'K', name: 'n', reason: 'gone' }] } }))
      .toThrow(new PermanentError('execution input (expected {"uid": "<node uid>"}, optionally "form" and "allowDelete": true): field "drift.resources.0.reason" must be "missing" or "fields-taken-over"'));
  });
});

describe('a sync event asking for a drift round', () => {
  test('"round": "drift" runs one now, with or without a hub; anything else is refused', () => {
    expect(parseSyncEvent({ round: 'drift' })).toEqual({ round: 'drift' });
    expect(parseSyncEvent({ hub: 'basic', round: 'drift' })).toEqual({ hub: 'basic', round: 'drift' });
    expect(() => parseSyncEvent({ round: 'now' })).toThrow('sync event: field "round" must be "drift" (run a drift detection round now)');
  });
});
