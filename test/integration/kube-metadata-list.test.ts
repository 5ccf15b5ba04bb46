// Metadata-only LISTs (Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1),
// as the real apiserver serves them and as the drift detection round reads them: every item is
// `{kind: PartialObjectMetadata, apiVersion: meta.k8s.io/v1, metadata}` with managedFields, pages
// follow limit/continue, and an empty continue of a custom resource list is omitted.
import { KubeConfig } from '@kubernetes/client-node';
import { type KubeEmulator, startKubeEmulator } from '../../local/kube-emulator';
import { ACCEPT_METADATA_LIST, KubeRest } from '../../lambdas/adapters/kube-rest';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { listManagedMetadata, type ListCost } from '../../lambdas/adapters/managed-object-metadata';

type Json = Record<string, any>;
let emulator: KubeEmulator;
let kc: KubeConfig;

async function get(path: string, accept: string): Promise<{ status: number; contentType: string; body: Json }> {
  const res = await fetch(`${emulator.url}${path}`, { headers: { Accept: accept } });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as Json };
}

beforeAll(async () => {
  emulator = await startKubeEmulator();
  kc = new KubeConfig();
  kc.loadFromFile(emulator.kubeconfigPath);
  const rest = KubeRest.for(kc);
  await rest.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'meta' } });
  for (const [name, hub] of [['a', 'h1'], ['b', 'h1'], ['c', 'h1'], ['d', 'h2']]) {
    await rest.serverSideApply({
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: { name, namespace: 'meta', labels: { 'app.kubernetes.io/managed-by': 'lynq-sfn', 'lynq.sh/hub': hub } },
      data: { secretish: 'value-that-must-not-be-listed' },
    }, true);
  }
});
afterAll(() => emulator.stop());

test('a metadata-only list page: PartialObjectMetadata items with managedFields, no data, continue and remainingItemCount kept', async () => {
  const page = await get('/api/v1/namespaces/meta/configmaps?limit=2', ACCEPT_METADATA_LIST);
  expect(page.status).toBe(200);
  expect(page.contentType).toBe('application/json');
  expect(page.body).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { remainingItemCount: 2 } });
  expect(page.body.items.map((i: Json) => [i.kind, i.apiVersion, i.metadata.name])).toEqual([
    ['PartialObjectMetadata', 'meta.k8s.io/v1', 'a'], ['PartialObjectMetadata', 'meta.k8s.io/v1', 'b'],
  ]);
  expect(page.body.items[0].metadata.managedFields[0]).toMatchObject({ manager: 'lynq-sfn', operation: 'Apply', fieldsType: 'FieldsV1' });
  expect(JSON.stringify(page.body)).not.toContain('value-that-must-not-be-listed');
  const next = await get(`/api/v1/namespaces/meta/configmaps?limit=2&continue=${encodeURIComponent(page.body.metadata.continue)}`, ACCEPT_METADATA_LIST);
  expect(next.body.items.map((i: Json) => i.metadata.name)).toEqual(['c', 'd']);
  expect(next.body.metadata.continue).toBeUndefined();
});

test('one object as PartialObjectMetadata; v1beta1 is served too; without the parameter the full object comes back', async () => {
  const one = await get('/api/v1/namespaces/meta/configmaps/a', 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1');
  expect(one.body).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1beta1', metadata: { name: 'a', namespace: 'meta' } });
  expect(one.body.data).toBeUndefined();
  const full = await get('/api/v1/namespaces/meta/configmaps/a', 'application/json');
  expect(full.body.data).toEqual({ secretish: 'value-that-must-not-be-listed' });
});

test('a custom resource list omits the empty continue a full list carries', async () => {
  await new LynqNodeStore(kc, 'meta').ensureCrd();
  const full = await get('/apis/sfn.lynq.sh/v1/lynqnodes', 'application/json');
  expect(full.body.metadata.continue).toBe('');
  const partial = await get('/apis/sfn.lynq.sh/v1/lynqnodes', ACCEPT_METADATA_LIST);
  expect(partial.body).toEqual({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: full.body.metadata.resourceVersion }, items: [] });
});

test('the drift round\'s LIST: selected by the hub\'s tracking labels, page by page, with its cost counted', async () => {
  const cost: ListCost = { calls: 0, bytes: 0, items: 0 };
  const items = await listManagedMetadata(kc, 'h1', 'v1', 'ConfigMap', cost, 2);
  expect(items.map((i) => [i.apiVersion, i.kind, i.metadata.namespace, i.metadata.name])).toEqual([['v1', 'ConfigMap', 'meta', 'a'], ['v1', 'ConfigMap', 'meta', 'b'], ['v1', 'ConfigMap', 'meta', 'c']]);
  // Only lynq-sfn manages them: nothing can have been taken, so no managedFields are kept.
  expect(items[0].metadata.managedFields).toEqual([]);
  expect(cost).toMatchObject({ calls: 2, items: 3 });
  expect(cost.bytes).toBeGreaterThan(0);
});
