// The emulated API server driven by the unmodified @kubernetes/client-node.
import {
  ApiException, ApiextensionsV1Api, AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, PatchStrategy,
  setHeaderOptions, type KubernetesObject, type V1ConfigMap, type V1CustomResourceDefinition, type V1Deployment,
} from '@kubernetes/client-node';
import { type KubeEmulator, startKubeEmulator } from '../../local/kube-emulator';

type Json = Record<string, any>;

let emulator: KubeEmulator;
let kc: KubeConfig;
let objects: KubernetesObjectApi;
let core: CoreV1Api;
let apps: AppsV1Api;
let custom: CustomObjectsApi;
let crds: ApiextensionsV1Api;

beforeAll(async () => {
  emulator = await startKubeEmulator();
  kc = new KubeConfig();
  kc.loadFromFile(emulator.kubeconfigPath);
  objects = KubernetesObjectApi.makeApiClient(kc);
  core = kc.makeApiClient(CoreV1Api);
  apps = kc.makeApiClient(AppsV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  crds = kc.makeApiClient(ApiextensionsV1Api);
});
afterAll(() => emulator.stop());

/** The Status body of the API error `promise` must fail with. */
async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: Json }> {
  try {
    await promise;
  } catch (e) {
    if (!(e instanceof ApiException)) throw e;
    return { code: e.code, body: typeof e.body === 'string' ? JSON.parse(e.body) : (e.body as Json) };
  }
  throw new Error('expected the request to fail with an API error');
}

async function raw(path: string, init: RequestInit = {}): Promise<{ status: number; body: Json; contentType: string }> {
  const res = await fetch(`${emulator.url}${path}`, init);
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, contentType, body: (contentType.startsWith('application/json') ? JSON.parse(text) : text) as Json };
}

/** Polls `check` until it returns a value: the control-plane controllers act after the answer. */
async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

function deployment(name: string, ns: string, replicas: number, extra: Json = {}): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, ...extra.metadata },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    },
  };
}

function entriesOf(obj: KubernetesObject): Array<{ manager: string; operation: string; fieldsV1: Json }> {
  return (obj.metadata?.managedFields ?? []) as any;
}

describe('discovery', () => {
  test('serves /version, /api, /apis and group resource lists', async () => {
    expect((await raw('/version')).body.major).toBe('1');
    expect((await raw('/api')).body.versions).toEqual(['v1']);
    const groups = (await raw('/apis')).body.groups.map((g: Json) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'batch', 'networking.k8s.io', 'policy', 'autoscaling', 'apiextensions.k8s.io']));
    const appsV1 = (await raw('/apis/apps/v1')).body;
    expect(appsV1.resources).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'deployments', kind: 'Deployment', namespaced: true }),
      expect.objectContaining({ name: 'deployments/status' }),
    ]));
    const coreV1 = (await raw('/api/v1')).body.resources.map((r: Json) => r.name);
    expect(coreV1).toEqual(expect.arrayContaining(['namespaces', 'configmaps', 'secrets', 'services', 'serviceaccounts', 'persistentvolumeclaims', 'events']));
  });

  test('an unknown kind of a served group is a 404 Status', async () => {
    const res = await raw('/apis/apps/v1/namespaces/default/widgets');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 });
  });

  test('an unknown group is a plain-text 404, as from the real server mux', async () => {
    const res = await raw('/apis/example.com/v1/namespaces/default/widgets');
    expect(res.status).toBe(404);
    expect(res.contentType).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe('404 page not found\n');
  });
});

