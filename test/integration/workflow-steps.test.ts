// The workflow steps against the emulated API server, with the record store wrapped so a test can
// interleave another execution at an exact point (DESIGN §9: races get deterministic tests).
import { KubeConfig } from '@kubernetes/client-node';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { singleHubDirectory } from '../../lambdas/core/config/hub-lookup';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { ANNOTATION_APPLY_START } from '../../lambdas/core/apply/tracking-labels';
import { ERROR_SUPERSEDED, type ResourceStep } from '../../lambdas/core/contracts/workflow-contracts';
import { applyResourceStep } from '../../lambdas/workflow/apply-resource-step';
import { deleteResourcesStep } from '../../lambdas/workflow/delete-resources-step';
import { loadNode } from '../../lambdas/workflow/load-node';
import type { WorkflowDeps } from '../../lambdas/workflow/workflow-deps';
import { EXAMPLE_DIR } from '../../local/local-environment';
import { MemoryLog } from '../../local/local-deps';
import { installCrossplaneRdsCrd } from '../../local/controller-simulators';
import { startKubeEmulator, type KubeEmulator } from '../../local/kube-emulator';
import { SimulatedClock } from '../../local/simulated-clock';

const FORM = 'database-provisioning';
const START = '2026-11-24T12:00:00.000Z';

