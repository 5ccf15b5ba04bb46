// An in-memory Cluster (lambdas/core/contracts/cluster.ts) for unit tests of the workflow steps:
// objects in a map, resourceVersions that move on every write, discovery from a fixed kind list,
// finalizers that hold a deletion, namespaces that refuse new content while terminating. It throws
// the adapter's error classes where the real client would, so the steps take the same branches.
// Server-side apply is simplified to a merge of the body over the live object (no field ownership).
import type { Cluster, DeleteResult, ObjectRef, ResourceInfo } from '../../lambdas/core/contracts/cluster';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import {
  KubeNamespaceTerminatingError, KubeNotFoundError, KubePermanentError, KubeStaleWriteError, type KubeTarget, type KubeVerb,
} from '../../lambdas/adapters/kube-errors';

export interface FakeKind extends ResourceInfo {
  apiVersion: string;
  kind: string;
}

/** The kinds the example forms use; pass others to the constructor. */
export const DEFAULT_FAKE_KINDS: FakeKind[] = [
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', plural: 'rdsinstances', namespaced: false },
];

export interface ClusterCall {
  verb: 'get' | 'create' | 'apply' | 'dry-run-apply' | 'merge-patch' | 'replace' | 'delete';
  kind: string;
  name: string;
  namespace?: string;
}

export class InMemoryCluster implements Cluster {
  /** Every call, in order: tests assert what a step did (or did not) write. */
  readonly calls: ClusterCall[] = [];
  private readonly kinds = new Map<string, FakeKind>();
  private readonly objects = new Map<string, KubeObject>();
  private version = 0;

  constructor(kinds: FakeKind[] = DEFAULT_FAKE_KINDS) {
    for (const k of kinds) this.kinds.set(`${k.apiVersion} ${k.kind}`, k);
  }

  resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const info = this.kinds.get(`${apiVersion} ${kind}`);
    if (!info) return Promise.reject(new KubePermanentError(`unknown kind ${kind} in apiVersion ${apiVersion}`, { target: { verb: 'discover', apiVersion, kind } }));
    return Promise.resolve({ plural: info.plural, namespaced: info.namespaced });
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    this.calls.push({ verb: 'get', kind: ref.kind, name: ref.name, namespace: ref.namespace });
    const found = this.objects.get(await this.key(ref, 'get'));
    return found && structuredClone(found);
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    const ref = refOf(obj);
    this.calls.push({ verb: 'create', kind: ref.kind, name: ref.name, namespace: ref.namespace });
    const key = await this.key(ref, 'create');
    if (this.objects.has(key)) throw new KubeStaleWriteError(`${ref.kind} ${ref.name} already exists`, { statusCode: 409, reason: 'AlreadyExists', target: target('create', ref) });
    this.refuseInTerminatingNamespace(ref);
    return this.store(key, { ...structuredClone(obj), metadata: { ...structuredClone(obj.metadata), uid: `uid-${this.version + 1}`, creationTimestamp: '2026-01-01T00:00:00Z' } });
  }

  async serverSideApply(obj: KubeObject, _force: boolean, opts: { dryRun?: boolean } = {}): Promise<KubeObject> {
    const ref = refOf(obj);
    this.calls.push({ verb: opts.dryRun ? 'dry-run-apply' : 'apply', kind: ref.kind, name: ref.name, namespace: ref.namespace });
    const key = await this.key(ref, 'patch');
    const live = this.objects.get(key);
    if (!live) this.refuseInTerminatingNamespace(ref);
    const merged = mergeObjects(live ?? {}, structuredClone(obj)) as KubeObject;
    if (opts.dryRun) return merged;
    return this.store(key, merged);
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>): Promise<KubeObject> {
    this.calls.push({ verb: 'merge-patch', kind: ref.kind, name: ref.name, namespace: ref.namespace });
    const key = await this.key(ref, 'patch');
    const live = this.objects.get(key);
    if (!live) throw notFound(ref, 'patch');
    return this.store(key, mergePatch(structuredClone(live), patch) as KubeObject);
  }

  async replace(obj: KubeObject): Promise<KubeObject> {
    const ref = refOf(obj);
    this.calls.push({ verb: 'replace', kind: ref.kind, name: ref.name, namespace: ref.namespace });
    const key = await this.key(ref, 'update');
    const live = this.objects.get(key);
    if (!live) throw notFound(ref, 'update');
    const expected = obj.metadata.resourceVersion;
    if (expected !== undefined && expected !== live.metadata.resourceVersion) throw stale(ref, 'update');
    return this.store(key, structuredClone(obj));
  }

  async delete(ref: ObjectRef, precondition?: { resourceVersion?: string; uid?: string }): Promise<DeleteResult> {
    this.calls.push({ verb: 'delete', kind: ref.kind, name: ref.name, namespace: ref.namespace });
    const key = await this.key(ref, 'delete');
    const live = this.objects.get(key);
    if (!live) return 'absent';
    if (precondition?.resourceVersion !== undefined && precondition.resourceVersion !== live.metadata.resourceVersion) throw stale(ref, 'delete');
    if (Array.isArray(live.metadata.finalizers) && live.metadata.finalizers.length > 0) {
      this.store(key, { ...live, metadata: { ...live.metadata, deletionTimestamp: live.metadata.deletionTimestamp ?? '2026-01-01T00:00:00Z' } });
      return 'deleting';
    }
    this.objects.delete(key);
    return 'deleted';
  }

  /** Puts an object in place as another writer would (no call recorded). */
  async seed(obj: KubeObject): Promise<KubeObject> {
    return this.store(await this.key(refOf(obj), 'create'), structuredClone(obj));
  }

  /** Every stored object, for assertions. */
  list(): KubeObject[] {
    return [...this.objects.values()].map((o) => structuredClone(o));
  }

  /** The calls that changed something (not reads or dry runs). */
  writes(): ClusterCall[] {
    return this.calls.filter((c) => c.verb !== 'get' && c.verb !== 'dry-run-apply');
  }

  private store(key: string, obj: KubeObject): KubeObject {
    this.version++;
    obj.metadata.resourceVersion = String(this.version);
    this.objects.set(key, obj);
    return structuredClone(obj);
  }

  private refuseInTerminatingNamespace(ref: ObjectRef): void {
    if (!ref.namespace) return;
    const ns = this.objects.get(`v1 Namespace / ${ref.namespace}`);
    if (ns?.metadata.deletionTimestamp) {
      throw new KubeNamespaceTerminatingError(`${ref.kind} ${ref.name}: its namespace is being terminated (${ref.namespace})`, {
        statusCode: 403, reason: 'NamespaceTerminating', target: target('create', ref),
      });
    }
  }

  private async key(ref: ObjectRef, verb: KubeVerb): Promise<string> {
    const info = await this.resourceInfo(ref.apiVersion, ref.kind);
    if (info.namespaced && !ref.namespace) throw new KubePermanentError(`cannot ${verb} ${ref.kind}: it is namespaced but metadata.namespace is missing`, { target: target(verb, ref) });
    return `${ref.apiVersion} ${ref.kind} ${info.namespaced ? ref.namespace : ''} ${ref.name}`.replace('  ', ' / ');
  }
}

function refOf(obj: KubeObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace };
}

function target(verb: KubeVerb, ref: ObjectRef): KubeTarget {
  return { verb, apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace };
}

function notFound(ref: ObjectRef, verb: KubeVerb): KubeNotFoundError {
  return new KubeNotFoundError(`${ref.kind} ${ref.name} not found`, { statusCode: 404, target: target(verb, ref) });
}

function stale(ref: ObjectRef, verb: KubeVerb): KubeStaleWriteError {
  return new KubeStaleWriteError(`${ref.kind} ${ref.name} was changed since it was read`, { statusCode: 409, reason: 'Conflict', target: target(verb, ref) });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key, anything else (arrays included) is replaced: roughly what an apply of the whole body does. */
function mergeObjects(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeObjects(base[k], v);
  return out;
}

/** RFC 7386: null removes a key, objects merge, anything else replaces. */
function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) Reflect.deleteProperty(out, k);
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
