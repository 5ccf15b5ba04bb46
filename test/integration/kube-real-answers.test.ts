// The adapters against answers recorded from a real kube-apiserver v1.28 (../shared/kube-conformance),
// served over real HTTP to the unmodified client: what the emulator may not (yet) say the same way.
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import {
  KubeConflictError,
  KubeNamespaceTerminatingError,
  KubePermanentError,
  KubeRetryableError,
} from '../../lambdas/adapters/kube-errors';
import { ERROR_RETRYABLE, type LynqNodeSummary } from '../../lambdas/core/contracts/workflow-contracts';
import { LYNQNODE_API_VERSION, LYNQNODE_PLURAL } from '../../lambdas/core/apply/tracking-labels';
import { recordedResponse, startRecordedApiServer, type RecordedApiServer, type RecordedResponse, type Route } from '../support/recorded-api-server';

const configMapPath = (namespace: string, name: string) => `/api/v1/namespaces/${namespace}/configmaps/${name}`;
const lynqNodeDiscovery: Route = {
  method: 'GET',
  path: `/apis/${LYNQNODE_API_VERSION}`,
  answer: {
    status: 200,
    body: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: LYNQNODE_API_VERSION, resources: [{ name: LYNQNODE_PLURAL, singularName: 'lynqnode', namespaced: true, kind: 'LynqNode', verbs: ['get', 'list'] }] },
  },
};

let server: RecordedApiServer | undefined;
async function serve(routes: Route[]): Promise<KubeRest> {
  server = await startRecordedApiServer(routes);
  return KubeRest.for(server.kubeConfig);
}
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('server-side apply conflicts', () => {
  it('a conflict with two managers names both and their fields', async () => {
    const rest = await serve([{ method: 'PATCH', path: configMapPath('conf-apply', 'settings'), answer: recordedResponse('03-server-side-apply.json', 10) }]);
    const err = await rest.serverSideApply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'conf-apply' }, data: {} }, false).catch((e) => e);
    expect(err).toBeInstanceOf(KubeConflictError);
    expect(err.managers).toEqual(['ops-team', 'platform-team']);
    expect(err.fields).toEqual(['.data.tier', '.data.zone']);
  });
});

describe('a namespace being terminated', () => {
  it.each([
    ['create by apply', 8],
    ['create by POST', 7],
  ])('403 NamespaceTerminating on %s is retryable and not reported as RBAC', async (_what, step) => {
    const recorded = recordedResponse('07-namespace-deletion.json', step);
    const rest = await serve([
      { method: 'PATCH', path: configMapPath('conf-nsdel', 'late-apply'), answer: recorded },
      { method: 'POST', path: '/api/v1/namespaces/conf-nsdel/configmaps', answer: recorded },
    ]);
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: step === 8 ? 'late-apply' : 'late', namespace: 'conf-nsdel' } };
    const err = await (step === 8 ? rest.serverSideApply(obj, true) : rest.create(obj)).catch((e) => e);
    expect(err).toBeInstanceOf(KubeNamespaceTerminatingError);
    expect(err.name).toBe(ERROR_RETRYABLE);
    expect(err.reason).toBe('NamespaceTerminating');
    expect(err.message).toMatch(/^ConfigMap conf-nsdel\/late(-apply)?: its namespace is being terminated \(conf-nsdel\)/);
    expect(err.message).not.toMatch(/RBAC|forbidden/i);
  });

  it('a real RBAC 403 is still permanent and names the missing permission', async () => {
    const rest = await serve([{ method: 'PATCH', path: configMapPath('conf-rbac', 'sneaky'), answer: recordedResponse('12-forbidden.json', 7) }]);
    const err = await rest.serverSideApply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'sneaky', namespace: 'conf-rbac' } }, false).catch((e) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect(err.message).toContain('check the RBAC ClusterRole');
  });
});

