// `lynq-sfn run`'s progress view over real HTTP: records arrive through a watch (list once, then
// changes), and a refresh of the view reads no list. The emulated API server's watch is checked
// against what a real server does: resume from a revision, 410 when that revision is too old.
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { LYNQNODE_API_VERSION } from '../../lambdas/core/apply/tracking-labels';
import type { LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';
import { lynqNodeLabels } from '../../lambdas/core/lynqnode/lynqnode-status';
import type { TrackedExecution } from '../../local/local-execution-starter';
import { followLynqNodes } from '../../local/lynqnode-follower';
import { ProgressView } from '../../local/progress-view';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';

const onEmulator = process.env.LYNQ_TEST_KUBECONFIG ? describe.skip : describe;

let cluster: TestCluster;
let namespace: string;
let store: LynqNodeStore;

function record(uid: string): LynqNodeRecord {
  return { name: `${uid}-web`, namespace, labels: lynqNodeLabels('hub', uid, 'web'), spec: { uid, form: 'web', hubId: 'hub', desiredHash: 'h', values: { uid, activate: true } } };
}

function status(ready: number, message: string): LynqNodeStatus {
  return {
    desiredResources: 3, readyResources: ready, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
    appliedResources: [], retryCount: 0,
    conditions: [{ type: 'Progressing', status: 'True', reason: 'Reconciling', message, lastTransitionTime: new Date().toISOString() }],
  };
}

function running(uid: string, state: string): TrackedExecution {
  return { name: `exec-${uid}`, input: { uid, form: 'web' }, rawInput: '{}', startDate: new Date(), status: 'RUNNING', state, done: new Promise(() => undefined) };
}

/** A view whose record changes can be awaited: resolves once `predicate` holds for a delivered change. */
function observedView(executions: TrackedExecution[], printed: string[]) {
  const waiters: { predicate: (r: LynqNodeRecord, deleted: boolean) => boolean; resolve: () => void }[] = [];
  const notify = (r: LynqNodeRecord, deleted: boolean) => {
    for (const w of [...waiters]) if (w.predicate(r, deleted)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const view = new ProgressView(store, () => executions, (line) => printed.push(line), (changes) =>
    followLynqNodes(store.connection, store.namespace, {
      onChange: (r) => { changes.onChange(r); notify(r, false); },
      onDelete: (r) => { changes.onDelete(r); notify(r, true); },
    }));
  const delivered = (predicate: (r: LynqNodeRecord, deleted: boolean) => boolean) => new Promise<void>((resolve) => waiters.push({ predicate, resolve }));
  return { view, delivered };
}

beforeAll(async () => {
  cluster = await connectTestCluster();
  namespace = cluster.uniqueName('progress');
  store = new LynqNodeStore(cluster.kubeConfig, namespace);
  await store.ensureCrd();
});

afterAll(async () => {
  await cluster?.cleanupNamespaces('progress');
  await cluster?.stop();
});

describe('progress view', () => {
  it('shows each change a watch delivers, and its refreshes read no list', async () => {
    const a = await store.create(record('alpha'));
    await store.replaceStatus({ ...a, status: status(0, 'Waiting for namespace to become ready') });
    await store.create(record('beta'));
    const executions = [running('alpha', 'CheckReady'), running('beta', 'ApplyResource'), running('gamma', 'LoadNode')];
    const printed: string[] = [];
    const { view, delivered } = observedView(executions, printed);
    const listed = Promise.all([delivered((r) => r.spec.uid === 'alpha'), delivered((r) => r.spec.uid === 'beta')]);
    view.start(3_600_000); // no timer refresh during the test: render() is called where the test says
    try {
      await listed;
      cluster.emulator?.clearRequests();
      view.render();
      expect(printed.map((l) => l.slice(12))).toEqual([
        `${'alpha/web'.padEnd(28)} ${'CheckReady'.padEnd(20)} ${'0/3 ready'.padEnd(10)} Waiting for namespace to become ready`,
        `${'beta/web'.padEnd(28)} ApplyResource`,
        `${'gamma/web'.padEnd(28)} LoadNode`,
      ]);

      // A status change and a new record arrive through the watch.
      const changed = delivered((r) => r.spec.uid === 'alpha' && r.status?.readyResources === 2);
      const gammaStatus = delivered((r) => r.spec.uid === 'gamma' && r.status?.readyResources === 1);
      const current = (await store.get('alpha-web'))!;
      await store.replaceStatus({ ...current, status: status(2, 'Waiting for rds-instance to become ready') });
      const g = await store.create(record('gamma'));
      await store.replaceStatus({ ...g, status: status(1, 'Waiting for app to become ready') });
      await Promise.all([changed, gammaStatus]);
      printed.length = 0;
      view.render();
      expect(printed.map((l) => l.slice(12))).toEqual([
        `${'alpha/web'.padEnd(28)} ${'CheckReady'.padEnd(20)} ${'2/3 ready'.padEnd(10)} Waiting for rds-instance to become ready`,
        `${'gamma/web'.padEnd(28)} ${'LoadNode'.padEnd(20)} ${'1/3 ready'.padEnd(10)} Waiting for app to become ready`,
      ]);

      // A deleted record leaves its node without counts.
      const gone = delivered((r, deleted) => deleted && r.spec.uid === 'gamma');
      await store.delete('gamma-web');
      await gone;
      printed.length = 0;
      view.render();
      expect(printed.map((l) => l.slice(12))).toEqual([`${'gamma/web'.padEnd(28)} LoadNode`]);

      if (cluster.emulator) {
        // Renders read nothing: the only LynqNode reads since are this test's own GET and writes.
        const lists = cluster.emulator.requests().filter((r) => r.method === 'GET' && r.path.includes(`/namespaces/${namespace}/lynqnodes?`) && !r.path.includes('watch='));
        expect(lists).toEqual([]);
      }
    } finally {
      await view.stop();
    }
  });
});

onEmulator('the emulated API server watches as a real one does', () => {
  const path = () => `${cluster.emulator!.url}/apis/${LYNQNODE_API_VERSION}/namespaces/${namespace}/lynqnodes`;

  async function events(query: string): Promise<{ type: string; object: { metadata: { name?: string }; code?: number; reason?: string } }[]> {
    const text = await (await fetch(`${path()}?watch=true&timeoutSeconds=1&${query}`)).text();
    return text.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  }

  it('resumes from a resourceVersion with the changes after it, in order', async () => {
    const first = await store.create(record('delta'));
    await store.replaceStatus({ ...first, status: status(1, 'x') });
    await store.delete('delta-web');
    const seen = await events(`resourceVersion=${first.resourceVersion}&labelSelector=${encodeURIComponent('lynq.sh/uid=delta')}`);
    expect(seen.map((e) => [e.type, e.object.metadata.name])).toEqual([['MODIFIED', 'delta-web'], ['DELETED', 'delta-web']]);
  });

  it('without a resourceVersion, starts with an ADDED event per current object', async () => {
    await store.create(record('epsilon'));
    const seen = await events(`labelSelector=${encodeURIComponent('lynq.sh/uid=epsilon')}`);
    expect(seen.map((e) => [e.type, e.object.metadata.name])).toEqual([['ADDED', 'epsilon-web']]);
  });

  it('a resourceVersion older than the changes kept answers an ERROR event with 410 Expired', async () => {
    // 20,001 changes push revision 1 out of the kept window.
    await store.create(record('zeta'));
    for (let i = 0; i < 20_001; i++) cluster.emulator!.seed([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `filler-${i}`, namespace } }]);
    const seen = await events('resourceVersion=1');
    expect(seen).toHaveLength(1);
    expect(seen[0].type).toBe('ERROR');
    expect(seen[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  }, 60_000);
});