describe('workflow steps: claims, deletions being waited for, timeouts of this execution', () => {
  let emulator: KubeEmulator;
  let kube: KubeConfig;
  let store: LynqNodeStore;
  const config = loadProjectConfig(EXAMPLE_DIR);
  const clock = new SimulatedClock(new Date(START));
  /** The hub table as the steps see it, per uid. */
  const table = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    emulator = await startKubeEmulator();
    kube = new KubeConfig();
    kube.loadFromFile(emulator.kubeconfigPath);
    store = new LynqNodeStore(kube);
    await store.ensureCrd();
    await installCrossplaneRdsCrd(kube);
  });
  afterAll(() => emulator?.stop());

  function row(uid: string) {
    return { node_id: uid, domain: `${uid}.example.com`, is_active: 1, db_type: 'postgres', db_instance_class: 'db.t3.small', db_storage_gb: 50, db_multi_az: 0, rds_instance_id: null, rds_endpoint: null, plan_type: 'pro' };
  }

  function deps(records: LynqNodeStore = store): WorkflowDeps {
    return {
      config: singleHubDirectory(config), cluster: KubeRest.for(kube), records, clock, log: new MemoryLog(),
      readRows: async (_hub, filter) => [...table.values()].filter((r) => !filter || r.node_id === filter.uid),
    };
  }

  /** The record store, with `before` awaited ahead of the n-th call of `method` (1-based). */
  function interleaved(method: 'get' | 'delete', n: number, before: () => Promise<void>): LynqNodeStore {
    let calls = 0;
    const wrapped = Object.create(store) as LynqNodeStore;
    const original = store[method].bind(store) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      calls++;
      if (calls === n) await before();
      return original(...args);
    };
    return wrapped;
  }

  const claim = (uid: string, execution: string, allowDelete = false) =>
    loadNode(deps(), { input: allowDelete ? { uid, allowDelete } : { uid }, execution, startTime: START });
  const step = (uid: string, execution: string, id: string): ResourceStep => ({ uid, form: FORM, execution, startTime: START, id });
  const namespaceOf = (uid: string) => readLiveObject(kube, { apiVersion: 'v1', kind: 'Namespace', name: `node-${uid}` });
  const appOf = (uid: string) => readLiveObject(kube, { apiVersion: 'apps/v1', kind: 'Deployment', name: `${uid}-app`, namespace: `node-${uid}` });
  const rdsOf = (uid: string) => readLiveObject(kube, { apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', name: `${uid}-postgres` });

  async function provision(uid: string, execution: string): Promise<void> {
    table.set(uid, row(uid));
    await claim(uid, execution);
    for (const id of ['node-namespace', 'rds-instance', 'app']) await applyResourceStep(deps(), step(uid, execution, id));
  }

  test('an apply stops before writing when a newer execution claimed the node after the step read it', async () => {
    table.set('fence-a', row('fence-a'));
    await claim('fence-a', 'exec-a');
    // exec-b claims between exec-a's first read of the record and its write.
    const records = interleaved('get', 2, async () => { await claim('fence-a', 'exec-b'); });
    await expect(applyResourceStep(deps(records), step('fence-a', 'exec-a', 'node-namespace'))).rejects.toMatchObject({ name: ERROR_SUPERSEDED });
    expect(await namespaceOf('fence-a')).toBeUndefined();
    expect((await store.get(`fence-a-${FORM}`))?.status?.claim?.execution).toBe('exec-b');
  });

  test('the deletion loop re-checks the claim per resource: a row that comes back stops it', async () => {
    await provision('fence-d', 'exec-1');
    table.delete('fence-d');
    await claim('fence-d', 'exec-del', true);
    // The row returns and exec-2 claims right after the first object (the app) was deleted.
    const records = interleaved('get', 3, async () => { table.set('fence-d', row('fence-d')); await claim('fence-d', 'exec-2'); });
    await expect(deleteResourcesStep(deps(records), { ...(await claimRun('fence-d', 'exec-del')) })).rejects.toMatchObject({ name: ERROR_SUPERSEDED });
    expect(await appOf('fence-d')).toBeUndefined();
    expect(await namespaceOf('fence-d')).toBeDefined();
    expect(await rdsOf('fence-d')).toBeDefined();
    expect((await store.get(`fence-d-${FORM}`))?.status?.currentExecution).toBe('exec-2');
  });

  test('the LynqNode is deleted only as the claim left it (resourceVersion precondition)', async () => {
    await provision('fence-r', 'exec-1');
    table.delete('fence-r');
    await claim('fence-r', 'exec-del', true);
    // A new claim lands between the deletion's last check and its DELETE of the record.
    const records = interleaved('delete', 1, async () => { table.set('fence-r', row('fence-r')); await claim('fence-r', 'exec-2'); });
    await expect(deleteResourcesStep(deps(records), await claimRun('fence-r', 'exec-del'))).rejects.toThrow(/Precondition failed|ResourceVersion/i);
    expect((await store.get(`fence-r-${FORM}`))?.status?.currentExecution).toBe('exec-2');
  });

  test('an unchanged object applied long ago is timed from this execution\'s wait, not failed at its first check', async () => {
    await provision('old-app', 'exec-1');
    // The app (no controller here, so never ready) was last changed five days ago.
    const fiveDaysAgo = new Date(clock.now().getTime() - 5 * 86_400_000).toISOString();
    await KubeRest.for(kube).mergePatch(
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'old-app-app', namespace: 'node-old-app' },
      { metadata: { annotations: { [ANNOTATION_APPLY_START]: fiveDaysAgo } } },
    );
    await claim('old-app', 'exec-2');
    const progress = await applyResourceStep(deps(), step('old-app', 'exec-2', 'app'));
    expect(progress.outcome).toBe('waiting');
    expect(progress.waitingSince).toBe(clock.now().toISOString());
    expect(progress.message).not.toMatch(/not ready after/);
  });

  test('a namespace still terminating is waited for, never taken for the live one, then created again', async () => {
    await provision('reborn', 'exec-1');
    const rest = KubeRest.for(kube);
    const app = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'reborn-app', namespace: 'node-reborn' };
    // A finalizer on its content keeps the namespace Terminating, as a real cluster does for a while.
    await rest.mergePatch(app, { metadata: { finalizers: ['test.lynq.sh/hold'] } });
    await rest.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'node-reborn' });
    expect((await namespaceOf('reborn'))?.metadata.deletionTimestamp).toBeDefined();

    await claim('reborn', 'exec-2');
    const waiting = await applyResourceStep(deps(), step('reborn', 'exec-2', 'node-namespace'));
    expect(waiting).toMatchObject({ outcome: 'deleting' });
    expect(waiting.waitSeconds).toBeGreaterThan(0);
    expect(waiting.message).toMatch(/Namespace node-reborn is still being deleted/);

    await rest.mergePatch(app, { metadata: { finalizers: null } });
    // The namespace controller finishes the deletion after the answer, as on a real cluster.
    for (let tries = 0; (await namespaceOf('reborn')) !== undefined; tries++) {
      if (tries > 100) throw new Error('namespace node-reborn was never deleted');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    clock.advance(waiting.waitSeconds);
    const again = await applyResourceStep(deps(), { ...step('reborn', 'exec-2', 'node-namespace'), waitingSince: waiting.waitingSince });
    // Created anew: the API server makes a new namespace Active at once.
    expect(again.outcome).toBe('ready');
    const reborn = await namespaceOf('reborn');
    expect(reborn).toBeDefined();
    expect(reborn?.metadata.deletionTimestamp).toBeUndefined();
  });

  /** The node run LoadNode returned for a deletion claim, rebuilt from the record (the claim is already taken). */
  async function claimRun(uid: string, execution: string) {
    return {
      uid, form: FORM, execution, startTime: START, action: 'delete' as const, reason: 'row deleted', desiredHash: '',
      levels: [], levelIndex: 0, currentLevel: [], readyIds: [], failedIds: [], skippedIds: [], failureMessages: [],
    };
  }
});