describe('DELETE answers', () => {
  it('a Status (gone at once) is deleted, the object with deletionTimestamp (finalizers) is deleting, 404 is absent', async () => {
    const rest = await serve([
      { method: 'DELETE', path: configMapPath('conf-delete', 'guarded'), answer: recordedResponse('06-delete.json', 7) },
      { method: 'DELETE', path: configMapPath('conf-delete', 'held'), answer: recordedResponse('06-delete.json', 9) },
      { method: 'DELETE', path: configMapPath('conf-delete', 'doomed'), answer: recordedResponse('06-delete.json', 3) },
      { method: 'DELETE', path: '/api/v1/namespaces/conf-nsdel', answer: recordedResponse('07-namespace-deletion.json', 3) },
    ]);
    const ref = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'conf-delete' });
    expect(await rest.delete(ref('guarded'))).toBe('deleted');
    expect(await rest.delete(ref('held'))).toBe('deleting');
    expect(await rest.delete(ref('doomed'))).toBe('absent');
    expect(await rest.delete({ apiVersion: 'v1', kind: 'Namespace', name: 'conf-nsdel' })).toBe('deleting');
  });

  it('sends propagationPolicy Background, and preconditions when given', async () => {
    const rest = await serve([{ method: 'DELETE', path: configMapPath('conf-delete', 'guarded'), answer: recordedResponse('06-delete.json', 7) }]);
    await rest.delete({ apiVersion: 'v1', kind: 'ConfigMap', name: 'guarded', namespace: 'conf-delete' }, { resourceVersion: '42' });
    expect(JSON.parse(server!.requests.find((r) => r.method === 'DELETE')!.body)).toEqual({
      kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', preconditions: { resourceVersion: '42' },
    });
  });
});

