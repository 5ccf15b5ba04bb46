// A namespaced resource with neither targetNamespace nor metadata.namespace lands in the node's
// record namespace; apply, the readiness check, status.appliedResources, orphan cleanup and the
// removal of recorded refs at node deletion all find it there. Runs the real workflow steps against the (emulated or real) cluster;
// the table is a function returning rows, since only placement is under test here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigDirectory } from '../../lambdas/adapters/config-directory';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { loadNode } from '../../lambdas/workflow/load-node';
import { applyResourceStep } from '../../lambdas/workflow/apply-resource-step';
import { checkReadyStep } from '../../lambdas/workflow/check-ready-step';
import { removeResource } from '../../lambdas/adapters/resource-delete';
import { deleteResourcesStep } from '../../lambdas/workflow/delete-resources-step';
import type { WorkflowDeps } from '../../lambdas/workflow/workflow-deps';
import type { NodeRun, ResourceProgress } from '../../lambdas/core/contracts/workflow-contracts';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { silentLog } from '../../local/local-deps';

const HUB = `apiVersion: sfn.lynq.sh/v1
kind: LynqHub
metadata: { name: placement }
spec:
  source: { type: mysql, syncInterval: 1m, mysql: { host: 127.0.0.1, port: 3306, database: d, username: u, table: nodes } }
  valueMappings: { uid: node_id, activate: is_active }
`;

const form = (withExtra: boolean) => `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: { name: web }
spec:
  hubId: placement
  configMaps:
    - id: settings
      nameTemplate: "<%= uid %>-settings"
      spec: { apiVersion: v1, kind: ConfigMap, data: { a: "1" } }
${withExtra ? `    - id: extra
      nameTemplate: "<%= uid %>-extra"
      spec: { apiVersion: v1, kind: ConfigMap, data: { b: "2" } }
` : ''}`;

describe('a namespaced resource without a namespace', () => {
  let cluster: TestCluster;
  let dir: string;
  let recordNamespace: string;
  let uid: string;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    dir = mkdtempSync(join(tmpdir(), 'lynq-placement-'));
    // A record namespace of this run's own, so the test also holds on a shared real cluster.
    recordNamespace = cluster.uniqueName('records');
    uid = cluster.uniqueName('n').slice(0, 30).replace(/-+$/, '');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await cluster.cleanupNamespaces();
    await cluster.stop();
  });

  function depsFor(withExtra: boolean): WorkflowDeps & { records: LynqNodeStore } {
    writeFileSync(join(dir, 'hub.yaml'), HUB);
    writeFileSync(join(dir, 'form.yaml'), form(withExtra));
    return {
      config: loadConfigDirectory(dir),
      cluster: KubeRest.for(cluster.kubeConfig),
      records: new LynqNodeStore(cluster.kubeConfig, recordNamespace),
      readRows: async () => [{ node_id: uid, is_active: 1 }],
      clock: { now: () => new Date() },
      log: silentLog,
    };
  }

  async function applyAll(deps: WorkflowDeps, execution: string): Promise<NodeRun> {
    const startTime = new Date().toISOString();
    const run = await loadNode(deps, { input: { uid }, execution, startTime });
    for (const id of run.levels.flat()) {
      const applied = await applyResourceStep(deps, { uid, form: 'web', execution, startTime, id });
      const checked: ResourceProgress = await checkReadyStep(deps, applied);
      expect(checked).toMatchObject({ outcome: 'ready' });
    }
    return run;
  }

  it('lands in the record namespace; is checked, recorded, orphaned and deleted there', async () => {
    const deps = depsFor(true);
    await deps.records.ensureCrd();
    const first = await applyAll(deps, 'exec-1');
    expect(first.action).toBe('apply');

    const settings = await readLiveObject(cluster.kubeConfig, { apiVersion: 'v1', kind: 'ConfigMap', name: `${uid}-settings`, namespace: recordNamespace });
    expect(settings?.data).toEqual({ a: '1' });
    const record = await deps.records.get(`${uid}-web`);
    expect(record?.status?.appliedResources).toEqual([`ConfigMap/${recordNamespace}/${uid}-settings@settings`, `ConfigMap/${recordNamespace}/${uid}-extra@extra`]);
    expect(record?.status?.appliedRefs?.every((r) => r.namespace === recordNamespace)).toBe(true);

    // The form drops `extra`: the next run removes it from where it was placed.
    const withoutExtra = depsFor(false);
    await applyAll(withoutExtra, 'exec-2');
    expect(await readLiveObject(cluster.kubeConfig, { apiVersion: 'v1', kind: 'ConfigMap', name: `${uid}-extra`, namespace: recordNamespace })).toBeUndefined();

    // Node deletion removes what status.appliedRefs recorded: the object in the record namespace.
    const [ref] = (await deps.records.get(`${uid}-web`))!.status!.appliedRefs!;
    expect(ref).toMatchObject({ id: 'settings', namespace: recordNamespace });
    expect(await removeResource(cluster.kubeConfig, ref, { uid, form: 'web', hubId: 'placement' }, 'LynqNodeDeleted', new Date())).toBe('deleted');
    expect(await readLiveObject(cluster.kubeConfig, { apiVersion: 'v1', kind: 'ConfigMap', name: `${uid}-settings`, namespace: recordNamespace })).toBeUndefined();
  });

  it('a record written before this rule (ref without namespace) is read with it: no self-orphaning, deletion finds the object', async () => {
    uid = cluster.uniqueName('m').slice(0, 30).replace(/-+$/, '');
    const deps = depsFor(false);
    await applyAll(deps, 'legacy-1');
    await deps.records.updateStatusWithRetry(`${uid}-web`, (record) => ({
      ...record.status!,
      appliedRefs: record.status!.appliedRefs!.map(({ namespace: _dropped, ...ref }) => ref),
      appliedResources: [`ConfigMap//${uid}-settings@settings`],
    }));
    const live = { apiVersion: 'v1', kind: 'ConfigMap', name: `${uid}-settings`, namespace: recordNamespace };

    await applyAll(deps, 'legacy-2');
    expect(await readLiveObject(cluster.kubeConfig, live)).toBeDefined();
    expect((await deps.records.get(`${uid}-web`))?.status?.appliedRefs).toEqual([{ id: 'settings', ...live }]);

    // Deletion of a node whose record still holds the old ref.
    await deps.records.updateStatusWithRetry(`${uid}-web`, (record) => ({
      ...record.status!, currentExecution: 'legacy-3', claim: { execution: 'legacy-3', claimedAt: new Date().toISOString() }, appliedRefs: record.status!.appliedRefs!.map(({ namespace: _dropped, ...ref }) => ref),
    }));
    const run = { uid, form: 'web', execution: 'legacy-3', startTime: new Date().toISOString(), action: 'delete' as const, reason: 'row deleted',
      desiredHash: '', levels: [], levelIndex: 0, currentLevel: [], readyIds: [], failedIds: [], skippedIds: [], failureMessages: [] };
    expect((await deleteResourcesStep(deps, run)).deleted).toEqual(['settings']);
    expect(await readLiveObject(cluster.kubeConfig, live)).toBeUndefined();
  });
});
