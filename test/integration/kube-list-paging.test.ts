// How LynqNodes are listed at scale, over real HTTP: the sync's read from the watch cache
// (resourceVersion=0) reduced item by item, pages that follow `continue`, and the relist when a
// continue token expired (410) between two pages.
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { LABEL_HUB, LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../../lambdas/core/apply/tracking-labels';
import type { LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';
import { lynqNodeLabels } from '../../lambdas/core/lynqnode/lynqnode-status';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';

const COUNT = 450; // more than one page of the emulator's streamed writes (200) and of a 100-item page
const HUB = 'paging-hub';
const onEmulator = process.env.LYNQ_TEST_KUBECONFIG ? describe.skip : describe;

function record(i: number, namespace: string): LynqNodeRecord {
  const uid = `node-${String(i).padStart(4, '0')}`;
  return {
    name: `${uid}-web`, namespace, labels: lynqNodeLabels(HUB, uid, 'web'),
    spec: { uid, form: 'web', hubId: HUB, desiredHash: `h${i}`, values: { uid, activate: true, secretish: 'row value the sync never needs' } },
  };
}

const status: LynqNodeStatus = {
  desiredResources: 1, readyResources: 1, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
  retryCount: 0, reconciledHash: 'h', conditions: [],
  appliedResources: ['cfg'], appliedRefs: [{ id: 'cfg', apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'x' }],
};

let cluster: TestCluster;
let namespace: string;
let store: LynqNodeStore;
const names = Array.from({ length: COUNT }, (_, i) => record(i, '').name);

beforeAll(async () => {
  cluster = await connectTestCluster();
  namespace = cluster.uniqueName('paging');
  store = new LynqNodeStore(cluster.kubeConfig, namespace);
  await store.ensureCrd();
  const queue = Array.from({ length: COUNT }, (_, i) => record(i, namespace));
  await Promise.all(Array.from({ length: 8 }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const created = await store.create(next);
      await store.replaceStatus({ ...created, status });
    }
  }));
}, 120_000);

afterAll(async () => {
  await cluster?.cleanupNamespaces('paging');
  await cluster?.stop();
});

describe('listing LynqNodes at scale', () => {
  it("the sync's view has every record of the hub, each reduced to what the plan needs", async () => {
    cluster.emulator?.clearRequests();
    const summaries = await store.listSummariesOfHub(HUB);
    expect(summaries.map((s) => s.name).sort()).toEqual(names);
    for (const s of summaries) {
      expect(s).not.toHaveProperty('resourceVersion');
      expect(s).not.toHaveProperty('creationTimestamp');
      expect(s).not.toHaveProperty('labels');
      expect(s.spec).not.toHaveProperty('values');
      expect(s.status).not.toHaveProperty('appliedRefs');
      expect(s.status).not.toHaveProperty('appliedResources');
      expect(s.status?.reconciledHash).toBe('h');
    }
    if (cluster.emulator) {
      // One request, answered by the watch cache: resourceVersion=0 makes a v1.28 server ignore the limit.
      const lists = cluster.emulator.requests().filter((r) => r.method === 'GET' && r.path.includes('/lynqnodes?'));
      expect(lists).toHaveLength(1);
      expect(new URL(lists[0].path, 'http://x').searchParams.get('resourceVersion')).toBe('0');
    }
  });

  it('a consistent list follows continue page by page, in name order', async () => {
    const pages: number[] = [];
    let current = 0;
    const listed = await KubeRest.for(cluster.kubeConfig).listMapped(
      LYNQNODE_API_VERSION, LYNQNODE_KIND, { namespace, labelSelector: `${LABEL_HUB}=${HUB}`, pageSize: 100 },
      (item) => {
        current++;
        if (current % 100 === 0) pages.push(current);
        return item.metadata.name;
      },
    );
    expect(listed).toEqual(names);
    expect(pages).toEqual([100, 200, 300, 400]);
  });
});

onEmulator('the emulated API server answers list parameters as v1.28 does', () => {
  const path = () => `${cluster.emulator!.url}/apis/${LYNQNODE_API_VERSION}/namespaces/${namespace}/lynqnodes`;

  it('resourceVersion=0 serves the whole list from the watch cache: limit ignored, no continue', async () => {
    const body = (await (await fetch(`${path()}?resourceVersion=0&limit=10`)).json()) as { items: unknown[]; metadata: { continue?: string } };
    expect(body.items).toHaveLength(COUNT);
    expect(body.metadata.continue ?? '').toBe('');
  });

  it('a continue token with a resourceVersion is a bad request', async () => {
    const first = (await (await fetch(`${path()}?limit=10`)).json()) as { metadata: { continue: string } };
    const answer = await fetch(`${path()}?limit=10&resourceVersion=0&continue=${encodeURIComponent(first.metadata.continue)}`);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toBe('specifying resource version is not allowed when using continue');
  });

  it('a continue token that expired between two pages (etcd compacted) makes the list start again, without duplicates', async () => {
    cluster.emulator!.clearRequests();
    let compacted = false;
    const listed = await KubeRest.for(cluster.kubeConfig).listMapped(
      LYNQNODE_API_VERSION, LYNQNODE_KIND, { namespace, labelSelector: `${LABEL_HUB}=${HUB}`, pageSize: 200 },
      (item) => {
        // Compaction lands after the first page was served and before the second is asked for.
        if (!compacted) cluster.emulator!.compact();
        compacted = true;
        return item.metadata.name;
      },
    );
    expect(listed).toEqual(names);
    const statuses = cluster.emulator!.requests().filter((r) => r.path.includes('/lynqnodes?')).map((r) => [r.status, new URL(r.path, 'http://x').searchParams.has('continue')]);
    expect(statuses).toEqual([[200, false], [410, true], [200, false], [200, true], [200, true]]);
  });
});