describe('lists page by page', () => {
  const configMaps = '/api/v1/namespaces/conf-list/configmaps';

  it('passes limit and follows continue (the recorded labelled pages)', async () => {
    const pages = [10, 11, 12].map((step) => recordedResponse('09-list.json', step));
    const rest = await serve([{ method: 'GET', path: configMaps, answer: (req) => pages[req.query.continue ? 1 + Number(req.query.continue === 'token-2') : 0] }]);
    // The recorded tokens are normalised placeholders; hand out distinct ones.
    pages[0] = withContinue(pages[0], 'token-1');
    pages[1] = withContinue(pages[1], 'token-2');
    const items = await rest.list('v1', 'ConfigMap', { namespace: 'conf-list', labelSelector: 'conf-set=page' });
    expect(items.map((i) => i.metadata.name)).toEqual(['item-1', 'item-2', 'item-3', 'item-4', 'item-5']);
    const gets = server!.requests.filter((r) => r.path === configMaps);
    expect(gets.map((r) => r.query)).toEqual([
      { limit: '500', labelSelector: 'conf-set=page' },
      { limit: '500', labelSelector: 'conf-set=page', continue: 'token-1' },
      { limit: '500', labelSelector: 'conf-set=page', continue: 'token-2' },
    ]);
  });

  it("the sync's LynqNode list relists from the start when a continue token expired (410), keeping only what the plan needs", async () => {
    const expired = recordedResponse('09-list.json', 14);
    let firstPagesServed = 0;
    await serve([
      lynqNodeDiscovery,
      {
        method: 'GET',
        path: `/apis/${LYNQNODE_API_VERSION}/namespaces/lynq-system/${LYNQNODE_PLURAL}`,
        answer: (req) => {
          if (!req.query.continue) {
            firstPagesServed++;
            return lynqNodePage(firstPagesServed === 1 ? ['stale-a'] : ['a', 'b'], `page-2-of-list-${firstPagesServed}`);
          }
          // The first list's token expires before its second page is read.
          if (req.query.continue === 'page-2-of-list-1') return expired;
          return lynqNodePage(['c']);
        },
      },
    ]);
    const store = new LynqNodeStore(server!.kubeConfig);
    const records: LynqNodeSummary[] = await store.listSummariesOfHub('tenants');
    expect(records.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    // Each page is reduced as it arrives: the row values, applied refs, labels and versions are not kept.
    expect(records[0]).toStrictEqual({
      name: 'a', namespace: 'lynq-system',
      spec: { uid: 'a', form: 'web', hubId: 'tenants', desiredHash: 'h' },
      status: { reconciledHash: 'h', desiredResources: 1, readyResources: 1, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [], retryCount: 0, conditions: [] },
    });
    const lists = server!.requests.filter((r) => r.path.endsWith(`/${LYNQNODE_PLURAL}`));
    expect(lists.map((r) => r.query.continue ?? '')).toEqual(['', 'page-2-of-list-1', '', 'page-2-of-list-2']);
    expect(lists.every((r) => r.query.limit === '500' && r.query.labelSelector === 'lynq.sh/hub=tenants')).toBe(true);
    // The first page comes from the watch cache; a continue token carries its own revision.
    expect(lists.map((r) => r.query.resourceVersion ?? '')).toEqual(['0', '', '0', '']);
  });

  it('a list whose token keeps expiring fails as retryable instead of looping', async () => {
    const rest = await serve([
      lynqNodeDiscovery,
      {
        method: 'GET',
        path: `/apis/${LYNQNODE_API_VERSION}/namespaces/lynq-system/${LYNQNODE_PLURAL}`,
        answer: (req) => (req.query.continue ? recordedResponse('09-list.json', 14) : lynqNodePage(['a'], 'next')),
      },
    ]);
    const err = await rest.list(LYNQNODE_API_VERSION, 'LynqNode', { namespace: 'lynq-system' }).catch((e) => e);
    expect(err).toBeInstanceOf(KubeRetryableError);
    expect(err.statusCode).toBe(410);
  });
});

describe('permanent and throttled writes', () => {
  it('a request too large for etcd is permanent and names the largest field and its size, not its value', async () => {
    const rest = await serve([{
      method: 'PATCH', path: configMapPath('node-acme', 'settings'),
      answer: { status: 500, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: request is too large', code: 500 } },
    }]);
    const huge = 'SENTINEL'.repeat(200_000);
    const err = await rest.serverSideApply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'node-acme' }, data: { notes: huge, small: 'x' } }, true).catch((e) => e);
    expect(err).toBeInstanceOf(KubePermanentError);
    expect(err.message).toContain('ConfigMap node-acme/settings is too large for the Kubernetes API');
    expect(err.message).toContain('data.notes (1.5 MiB)');
    expect(err.message).not.toContain('SENTINEL');
  });

  it('honours a short Retry-After on 429 before trying again', async () => {
    const throttled: RecordedResponse = {
      status: 429, headers: { 'Retry-After': '1' },
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Too many requests, please try again later.', reason: 'TooManyRequests', details: { retryAfterSeconds: 1 }, code: 429 },
    };
    const rest = await serve([{ method: 'GET', path: configMapPath('conf-apply', 'settings'), answer: [throttled, recordedResponse('03-server-side-apply.json', 7)] }]);
    const started = Date.now();
    const live = await rest.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'conf-apply' });
    expect(live?.metadata.name).toBe('settings');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server!.requests.filter((r) => r.path.endsWith('/settings'))).toHaveLength(2);
  });

  it('a Retry-After of 0 that keeps coming is retried a bounded number of times', async () => {
    const rest = await serve([{
      method: 'GET', path: configMapPath('conf-apply', 'settings'),
      answer: { status: 429, headers: { 'Retry-After': '0' }, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'slow down', reason: 'TooManyRequests', code: 429 } },
    }]);
    const err = await rest.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'conf-apply' }).catch((e) => e);
    expect(err).toBeInstanceOf(KubeRetryableError);
    expect(server!.requests.filter((r) => r.path.endsWith('/settings'))).toHaveLength(4);
  });

  it('a long Retry-After is not waited out in the function: the error carries it for the retry', async () => {
    const rest = await serve([{
      method: 'GET', path: configMapPath('conf-apply', 'settings'),
      answer: { status: 503, headers: { 'Retry-After': '120' }, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'unavailable', reason: 'ServiceUnavailable', code: 503 } },
    }]);
    const err = await rest.get({ apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'conf-apply' }).catch((e) => e);
    expect(err).toBeInstanceOf(KubeRetryableError);
    expect(err.retryAfterSeconds).toBe(120);
    expect(err.message).toContain('retry after 120s');
  });
});