describe('CRUD with KubernetesObjectApi', () => {
  test('create, read, list, replace and delete a ConfigMap', async () => {
    const ns = await namespace('crud');
    const created = await objects.create<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns, labels: { app: 'x' } }, data: { a: '1' } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(Number(created.metadata?.resourceVersion)).toBeGreaterThan(0);
    const read = await objects.read<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns } });
    expect(read.data).toEqual({ a: '1' });
    const list = await objects.list('v1', 'ConfigMap', ns);
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['cfg']);
    const replaced = await objects.replace<V1ConfigMap>({ ...read, data: { a: '2' } });
    expect(replaced.data).toEqual({ a: '2' });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(Number(read.metadata?.resourceVersion));
    expect(replaced.metadata?.uid).toBe(created.metadata?.uid);
    await objects.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns } });
    const gone = await apiError(objects.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: ns } }));
    expect(gone.code).toBe(404);
    expect(gone.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'configmaps "cfg" not found' });
  });

  test('create of an existing name is 409 AlreadyExists', async () => {
    const ns = await namespace('dup');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same', namespace: ns } };
    await objects.create(cm);
    const err = await apiError(objects.create(cm));
    expect(err.code).toBe(409);
    expect(err.body).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "same" already exists' });
  });

  test('replace with a stale resourceVersion is 409 Conflict', async () => {
    const ns = await namespace('stale');
    const first = await objects.create<V1ConfigMap>({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns }, data: { v: '1' } });
    await objects.replace({ ...first, data: { v: '2' } });
    const err = await apiError(objects.replace({ ...first, data: { v: '3' } }));
    expect(err.code).toBe(409);
    expect(err.body.reason).toBe('Conflict');
    expect(err.body.message).toContain('the object has been modified');
  });

  test('invalid objects are 422 naming the field', async () => {
    const ns = await namespace('invalid');
    const noName = await apiError(objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns } }));
    expect(noName.code).toBe(422);
    expect(noName.body).toMatchObject({ kind: 'Status', reason: 'Invalid', details: { causes: [expect.objectContaining({ field: 'metadata.name' })] } });
    const badName = await apiError(objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: ns } }));
    expect(badName.code).toBe(422);
    expect(badName.body.message).toContain('metadata.name: Invalid value: "Bad_Name"');
    const badNs = await apiError(core.createNamespace({ body: { metadata: { name: 'a.b' } } }));
    expect(badNs.code).toBe(422); // namespaces must be DNS labels, dots not allowed
    const badLabel = await apiError(objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l', namespace: ns, labels: { app: 'has space' } } }));
    expect(badLabel.code).toBe(422);
    expect(badLabel.body.details.causes[0].field).toBe('metadata.labels');
  });

  test('creating in a missing namespace is 404', async () => {
    const err = await apiError(objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'does-not-exist' } }));
    expect(err.code).toBe(404);
    expect(err.body.message).toBe('namespaces "does-not-exist" not found');
  });

  test('typed CoreV1Api and AppsV1Api calls work', async () => {
    const ns = await namespace('typed');
    await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: 's' }, stringData: undefined, data: { k: Buffer.from('v').toString('base64') } } });
    expect((await core.readNamespacedSecret({ name: 's', namespace: ns })).data?.k).toBe(Buffer.from('v').toString('base64'));
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', ns, 2) });
    const list = await apps.listNamespacedDeployment({ namespace: ns });
    expect(list.items.map((d) => d.spec?.replicas)).toEqual([2]);
    const svc = await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } } });
    expect(svc.spec?.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });
});

