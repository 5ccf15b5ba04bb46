// Every workflow step of the state machine against the in-memory cluster and record store
// (test/support): the branches the e2e runs never reach (an invalid row at LoadNode, orphan
// cleanup of resources removed from the form, a namespace still terminating, a superseded claim)
// plus the ordinary path. The same steps run against the emulated API server in
// test/integration/workflow-steps.test.ts.
import { singleHubDirectory } from '../../lambdas/core/config/hub-lookup';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import type { ProjectConfig } from '../../lambdas/core/config/config-model';
import { ERROR_PERMANENT, ERROR_SUPERSEDED, type NodeRun, type ResourceProgress } from '../../lambdas/core/contracts/workflow-contracts';
import { lynqNodeName } from '../../lambdas/core/lynqnode/lynqnode-status';
import { loadNode } from '../../lambdas/workflow/load-node';
import { applyResourceStep } from '../../lambdas/workflow/apply-resource-step';
import { checkReadyStep } from '../../lambdas/workflow/check-ready-step';
import { deleteResourcesStep } from '../../lambdas/workflow/delete-resources-step';
import { levelOutcome, recordLevelStep } from '../../lambdas/workflow/record-level-step';
import { recordResultStep } from '../../lambdas/workflow/record-result-step';
import { removeOrphans } from '../../lambdas/workflow/orphan-cleanup';
import { renderedRefs } from '../../lambdas/workflow/rendered-refs';
import { previewSync } from '../../lambdas/workflow/preview-sync';
import { diffNode } from '../../lambdas/workflow/node-diff';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { holdsClaim } from '../../lambdas/workflow/node-claim';
import { STATE_MACHINE_TASKS } from '../../lambdas/workflow/state-machine-tasks';
import type { WorkflowDeps } from '../../lambdas/workflow/workflow-deps';
import { MemoryLog } from '../../local/local-deps';
import { SimulatedClock } from '../../local/simulated-clock';
import { InMemoryCluster } from '../support/in-memory-cluster';
import { InMemoryLynqNodeRecords } from '../support/in-memory-lynqnode-records';

const START = '2026-11-29T12:00:00.000Z';
const UID = 'acme';
const NAME = lynqNodeName(UID, 'web');

const HUB = `apiVersion: sfn.lynq.sh/v1
kind: LynqHub
metadata: { name: shop }
spec:
  source: { type: mysql, syncInterval: 1m, mysql: { host: 127.0.0.1, port: 3306, database: d, username: u, table: nodes } }
  valueMappings: { uid: node_id, activate: is_active }
  extraValueMappings: { planType: plan_type }
`;

/** v1 has every resource; v2 drops `legacy` (Delete) and `kept` (Retain): they become orphans. */
const form = (version: 'v1' | 'v2') => `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: { name: web }
spec:
  hubId: shop
  namespaces:
    - id: ns
      nameTemplate: "node-<%= uid %>"
      spec: { apiVersion: v1, kind: Namespace }
  configMaps:
    - id: settings
      nameTemplate: "<%= uid %>-settings"
      targetNamespace: "node-<%= uid %>"
      dependIds: [ns]
      timeoutSeconds: 60
      spec: { apiVersion: v1, kind: ConfigMap, data: { plan: "<%= planType %>" } }
${version === 'v1' ? `    - id: legacy
      nameTemplate: "<%= uid %>-legacy"
      targetNamespace: "node-<%= uid %>"
      dependIds: [ns]
      spec: { apiVersion: v1, kind: ConfigMap, data: { a: "1" } }
    - id: kept
      nameTemplate: "<%= uid %>-kept"
      targetNamespace: "node-<%= uid %>"
      dependIds: [ns]
      deletionPolicy: Retain
      spec: { apiVersion: v1, kind: ConfigMap, data: { b: "2" } }
` : ''}`;