function withContinue(page: RecordedResponse, token: string): RecordedResponse {
  const body = page.body as { metadata: Record<string, unknown> };
  return { ...page, body: { ...body, metadata: { ...body.metadata, continue: token } } };
}

function lynqNodePage(names: string[], continueToken?: string): RecordedResponse {
  return {
    status: 200,
    body: {
      apiVersion: LYNQNODE_API_VERSION, kind: 'LynqNodeList',
      metadata: { resourceVersion: '7', continue: continueToken ?? '' },
      items: names.map((name) => ({
        apiVersion: LYNQNODE_API_VERSION, kind: 'LynqNode',
        metadata: { name, namespace: 'lynq-system', resourceVersion: '5', labels: { 'lynq.sh/hub': 'tenants' } },
        spec: { uid: name, form: 'web', hubId: 'tenants', desiredHash: 'h', values: { uid: name, activate: true, notes: 'a large row value' } },
        status: { reconciledHash: 'h', desiredResources: 1, readyResources: 1, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [], retryCount: 0, conditions: [], appliedResources: [`ConfigMap/ns/${name}@cfg`], appliedRefs: [{ id: 'cfg', apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'ns' }] },
      })),
    },
  };
}

describe('applying over fields lynq-sfn wrote itself by create or update', () => {
  const node = { nodeName: 'acme-web', recordNamespace: 'lynq-system', uid: 'acme', form: 'web', hubId: 'tenants', now: new Date('2026-01-01T00:00:00Z') };
  const ours = {
    'app.kubernetes.io/managed-by': 'lynq-sfn', 'lynq.sh/uid': 'acme', 'lynq.sh/form': 'web', 'lynq.sh/hub': 'tenants',
  };
  const manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'posted', namespace: 'conf-apply' }, data: { size: 'large' } };
  const template = {
    id: 'cfg', list: 'configMaps' as const, spec: {}, nameTemplate: '', targetNamespace: '', labelsTemplate: {}, annotationsTemplate: {},
    dependIds: [], creationPolicy: 'WhenNeeded' as const, deletionPolicy: 'Delete' as const, conflictPolicy: 'Stuck' as const, patchStrategy: 'apply' as const,
    waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [],
  };
  const posted = () => {
    const body = structuredClone(recordedResponse('03-server-side-apply.json', 25).body) as { metadata: Record<string, unknown> };
    body.metadata.labels = ours;
    return { status: 200, body };
  };

  it('a conflict only with its own Update entry ("lynq-sfn" using v1) is taken over with force', async () => {
    await serve([
      { method: 'GET', path: configMapPath('conf-apply', 'posted'), answer: posted() },
      { method: 'PATCH', path: configMapPath('conf-apply', 'posted'), answer: (req) => (req.query.force === 'true' ? posted() : recordedResponse('03-server-side-apply.json', 26)) },
    ]);
    const result = await applyResource(server!.kubeConfig, { id: 'cfg', template, manifest }, node);
    expect(result.action).toBe('updated');
    expect(server!.requests.filter((r) => r.method === 'PATCH').map((r) => r.query.force ?? 'false')).toEqual(['false', 'true']);
  });

  it('a conflict with another manager still fails (conflictPolicy Stuck)', async () => {
    await serve([
      { method: 'GET', path: configMapPath('conf-apply', 'posted'), answer: posted() },
      { method: 'PATCH', path: configMapPath('conf-apply', 'posted'), answer: recordedResponse('03-server-side-apply.json', 14) },
    ]);
    const err = await applyResource(server!.kubeConfig, { id: 'cfg', template, manifest }, node).catch((e) => e);
    expect(err).toBeInstanceOf(KubeConflictError);
    expect(err.managers).toEqual(['kubectl-edit']);
    expect(server!.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});