describe('server-side apply', () => {
  const apply = (obj: Json, manager: string, force = false) => objects.patch<V1Deployment>(obj, undefined, undefined, manager, force, PatchStrategy.ServerSideApply);

  test('creates when missing and records the manager in managedFields (FieldsV1)', async () => {
    const ns = await namespace('ssa-create');
    const created = await apply(deployment('web', ns, 2), 'lynq-sfn');
    expect(created.spec?.replicas).toBe(2);
    expect(created.metadata?.generation).toBe(1);
    const [entry] = entriesOf(created);
    expect(entry).toMatchObject({ manager: 'lynq-sfn', operation: 'Apply' });
    expect(entry.fieldsV1['f:spec']['f:replicas']).toEqual({});
    expect(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"app"}']).toMatchObject({ '.': {}, 'f:image': {} });
  });

  test('updates a field it owns and bumps generation', async () => {
    const ns = await namespace('ssa-update');
    await apply(deployment('web', ns, 2), 'lynq-sfn');
    const updated = await apply(deployment('web', ns, 3), 'lynq-sfn');
    expect(updated.spec?.replicas).toBe(3);
    expect(updated.metadata?.generation).toBe(2);
    const same = await apply(deployment('web', ns, 3), 'lynq-sfn');
    expect(same.metadata?.resourceVersion).toBe(updated.metadata?.resourceVersion); // no-op apply writes nothing
  });

  test('a field set differently by another manager is a 409 conflict naming field and manager; force takes it over', async () => {
    const ns = await namespace('ssa-conflict');
    await apply(deployment('web', ns, 2), 'kubectl');
    const err = await apiError(apply(deployment('web', ns, 5), 'lynq-sfn'));
    expect(err.code).toBe(409);
    expect(err.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409 });
    expect(err.body.message).toBe('Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    expect(err.body.details.causes).toEqual([expect.objectContaining({ field: '.spec.replicas', message: 'conflict with "kubectl"', reason: 'FieldManagerConflict' })]);
    // Same value: shared ownership, no conflict.
    await apply(deployment('web', ns, 2), 'lynq-sfn');
    await apply(deployment('web', ns, 4), 'kubectl').then(
      () => { throw new Error('kubectl should now conflict with lynq-sfn'); },
      (e: ApiException<string>) => { expect(e.code).toBe(409); },
    );
    const forced = await apply(deployment('web', ns, 5), 'lynq-sfn', true);
    expect(forced.spec?.replicas).toBe(5);
    const kubectlEntry = entriesOf(forced).find((e) => e.manager === 'kubectl');
    expect(kubectlEntry?.fieldsV1['f:spec']?.['f:replicas']).toBeUndefined();
  });

  test('keeps fields owned by another manager and removes fields this manager dropped', async () => {
    const ns = await namespace('ssa-ownership');
    const withAnnotation = deployment('web', ns, 1, { metadata: { annotations: { 'lynq.sh/applied-hash': 'h1' }, labels: { tier: 'web' } } });
    await apply(withAnnotation, 'lynq-sfn');
    // Someone else adds a label with an ordinary (non-apply) merge patch.
    await objects.patch({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns, labels: { team: 'ops' } } }, undefined, undefined, 'ops-tool', undefined, PatchStrategy.MergePatch);
    const after = await apply(deployment('web', ns, 1), 'lynq-sfn'); // annotation and tier label dropped from the config
    expect(after.metadata?.labels).toEqual({ team: 'ops' });
    expect(after.metadata?.annotations).toBeUndefined();
    expect(entriesOf(after).map((e) => `${e.manager}/${e.operation}`).sort()).toEqual(['lynq-sfn/Apply', 'ops-tool/Update']);
  });

  // As a real v1.20.2 server answered the same apply: a port is keyed by number and protocol, a
  // missing protocol by its default, which the applier then does not own.
  test('keys a container port by number and protocol, a missing protocol as TCP', async () => {
    const ns = await namespace('ssa-ports');
    const manifest = deployment('web', ns, 1);
    manifest.spec.template.spec.containers[0].ports = [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }];
    const created = await apply(manifest, 'lynq-sfn');
    expect(created.spec?.template.spec?.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }]);
    const [entry] = entriesOf(created);
    expect(entry.fieldsV1['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"app"}']['f:ports']).toEqual({
      'k:{"containerPort":53,"protocol":"UDP"}': { '.': {}, 'f:containerPort': {}, 'f:protocol': {} },
      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
    });
  });

  test('dryRun=All answers the result without storing it', async () => {
    const ns = await namespace('ssa-dryrun');
    await apply(deployment('web', ns, 1), 'lynq-sfn');
    const preview = await objects.patch<V1Deployment>(deployment('web', ns, 4), undefined, 'All', 'lynq-sfn', false, PatchStrategy.ServerSideApply);
    expect(preview.spec?.replicas).toBe(4);
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: ns })).spec?.replicas).toBe(1);
  });

  test('apply requires a fieldManager', async () => {
    const ns = await namespace('ssa-nomanager');
    const res = await raw(`/apis/apps/v1/namespaces/${ns}/deployments/web`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
  });
});