describe('workflow steps on the in-memory cluster and record store', () => {
  let dir: string;
  const configs: Partial<Record<'v1' | 'v2', ProjectConfig>> = {};

  beforeAll(() => {
    for (const version of ['v1', 'v2'] as const) {
      dir = mkdtempSync(join(tmpdir(), `lynq-steps-${version}-`));
      writeFileSync(join(dir, 'hub.yaml'), HUB);
      writeFileSync(join(dir, 'form.yaml'), form(version));
      configs[version] = loadProjectConfig(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function world(rows: Record<string, unknown>[] = [{ node_id: UID, is_active: 1, plan_type: 'pro' }]) {
    const cluster = new InMemoryCluster();
    const records = new InMemoryLynqNodeRecords();
    const clock = new SimulatedClock(new Date(START));
    const log = new MemoryLog();
    const table = { rows };
    const deps = (version: 'v1' | 'v2' = 'v1'): WorkflowDeps => ({
      config: singleHubDirectory(configs[version]!), cluster, records, clock, log,
      readRows: (_hub, filter) => Promise.resolve(table.rows.filter((r) => !filter || r.node_id === filter.uid)),
    });
    return { cluster, records, clock, log, table, deps };
  }

  const step = (execution: string, id: string) => ({ uid: UID, form: 'web', execution, startTime: START, id });
  const event = (execution: string, input: Record<string, unknown> = { uid: UID }) => ({ input, execution, startTime: START });

  /** Claims and applies every resource, with the namespace Active as a real cluster makes it. */
  async function provision(w: ReturnType<typeof world>, execution: string, version: 'v1' | 'v2' = 'v1'): Promise<NodeRun> {
    const run = await loadNode(w.deps(version), event(execution));
    for (const id of run.levels.flat()) {
      await applyResourceStep(w.deps(version), step(execution, id));
      if (id === 'ns') await w.cluster.mergePatch({ apiVersion: 'v1', kind: 'Namespace', name: `node-${UID}` }, { status: { phase: 'Active' } });
    }
    return run;
  }

  describe('LoadNode', () => {
    test('claims a new node for apply: the record is created with the claim and the placed refs, nothing is written to the cluster', async () => {
      const w = world();
      const run = (await STATE_MACHINE_TASKS.LoadNodeFunctionArn(w.deps(), event('exec-1'))) as NodeRun;
      expect(run).toMatchObject({ action: 'apply', reason: 'create', levels: [['ns'], ['settings', 'legacy', 'kept']], currentLevel: ['ns'] });
      const [record] = w.records.all();
      expect(record.name).toBe(NAME);
      expect(holdsClaim(record.status, 'exec-1')).toBe(true);
      expect(record.status?.appliedRefs?.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`)).toEqual([
        'ConfigMap/node-acme/acme-settings', 'ConfigMap/node-acme/acme-legacy', 'ConfigMap/node-acme/acme-kept', 'Namespace//node-acme',
      ]);
      expect(w.cluster.writes()).toEqual([]);
    });

    test('an invalid row fails permanently, naming the node, the table and the column, and changes nothing', async () => {
      const w = world();
      await provision(w, 'exec-1');
      const before = { records: w.records.all(), objects: w.cluster.list(), writes: w.cluster.writes().length };
      w.table.rows = [{ node_id: UID, is_active: 1, plan_type: Buffer.from([0xde, 0xad]) }];
      const error = await loadNode(w.deps(), event('exec-2', { uid: UID, allowDelete: true })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe(ERROR_PERMANENT);
      expect((error as Error).message).toBe(`node ${UID}: its row in table nodes (hub shop) is invalid: plan_type: value for 'planType' holds binary data (2 bytes), which is not a supported template value`);
      // Not mistaken for a deleted row: the record, its claim and every object stay as they were.
      expect(w.records.all()).toEqual(before.records);
      expect(w.cluster.list()).toEqual(before.objects);
      expect(w.cluster.writes()).toHaveLength(before.writes);
    });

    test('a form change removes the resources it dropped: Delete deletes, Retain keeps with orphan markers', async () => {
      const w = world();
      await provision(w, 'exec-1', 'v1');
      const run = await loadNode(w.deps('v2'), event('exec-2'));
      expect(run).toMatchObject({ action: 'apply', reason: 'update', levels: [['ns'], ['settings']] });
      const names = w.cluster.list().map((o) => o.metadata.name).sort();
      expect(names).toEqual(['acme-kept', 'acme-settings', 'node-acme']);
      const kept = w.cluster.list().find((o) => o.metadata.name === 'acme-kept')!;
      expect(kept.metadata.labels).toMatchObject({ 'lynq.sh/orphaned': 'true', 'lynq.sh/uid': UID });
      expect(kept.metadata.labels).not.toHaveProperty('lynq.sh/node');
      expect(kept.metadata.annotations).toMatchObject({ 'lynq.sh/orphaned-reason': 'RemovedFromTemplate' });
      const removed = w.log.lines.filter((l) => l.message === 'orphaned resource removed from the form').map((l) => [l.fields?.resource, l.fields?.result]);
      expect(removed).toEqual([['legacy', 'deleted'], ['kept', 'retained']]);
      expect(w.records.all()[0].status?.appliedRefs?.map((r) => r.id).sort()).toEqual(['ns', 'settings']);
    });

    test('orphan cleanup leaves an object that is no longer this node\'s alone', async () => {
      const w = world();
      await provision(w, 'exec-1', 'v1');
      await w.cluster.mergePatch({ apiVersion: 'v1', kind: 'ConfigMap', name: 'acme-legacy', namespace: 'node-acme' }, { metadata: { labels: { 'app.kubernetes.io/managed-by': 'someone-else' } } });
      const previous = w.records.all()[0].status!.appliedRefs!;
      await removeOrphans(w.deps('v2'), NAME, { uid: UID, form: 'web', hubId: 'shop' }, previous, previous.filter((r) => r.id === 'ns' || r.id === 'settings'));
      expect(w.cluster.list().map((o) => o.metadata.name)).toContain('acme-legacy');
    });

    test('a row gone without allowDelete leaves the node; with it, the node is claimed for deletion', async () => {
      const w = world();
      await provision(w, 'exec-1');
      w.table.rows = [];
      expect(await loadNode(w.deps(), event('exec-2'))).toMatchObject({ action: 'none' });
      expect(await loadNode(w.deps(), event('exec-3', { uid: UID, allowDelete: true }))).toMatchObject({ action: 'delete', reason: 'row deleted' });
    });
  });

  describe('ApplyResource and CheckReady', () => {
    test('a namespace is applied, waited for, and ready once Active', async () => {
      const w = world();
      await loadNode(w.deps(), event('exec-1'));
      const applied = (await STATE_MACHINE_TASKS.ApplyResourceFunctionArn(w.deps(), step('exec-1', 'ns'))) as ResourceProgress;
      expect(applied).toMatchObject({ outcome: 'waiting' });
      expect(applied.waitSeconds).toBeGreaterThan(0);
      expect(w.cluster.writes()).toEqual([{ verb: 'apply', kind: 'Namespace', name: 'node-acme', namespace: undefined }]);
      expect(w.records.all()[0].status?.conditions.find((c) => c.type === 'Progressing')?.message).toBe('Waiting for ns to become ready');
      await w.cluster.mergePatch({ apiVersion: 'v1', kind: 'Namespace', name: 'node-acme' }, { status: { phase: 'Active' } });
      w.clock.advance(applied.waitSeconds);
      const checked = (await STATE_MACHINE_TASKS.CheckReadyFunctionArn(w.deps(), applied)) as ResourceProgress;
      expect(checked).toMatchObject({ outcome: 'ready', waitingSince: START });
    });

    test('a second apply of an unchanged resource writes nothing', async () => {
      const w = world();
      await provision(w, 'exec-1');
      const writes = w.cluster.writes().length;
      expect(await applyResourceStep(w.deps(), step('exec-1', 'settings'))).toMatchObject({ outcome: 'ready', message: expect.stringContaining('unchanged') });
      expect(w.cluster.writes()).toHaveLength(writes);
    });

    test('a resource whose dependency failed is skipped without a write', async () => {
      const w = world();
      await loadNode(w.deps(), event('exec-1'));
      await w.records.updateStatusWithRetry(NAME, (r) => ({ ...r.status!, failedResourceIds: ['ns'] }));
      expect(await applyResourceStep(w.deps(), step('exec-1', 'settings'))).toMatchObject({ outcome: 'skipped', message: 'Skipped settings: dependency ns failed' });
      expect(w.cluster.writes()).toEqual([]);
    });

    test('in a namespace still terminating: deleting (apply again later), then failed once past the timeout', async () => {
      const w = world();
      await w.cluster.seed({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'node-acme', deletionTimestamp: START, finalizers: ['kubernetes'] } });
      await loadNode(w.deps(), event('exec-1'));
      const first = await applyResourceStep(w.deps(), step('exec-1', 'settings'));
      expect(first).toMatchObject({ outcome: 'deleting', waitingSince: START, message: expect.stringMatching(/^the namespace of ConfigMap acme-settings is being deleted; applying it again in \d+s$/) });
      w.clock.advance(61);
      const late = await applyResourceStep(w.deps(), { ...step('exec-1', 'settings'), waitingSince: first.waitingSince });
      expect(late).toMatchObject({ outcome: 'failed', message: "Resource 'settings' not applied after 61s (timeout: 60s): the namespace of ConfigMap acme-settings is being deleted" });
      expect(w.cluster.list().map((o) => o.metadata.name)).toEqual(['node-acme']);
    });

    test('a step of an execution that lost its claim stops before writing', async () => {
      const w = world();
      await loadNode(w.deps(), event('exec-1'));
      await loadNode(w.deps(), event('exec-2'));
      const error = await applyResourceStep(w.deps(), step('exec-1', 'ns')).catch((e: unknown) => e);
      expect((error as Error).name).toBe(ERROR_SUPERSEDED);
      expect(w.cluster.writes()).toEqual([]);
      // Through the Task, the superseded error still propagates (the state machine routes on it).
      await expect(STATE_MACHINE_TASKS.CheckReadyFunctionArn(w.deps(), { ...step('exec-1', 'ns'), outcome: 'waiting', waitSeconds: 5, waitingSince: START, message: '' }))
        .rejects.toMatchObject({ name: ERROR_SUPERSEDED });
    });

    test('CheckReady passes a settled outcome through without reading anything', async () => {
      const w = world();
      const done: ResourceProgress = { ...step('exec-1', 'ns'), outcome: 'ready', waitSeconds: 0, waitingSince: START, message: 'ok' };
      expect(await checkReadyStep(w.deps(), done)).toBe(done);
      expect(w.cluster.calls).toEqual([]);
    });
  });

  describe('RecordLevel and RecordResult', () => {
    test.each([
      [['b'], [], [], 'pending'],
      [[], [], [], 'ready'],
      [[], ['a'], [], 'failed'],
      [[], [], ['a'], 'failed'],
      [['b'], ['a'], [], 'pending'],
    ])('levelOutcome(next %j, failed %j, skipped %j) = %s', (next, failedIds, skippedIds, expected) => {
      expect(levelOutcome(next, { failedIds, skippedIds })).toBe(expected);
    });

    test('a level is folded into the run and the record, and the last one is recorded ready', async () => {
      const w = world();
      const run = await loadNode(w.deps(), event('exec-1'));
      const first = await recordLevelStep(w.deps(), { ...run, levelResults: [{ id: 'ns', outcome: 'ready', message: 'ok' }] });
      expect(first).toMatchObject({ outcome: 'pending', levelIndex: 1, readyIds: ['ns'], currentLevel: ['settings', 'legacy', 'kept'] });
      const next = { ...first, outcome: undefined };
      const results = next.currentLevel.map((id) => ({ id, outcome: 'ready' as const, message: 'ok' }));
      const last = await recordLevelStep(w.deps(), { ...next, levelResults: results });
      expect(last).toMatchObject({ outcome: 'ready', readyIds: ['ns', 'settings', 'legacy', 'kept'] });
      expect(w.records.all()[0].status?.readyResources).toBe(4);
      expect(await recordResultStep(w.deps(), { result: 'ready', run: last, execution: 'exec-1' } as never)).toEqual({ recorded: 'ready' });
      expect(w.records.all()[0].status).toMatchObject({ reconciledHash: run.desiredHash, lastExecution: 'exec-1' });
    });

    test('a failed node is recorded with the failed resources, and the error the execution fails with', async () => {
      const w = world();
      const run = await loadNode(w.deps(), event('exec-1'));
      const failed = { ...run, failedIds: ['settings'], failureMessages: ['settings: boom'] };
      const result = await STATE_MACHINE_TASKS.RecordResultFunctionArn(w.deps(), { result: 'failed', run: failed, execution: 'exec-1' });
      expect(result).toEqual({ error: 'Lynq.NodeFailed', cause: 'node acme, form web: 1 failed (settings: boom)' });
      expect(w.records.all()[0].status?.conditions.find((c) => c.type === 'Ready')?.status).toBe('False');
    });
  });

  describe('DeleteResources', () => {
    test('deletes the node\'s objects, keeps Retain ones and the namespace holding them, then the record', async () => {
      const w = world();
      await provision(w, 'exec-1');
      w.table.rows = [];
      const run = await loadNode(w.deps(), event('exec-2', { uid: UID, allowDelete: true }));
      const report = await STATE_MACHINE_TASKS.DeleteResourcesFunctionArn(w.deps(), run);
      expect(report).toEqual({ deleted: ['legacy', 'settings'], retained: ['kept', 'ns'], absent: [] });
      expect(w.cluster.list().map((o) => o.metadata.name).sort()).toEqual(['acme-kept', 'node-acme']);
      expect(w.records.all()).toEqual([]);
    });

    test('stops as soon as a newer execution claims the node, leaving the rest', async () => {
      const w = world();
      await provision(w, 'exec-1');
      w.table.rows = [];
      const run = await loadNode(w.deps(), event('exec-2', { uid: UID, allowDelete: true }));
      await loadNode(w.deps(), event('exec-3', { uid: UID, allowDelete: true }));
      await expect(deleteResourcesStep(w.deps(), run)).rejects.toMatchObject({ name: ERROR_SUPERSEDED });
      expect(w.cluster.list()).toHaveLength(4);
      expect(w.records.all()).toHaveLength(1);
    });
  });

  test('previewSync: what the next sync would do, the deletions the guard holds back, and the rows it skips', async () => {
    const uids = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const w = world(uids.map((uid) => ({ node_id: uid, is_active: 1, plan_type: 'pro' })));
    for (const uid of uids) await loadNode(w.deps(), { input: { uid }, execution: `exec-${uid}`, startTime: START });
    // a1 stays, a2 has an invalid row (skipped: neither started nor deleted), a3..a5 are gone.
    w.table.rows = [{ node_id: 'a1', is_active: 1, plan_type: 'pro' }, { node_id: 'a2', is_active: 1, plan_type: Buffer.from([1, 2]) }];
    const preview = await previewSync({ readRows: () => w.deps().readRows(configs.v1!.hub), clock: w.clock, listRecords: () => Promise.resolve(w.records.all()) }, configs.v1!, DEFAULT_SYNC_SETTINGS);
    expect(preview.skippedRows).toEqual([expect.objectContaining({ uid: 'a2', field: 'plan_type' })]);
    expect(preview.plan.guard).toMatchObject({ tripped: true, wouldDelete: 3 });
    expect(preview.plan.deletions).toEqual([]);
    expect(preview.heldBack.map((d) => d.uid).sort()).toEqual(['a3', 'a4', 'a5']);
    // The preview wrote nothing.
    expect(w.cluster.writes()).toEqual([]);
    expect(w.records.all()).toHaveLength(5);
  });

  test('diffNode previews what the apply decides: unchanged, changed, and re-created once an object being deleted is gone', async () => {
    const w = world();
    await provision(w, 'exec-1');
    const identity = { nodeName: NAME, recordNamespace: 'lynq-system', uid: UID, form: 'web', hubId: 'shop' };
    const node = { uid: UID, activate: true, hubId: 'shop', planType: 'pro' };
    const outcomes = async (values: Record<string, unknown>) =>
      Object.fromEntries((await diffNode(w.cluster, configs.v1!.forms[0], values as never, identity, new Date(START))).map((d) => [d.id, d.outcome]));
    expect(await outcomes(node)).toEqual({ ns: 'unchanged', settings: 'unchanged', legacy: 'unchanged', kept: 'unchanged' });
    expect((await outcomes({ ...node, planType: 'enterprise' })).settings).toBe('change');
    const settings = { apiVersion: 'v1', kind: 'ConfigMap', name: 'acme-settings', namespace: 'node-acme' };
    await w.cluster.mergePatch(settings, { metadata: { finalizers: ['example.com/hold'] } });
    await w.cluster.delete(settings);
    const [diff] = (await diffNode(w.cluster, configs.v1!.forms[0], node, identity, new Date(START))).filter((d) => d.id === 'settings');
    expect(diff).toMatchObject({ outcome: 'create', note: 'being deleted: the apply waits until it is gone, then creates it again' });
    expect(w.cluster.calls.filter((c) => c.verb === 'apply' && c.name === 'acme-settings')).toHaveLength(1); // the provisioning apply only
  });

  test('renderedRefs: a resource that cannot render keeps its previous placement (never mistaken for an orphan)', async () => {
    const w = world();
    const config = configs.v1!;
    const previous = [{ id: 'settings', apiVersion: 'v1', kind: 'ConfigMap', name: 'acme-settings', namespace: 'node-acme' }];
    // No planType: the settings template cannot render.
    const refs = await renderedRefs(w.cluster, config.forms[0], { uid: UID, activate: true, hubId: 'shop' }, new Date(START), previous, 'lynq-system');
    expect(refs.find((r) => r.id === 'settings')).toEqual(previous[0]);
  });
});