describe('merge and JSON patch', () => {
  test('merge patch (RFC 7386) sets and removes keys', async () => {
    const ns = await namespace('merge');
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'm', namespace: ns }, data: { a: '1', b: '2' } });
    const patched = await core.patchNamespacedConfigMap({ name: 'm', namespace: ns, body: { data: { a: null, c: '3' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(patched.data).toEqual({ b: '2', c: '3' });
  });

  test('JSON patch (RFC 6902) applies operations in order; a failed test op is 422', async () => {
    const ns = await namespace('jsonpatch');
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'j', namespace: ns }, data: { a: '1' } });
    const ops = [{ op: 'test', path: '/data/a', value: '1' }, { op: 'add', path: '/data/b', value: '2' }, { op: 'remove', path: '/data/a' }];
    const patched = await core.patchNamespacedConfigMap({ name: 'j', namespace: ns, body: ops }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    expect(patched.data).toEqual({ b: '2' });
    const failed = await apiError(core.patchNamespacedConfigMap({ name: 'j', namespace: ns, body: [{ op: 'test', path: '/data/b', value: 'nope' }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)));
    expect(failed.code).toBe(422);
  });

  test('patching a missing object is 404', async () => {
    const ns = await namespace('patch-missing');
    const err = await apiError(core.patchNamespacedConfigMap({ name: 'nope', namespace: ns, body: { data: { a: '1' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)));
    expect(err.code).toBe(404);
  });
});

describe('status subresource and generation', () => {
  test('main endpoint ignores status; /status changes only status; generation follows spec only', async () => {
    const ns = await namespace('status');
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: { ...deployment('web', ns, 1), status: { readyReplicas: 9 } } });
    expect(created.status).toEqual({}); // the status sent is dropped; a Deployment starts with an empty one
    expect(created.metadata?.generation).toBe(1);

    const withStatus = await apps.patchNamespacedDeploymentStatus({ name: 'web', namespace: ns, body: { status: { readyReplicas: 1, observedGeneration: 1 }, spec: { replicas: 7 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(withStatus.status?.readyReplicas).toBe(1);
    expect(withStatus.spec?.replicas).toBe(1); // spec changes through /status are ignored
    expect(withStatus.metadata?.generation).toBe(1);

    const labelled = await apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: { metadata: { labels: { x: 'y' } }, status: { readyReplicas: 0 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(labelled.metadata?.generation).toBe(1); // metadata-only change
    expect(labelled.status?.readyReplicas).toBe(1); // status through the main endpoint is ignored

    const scaled = await apps.patchNamespacedDeployment({ name: 'web', namespace: ns, body: { spec: { replicas: 3 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(scaled.metadata?.generation).toBe(2);
    const read = await apps.readNamespacedDeploymentStatus({ name: 'web', namespace: ns });
    expect(read.status?.readyReplicas).toBe(1);
  });

  test('kinds without a status subresource have no /status endpoint', async () => {
    const ns = await namespace('nostatus');
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: ns } });
    expect((await raw(`/api/v1/namespaces/${ns}/configmaps/c/status`)).status).toBe(404);
  });
});

describe('deletion', () => {
  test('finalizers keep the object, marked for deletion, until they are removed', async () => {
    const ns = await namespace('finalizers');
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', namespace: ns, finalizers: ['example.com/hold'] } });
    await objects.delete({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'f', namespace: ns } });
    const held = await core.readNamespacedConfigMap({ name: 'f', namespace: ns });
    expect(held.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    await core.patchNamespacedConfigMap({ name: 'f', namespace: ns, body: { metadata: { finalizers: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect((await apiError(core.readNamespacedConfigMap({ name: 'f', namespace: ns }))).code).toBe(404);
  });

  test('deleting a namespace deletes its objects; it stays Terminating while one has a finalizer', async () => {
    const ns = await namespace('doomed');
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: ns } });
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: ns, finalizers: ['example.com/hold'] } });
    const answer = await core.deleteNamespace({ name: ns });
    expect((answer as Json).status?.phase).toBe('Terminating'); // the namespace controller works afterwards
    // The namespace controller reports what is left and why.
    const terminating = await eventually(async () => {
      const read = await core.readNamespace({ name: ns });
      return read.status?.conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') ? read : undefined;
    });
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.status?.conditions?.find((c) => c.type === 'NamespaceFinalizersRemaining')?.message).toBe('Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances');
    expect((await apiError(core.readNamespacedConfigMap({ name: 'plain', namespace: ns }))).code).toBe(404);
    const refused = await apiError(objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: ns } }));
    expect(refused.code).toBe(403);
    expect(refused.body.reason).toBe('Forbidden');
    expect(refused.body.details.causes).toEqual([{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }]);
    await core.patchNamespacedConfigMap({ name: 'held', namespace: ns, body: [{ op: 'remove', path: '/metadata/finalizers' }] }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
    await eventually(async () => ((await raw(`/api/v1/namespaces/${ns}`)).status === 404 ? true : undefined));
  });

  test('a deleted namespace stays Terminating, with its objects, until the namespace controller gets to it', async () => {
    // An emulator whose namespace controller is a minute away: what a client sees in between, without a race.
    const slow = await startKubeEmulator({ namespaceDelayMs: 60_000 });
    try {
      const slowKc = new KubeConfig();
      slowKc.loadFromFile(slow.kubeconfigPath);
      const slowCore = slowKc.makeApiClient(CoreV1Api);
      await slowCore.createNamespace({ body: { metadata: { name: 'not-at-once' } } });
      await slowCore.createNamespacedConfigMap({ namespace: 'not-at-once', body: { metadata: { name: 'plain' } } });
      await slowCore.deleteNamespace({ name: 'not-at-once' });
      await new Promise((resolve) => setTimeout(resolve, 50)); // several turns of the event loop
      expect((await slowCore.readNamespace({ name: 'not-at-once' })).status?.phase).toBe('Terminating');
      expect((await slowCore.readNamespacedConfigMap({ name: 'plain', namespace: 'not-at-once' })).metadata?.name).toBe('plain');
    } finally {
      await slow.stop();
    }
    // The default: gone soon after, its objects first.
    const ns = await namespace('gone-soon');
    await core.deleteNamespace({ name: ns });
    await eventually(async () => ((await raw(`/api/v1/namespaces/${ns}`)).status === 404 ? true : undefined));
  });

  // As a real server (v1.20.2 and v1.28) answers and lists it: no deletecollection verb on namespaces.
  test('namespaces cannot be deleted as a collection', async () => {
    const res = await raw('/api/v1/namespaces', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'MethodNotAllowed', code: 405, message: 'the server does not allow this method on the requested resource' });
    const core = (await raw('/api/v1')).body.resources as Json[];
    expect(core.find((r) => r.name === 'namespaces')?.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    expect(core.find((r) => r.name === 'configmaps')?.verbs).toContain('deletecollection');
  });

  test('an object gone at once answers a Status; a pending one answers itself, 200 either way', async () => {
    const ns = await namespace('delete-shapes');
    const gone = await raw(`/api/v1/namespaces/${ns}/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'gone' } }) });
    const deleted = await raw(`/api/v1/namespaces/${ns}/configmaps/gone`, { method: 'DELETE' });
    expect(deleted).toMatchObject({ status: 200, body: { kind: 'Status', status: 'Success', details: { name: 'gone', kind: 'configmaps', uid: gone.body.metadata.uid } } });
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: ns, finalizers: ['example.com/hold'] } });
    const pending = await raw(`/api/v1/namespaces/${ns}/configmaps/held`, { method: 'DELETE' });
    expect(pending.status).toBe(200);
    expect(pending.body.kind).toBe('ConfigMap');
    expect(pending.body.metadata.deletionTimestamp).toBeDefined();
  });
});

describe('garbage collection', () => {
  const owned = (name: string, ns: string, owner: Json, block = true) =>
    objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid, blockOwnerDeletion: block }] } });
  const deleteWith = (ns: string, name: string, propagationPolicy: string) =>
    raw(`/api/v1/namespaces/${ns}/configmaps/${name}`, { method: 'DELETE', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy }) });
  const exists = async (ns: string, name: string) => (await raw(`/api/v1/namespaces/${ns}/configmaps/${name}`)).status === 200;

  test('Background: the owner goes at once, its dependents after the answer', async () => {
    const ns = await namespace('gc-background');
    const owner = (await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: ns } })) as Json;
    await owned('child', ns, owner);
    expect((await deleteWith(ns, 'owner', 'Background')).body.kind).toBe('Status');
    await eventually(async () => (!(await exists(ns, 'child')) ? true : undefined));
  });

  test('Foreground: the owner waits, with foregroundDeletion, until its blocking dependents are gone', async () => {
    const ns = await namespace('gc-foreground');
    const owner = (await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: ns } })) as Json;
    await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', namespace: ns, finalizers: ['example.com/hold'], ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid, blockOwnerDeletion: true }] } });
    const answer = await deleteWith(ns, 'owner', 'Foreground');
    expect(answer.body.metadata.finalizers).toEqual(['foregroundDeletion']);
    const child = await eventually(async () => {
      const c = await raw(`/api/v1/namespaces/${ns}/configmaps/child`);
      return c.body.metadata?.deletionTimestamp ? c : undefined;
    });
    expect(child.status).toBe(200);
    expect(await exists(ns, 'owner')).toBe(true);
    await core.patchNamespacedConfigMap({ name: 'child', namespace: ns, body: { metadata: { finalizers: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await eventually(async () => (!(await exists(ns, 'owner')) ? true : undefined));
  });

  test('Orphan: the dependents stay, without their ownerReference', async () => {
    const ns = await namespace('gc-orphan');
    const owner = (await objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: ns } })) as Json;
    await owned('child', ns, owner);
    await deleteWith(ns, 'owner', 'Orphan');
    await eventually(async () => (!(await exists(ns, 'owner')) ? true : undefined));
    const child = await core.readNamespacedConfigMap({ name: 'child', namespace: ns });
    expect(child.metadata?.ownerReferences).toBeUndefined();
  });
});

describe('label selectors', () => {
  test('equality, inequality, exists, in and notin, in one namespace and across all', async () => {
    const a = await namespace('labels-a');
    const b = await namespace('labels-b');
    const cm = (name: string, ns: string, labels: Record<string, string>) => objects.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels } });
    await cm('one', a, { 'lynq.sh/node': 'acme', tier: 'db' });
    await cm('two', a, { 'lynq.sh/node': 'beta', tier: 'web' });
    await cm('three', b, { 'lynq.sh/node': 'acme' });
    const names = async (selector: string, ns?: string) => {
      const list = ns ? await core.listNamespacedConfigMap({ namespace: ns, labelSelector: selector }) : await core.listConfigMapForAllNamespaces({ labelSelector: selector });
      return list.items.map((i) => i.metadata?.name).sort();
    };
    expect(await names('lynq.sh/node=acme')).toEqual(['one', 'three']);
    expect(await names('lynq.sh/node==acme', a)).toEqual(['one']);
    expect(await names('lynq.sh/node!=acme,lynq.sh/node')).toEqual(['two']);
    expect(await names('tier')).toEqual(['one', 'two']);
    expect(await names('!tier,lynq.sh/node')).toEqual(['three']);
    expect(await names('tier in (db, cache)')).toEqual(['one']);
    expect(await names('tier notin (db),lynq.sh/node')).toEqual(['three', 'two']);
    const bad = await apiError(core.listConfigMapForAllNamespaces({ labelSelector: 'a in (b' }));
    expect(bad.code).toBe(400);
  });
});

describe('CRD-defined kinds', () => {
  function crd(group: string, kind: string, plural: string, scope: 'Namespaced' | 'Cluster'): V1CustomResourceDefinition {
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.${group}` },
      spec: {
        group, scope, names: { kind, plural, singular: kind.toLowerCase() },
        versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } }],
      },
    };
  }

  test('a namespaced kind is served once its CRD is Established, with a status subresource', async () => {
    const created = await crds.createCustomResourceDefinition({ body: crd('sfn.lynq.sh', 'LynqNode', 'lynqnodes', 'Namespaced') });
    expect(created.status?.conditions ?? []).toEqual([]); // the apiextensions controllers establish it afterwards
    await eventually(async () => {
      const read = await crds.readCustomResourceDefinition({ name: 'lynqnodes.sfn.lynq.sh' });
      return read.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ? true : undefined;
    });
    const ns = await namespace('crd-ns');
    const node = { apiVersion: 'sfn.lynq.sh/v1', kind: 'LynqNode', metadata: { name: 'acme-corp-db', namespace: ns }, spec: { uid: 'acme-corp' }, status: { ignored: true } };
    const stored = (await custom.createNamespacedCustomObject({ group: 'sfn.lynq.sh', version: 'v1', namespace: ns, plural: 'lynqnodes', body: node })) as Json;
    expect(stored.status).toBeUndefined();
    expect(stored.spec).toEqual({ uid: 'acme-corp' });
    await custom.patchNamespacedCustomObjectStatus({ group: 'sfn.lynq.sh', version: 'v1', namespace: ns, plural: 'lynqnodes', name: 'acme-corp-db', body: { status: { readyResources: 3 } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    const read = await objects.read<Json & KubernetesObject>({ apiVersion: 'sfn.lynq.sh/v1', kind: 'LynqNode', metadata: { name: 'acme-corp-db', namespace: ns } });
    expect(read.status).toEqual({ readyResources: 3 });
    expect(read.metadata?.generation).toBe(1);
    const all = (await custom.listCustomObjectForAllNamespaces({ group: 'sfn.lynq.sh', version: 'v1', plural: 'lynqnodes' })) as Json;
    expect(all.items.map((i: Json) => i.metadata.name)).toEqual(['acme-corp-db']);
    expect(all.kind).toBe('LynqNodeList');
  });

  test('a cluster-scoped kind is served without namespace, and goes away with its CRD', async () => {
    await crds.createCustomResourceDefinition({ body: crd('database.example.com', 'Database', 'databases', 'Cluster') });
    await custom.createClusterCustomObject({ group: 'database.example.com', version: 'v1', plural: 'databases', body: { apiVersion: 'database.example.com/v1', kind: 'Database', metadata: { name: 'db1' }, spec: { size: 1 } } });
    const applied = await objects.patch<Json & KubernetesObject>({ apiVersion: 'database.example.com/v1', kind: 'Database', metadata: { name: 'db1' }, spec: { size: 2 } }, undefined, undefined, 'lynq-sfn', true, PatchStrategy.ServerSideApply);
    expect(applied.spec).toEqual({ size: 2 });
    expect(applied.metadata?.namespace).toBeUndefined();
    expect((await raw('/apis/database.example.com/v1/namespaces/default/databases/db1')).status).toBe(404);
    await crds.deleteCustomResourceDefinition({ name: 'databases.database.example.com' });
    // The finalizer controller deletes the custom resources first, then the CRD goes.
    await eventually(async () => ((await raw('/apis/database.example.com/v1/databases')).status === 404 ? true : undefined));
  });

  test('a CRD whose name does not match plural.group is 422', async () => {
    const bad = crd('example.com', 'Thing', 'things', 'Namespaced');
    bad.metadata!.name = 'wrong.example.com';
    const err = await apiError(crds.createCustomResourceDefinition({ body: bad }));
    expect(err.code).toBe(422);
    expect(err.body.message).toContain('metadata.name');
  });
});

describe('server-side printing', () => {
  test('a Table with NAME and AGE for built-ins', async () => {
    const res = await raw('/api/v1/namespaces', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } });
    expect(res.body.kind).toBe('Table');
    expect(res.body.columnDefinitions.map((c: Json) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(res.body.rows.map((r: Json) => r.cells[0])).toEqual(expect.arrayContaining(['default', 'kube-system']));
  });

  // No recorded Table has an object-valued column; these cells follow v1.28's tableconvertor.go and
  // client-go's jsonpath PrintResults (objects as JSON since v1.19), not the older `map[k:v]` form.
  test('printer columns holding objects, arrays and several values print as kube-apiserver v1.28 does', async () => {
    const json = { 'Content-Type': 'application/json' };
    const columns = [
      { name: 'Tags', type: 'string', jsonPath: '.spec.tags' },
      { name: 'Ports', type: 'string', jsonPath: '.spec.ports' },
      { name: 'First', type: 'string', jsonPath: '.spec.items[*].name' },
      { name: 'Size', type: 'string', jsonPath: '.spec.size' },
      { name: 'Ratio', type: 'string', jsonPath: '.spec.ratio' },
      { name: 'Big', type: 'string', jsonPath: '.spec.big' },
      { name: 'Count', type: 'integer', jsonPath: '.spec.tags' },
      { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
      { name: 'Absent', type: 'string', jsonPath: '.spec.absent' },
    ];
    const crd = await raw('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', { method: 'POST', headers: json, body: JSON.stringify({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'printed.print.example.com' },
      spec: {
        group: 'print.example.com', scope: 'Cluster', names: { kind: 'Printed', plural: 'printed', singular: 'printedone' },
        versions: [{ name: 'v1', served: true, storage: true, additionalPrinterColumns: columns, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    }) });
    expect(crd.status).toBe(201);
    const spec = { tags: { zone: 'b', app: '<web> & co' }, ports: [80, 443], items: [{ name: 'x' }, { name: 'y' }], size: 3, ratio: 0.25, big: 1234567.5, replicas: 2.7 };
    await eventually(async () => {
      const created = await raw('/apis/print.example.com/v1/printed', { method: 'POST', headers: json, body: JSON.stringify({ apiVersion: 'print.example.com/v1', kind: 'Printed', metadata: { name: 'one' }, spec }) });
      return created.status === 201 ? true : undefined;
    });
    const table = await raw('/apis/print.example.com/v1/printed/one', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    expect(table.body.rows[0].cells).toEqual([
      'one', '{"app":"\\u003cweb\\u003e \\u0026 co","zone":"b"}', '[80,443]', 'x', '3', '0.25', '1.2345675e+06', null, 2, null,
    ]);
  });
});

describe('reset', () => {
  test('forgets objects and CRD-defined kinds but keeps the system namespaces', async () => {
    const other = await startKubeEmulator();
    try {
      const otherKc = new KubeConfig();
      otherKc.loadFromFile(other.kubeconfigPath);
      const otherCore = otherKc.makeApiClient(CoreV1Api);
      await otherCore.createNamespace({ body: { metadata: { name: 'temp' } } });
      await otherKc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({ body: {
        metadata: { name: 'things.example.com' },
        spec: { group: 'example.com', scope: 'Cluster', names: { kind: 'Thing', plural: 'things' }, versions: [{ name: 'v1', served: true, storage: true }] },
      } });
      other.reset();
      const names = (await otherCore.listNamespace()).items.map((n) => n.metadata?.name);
      expect(names).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
      expect((await fetch(`${other.url}/apis/example.com/v1/things`)).status).toBe(404);
    } finally {
      await other.stop();
    }
  });
});

describe('fault injection', () => {
  test('failNext answers the next matching requests with the given status, then recovers', async () => {
    emulator.failNext({ method: 'GET', pathIncludes: '/namespaces/default/configmaps' }, 429, 2);
    for (let i = 0; i < 2; i++) {
      const err = await apiError(core.listNamespacedConfigMap({ namespace: 'default' }));
      expect(err.code).toBe(429);
      expect(err.body.reason).toBe('TooManyRequests');
    }
    await expect(core.listNamespacedConfigMap({ namespace: 'default' })).resolves.toBeDefined();
    emulator.failNext({ pathIncludes: '/api/v1/namespaces/default/secrets' }, 'connection-reset');
    await expect(core.listNamespacedSecret({ namespace: 'default' })).rejects.not.toBeInstanceOf(ApiException);
    const log = emulator.requests().filter((r) => r.path.includes('/namespaces/default/configmaps'));
    expect(log.map((r) => r.status)).toEqual([429, 429, 200]);
  });
});
