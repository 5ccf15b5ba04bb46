// The REST verbs on objects, with the apiserver's semantics: create/update/patch/apply/delete,
// resourceVersion preconditions, generation, status subresource, finalizers, namespace lifecycle
// and CRDs that start (and stop) serving their kinds.
import { randomBytes, randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { KubeApiError, badRequest, notFound } from './api-error';
import { CRD_GROUP, CRD_PLURAL } from './builtin-types';
import { rfc3339 } from './clock-format';
import { crdTerminatingStatus, initialCrdStatus, resourceTypeFromCrd } from './crd-definition';
import { type FieldSelector } from './field-selector';
import { useSchemaOf } from './field-path';
import { applyJsonPatch } from './json-patch';
import { sortStringMaps } from './go-map-order';
import { type JsonObject, type JsonValue, type KubeObject, cloneJson, isJsonObject, jsonText, objectItems } from './json-types';
import { type LabelSelector } from './label-selector';
import { type WriteScope, recordUpdate } from './managed-fields';
import { applyMergePatch } from './merge-patch';
import { strategicMerge } from './strategic-merge-patch';
import { decodeContinue, encodeContinue, expired } from './list-pages';
import { ObjectStore } from './object-store';
import { validateObject } from './object-validation';
import { checkApplyTyped, checkDecodable, checkPatchedDecodable } from './typed-decoding';
import { applyBuiltinDefaults } from './builtin-defaults';
import { pruneUnknown, validateAgainst } from './crd-schema';
import { ResourceRegistry } from './resource-registry';
import { type ResourceType, apiVersionOf, preferredVersion, servedVersion } from './resource-type';
import { serverSideApply } from './server-side-apply';

export interface Target {
  type: ResourceType;
  version: string;
  namespace?: string;
  name?: string;
  scope: WriteScope;
}

export interface ListPage {
  limit?: number;
  continueToken?: string;
  /** A label or field selector applies (no remainingItemCount then). */
  filtered?: boolean;
  /** The `resourceVersion` parameter: "0" is served from the watch cache, which ignores `limit` (v1.28). */
  resourceVersion?: string;
}

export interface WriteOptions {
  /** fieldManager query parameter, or the manager derived from the User-Agent. */
  manager: string;
  explicitManager: boolean;
  force: boolean;
  dryRun: boolean;
  /** fieldValidation: Strict | Warn (default) | Ignore. */
  fieldValidation?: string;
}

export type PatchType = 'apply' | 'merge' | 'strategic' | 'json';

export interface WriteResult {
  obj: KubeObject;
  created: boolean;
}

/** The apiextensions server's finalizer: a CRD goes once its custom resources are removed. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** A Secret's stringData is merged into data (base64) and never stored; type defaults to Opaque. */
function secretDefaults(obj: KubeObject): void {
  if (isJsonObject(obj.stringData)) {
    const data = isJsonObject(obj.data) ? obj.data : {};
    for (const [k, v] of Object.entries(obj.stringData)) if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
  obj.type ??= 'Opaque';
}

/** The answer to a DELETE that removed the object at once. */
function deletedStatus(type: ResourceType, obj: KubeObject): JsonObject {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success',
    details: { name: obj.metadata.name, ...(type.group ? { group: type.group } : {}), kind: type.plural, uid: obj.metadata.uid },
  };
}

const IMMUTABLE_METADATA = ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function resourceLabel(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

function hasStatus(target: Target): boolean {
  return servedVersion(target.type, target.version)?.hasStatus ?? false;
}

/** Everything but metadata (and status where it is a subresource): what bumps `generation`. */
function specOf(obj: KubeObject, statusIsSubresource: boolean): JsonObject {
  const out = { ...obj } as JsonObject;
  delete out.metadata;
  delete out.apiVersion;
  delete out.kind;
  if (statusIsSubresource) delete out.status;
  return out;
}

export class ResourceOperations {
  readonly registry = new ResourceRegistry();
  readonly store = new ObjectStore();
  /** Warning headers of the request being served (the router clears and sends them). */
  warnings: string[] = [];
  private nextClusterIp = 1;
  private nextNodePort = 0;
  /** Continue tokens from revisions up to this one are expired (the seeded cluster state). */
  private compactedRevision = 0;

  constructor() {
    this.seedSystemNamespaces();
    this.compactedRevision = Number(this.store.currentResourceVersion());
  }

  /**
   * etcd compaction: every continue token handed out so far is expired (410) from now on. The
   * revision moves on first, as writes elsewhere in a cluster make it, so new lists stay valid.
   */
  compact(): void {
    this.compactedRevision = Number(this.store.currentResourceVersion());
    this.store.advanceRevision();
  }

  reset(): void {
    for (const t of this.registry.all()) if (t.definedByCrd) this.registry.unregisterCrd(t.definedByCrd);
    this.store.clear();
    this.seedSystemNamespaces();
    this.compactedRevision = Number(this.store.currentResourceVersion());
  }

  private seedSystemNamespaces(): void {
    const nsType = this.registry.byPlural('', 'v1', 'namespaces')!;
    for (const name of SYSTEM_NAMESPACES) {
      this.store.put(nsType, {
        metadata: { name, uid: randomUUID(), creationTimestamp: rfc3339(), labels: { 'kubernetes.io/metadata.name': name } },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
  }

  /** The object as served at the requested version. */
  present(target: Target, obj: KubeObject): KubeObject {
    return { ...obj, apiVersion: apiVersionOf(target.type.group, target.version), kind: target.type.kind };
  }

  get(target: Target): KubeObject {
    const obj = this.store.get(target.type, target.namespace, target.name!);
    if (!obj) throw notFound(target.type.plural, target.name!, target.type.group);
    return this.present(target, obj);
  }

  /**
   * A list page. Built-in kinds serve their items without apiVersion/kind, custom resources with
   * them (and an empty `continue`), as the real server does.
   */
  list(target: Target, labels: LabelSelector, fields: FieldSelector, page: ListPage = {}): JsonObject {
    const current = Number(this.store.currentResourceVersion());
    const keyOf = (o: KubeObject) => (target.namespace === undefined && o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name!);
    let after: string | undefined;
    if (page.continueToken && page.resourceVersion) throw badRequest('specifying resource version is not allowed when using continue');
    if (page.continueToken) {
      const token = decodeContinue(page.continueToken);
      if (token.rv <= this.compactedRevision) throw expired(encodeContinue({ rv: current, start: token.start }));
      after = token.start;
    }
    // resourceVersion=0 is answered by the watch cache, which in v1.28 serves the whole list:
    // `limit` is ignored, no continue token (the cacher delegates to etcd only with a limit and another version).
    const fromWatchCache = page.resourceVersion === '0';
    const limit = page.limit && page.limit > 0 && !fromWatchCache ? page.limit : undefined;
    // Stored copies, not cloned: the page is only serialised (present() copies the top level).
    const stored = this.store.page(target.type, target.namespace, (o) => labels(o.metadata.labels) && fields(o), after, limit, !page.filtered);
    const items = stored.items.map((o) => this.present(target, o as KubeObject));
    const metadata: JsonObject = { resourceVersion: String(current) };
    const custom = target.type.definedByCrd !== undefined;
    if (limit && stored.remaining > 0) {
      metadata.continue = encodeContinue({ rv: current, start: keyOf(items[items.length - 1]) });
      if (!page.filtered) metadata.remainingItemCount = stored.remaining;
    } else if (custom) {
      metadata.continue = '';
    }
    if (!custom) for (const item of items) {
      delete item.apiVersion;
      delete item.kind;
    }
    return {
      kind: target.type.listKind,
      apiVersion: apiVersionOf(target.type.group, target.version),
      metadata,
      items: items,
    };
  }


  // ---- create ----------------------------------------------------------------------------

  create(target: Target, body: unknown, opts: WriteOptions): KubeObject {
    useSchemaOf(target.type.definedByCrd ? 'custom' : 'builtin');
    const obj = this.checkBody(target, body, false);
    checkDecodable(target.type, target.version, obj);
    this.pruneCustom(target, obj, opts);
    this.ensureNamespaceAcceptsNew(target, obj.metadata.name || obj.metadata.generateName || '');
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomBytes(4).toString('hex').slice(0, 5)}`;
    }
    validateObject(target.type, obj);
    if (hasStatus(target)) delete obj.status;
    this.validateCustom(target, obj);
    if (this.store.get(target.type, target.namespace, obj.metadata.name!)) {
      throw new KubeApiError(409, 'AlreadyExists', `${resourceLabel(target.type)} "${obj.metadata.name}" already exists`, {
        name: obj.metadata.name, group: target.type.group || undefined, kind: target.type.plural,
      });
    }
    const now = rfc3339();
    Object.assign(obj.metadata, { uid: randomUUID(), creationTimestamp: now, ...(target.type.hasGeneration ? { generation: 1 } : {}) });
    for (const f of ['resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields']) delete obj.metadata[f];
    if (!target.type.hasGeneration) delete obj.metadata.generation;
    if (hasStatus(target)) delete obj.status;
    // Defaults are filled in before ownership is computed: the creator owns them (as on a real server).
    this.applyCreateDefaults(target.type, obj, now);
    recordUpdate(undefined, obj, opts.manager, 'main', hasStatus(target), apiVersionOf(target.type.group, target.version), now);
    this.applyUnownedDefaults(target.type, obj);
    return this.commit(target, undefined, obj, opts);
  }

  /**
   * What the namespace strategy and the Service allocators set after field ownership is computed
   * (nobody owns them): a namespace's finalizer, a Service's cluster IP, IP families and node ports.
   */
  private applyUnownedDefaults(type: ResourceType, obj: KubeObject): void {
    if (type.group === '' && type.kind === 'Namespace') obj.spec = { finalizers: ['kubernetes'], ...(isJsonObject(obj.spec) ? obj.spec : {}) };
    if (type.group === '' && type.kind === 'Service' && isJsonObject(obj.spec)) this.allocateServiceAddresses(obj.spec);
  }

  private allocateServiceAddresses(spec: JsonObject): void {
    if (spec.type === 'ExternalName') return;
    if (spec.clusterIP === undefined || spec.clusterIP === '') {
      const n = this.nextClusterIp++;
      spec.clusterIP = `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
    }
    if (typeof spec.clusterIP === 'string') spec.clusterIPs ??= [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      for (const port of objectItems(spec.ports)) port.nodePort ??= 30000 + (this.nextNodePort++ % 2768);
    }
  }

  /** What the real apiserver fills in on create. */
  private applyCreateDefaults(type: ResourceType, obj: KubeObject, _now: string): void {
    applyBuiltinDefaults(type, obj);
    if (type.group === '' && type.kind === 'Secret') secretDefaults(obj);
    if (type.group === 'apps' && type.kind === 'Deployment' && !isJsonObject(obj.status)) obj.status = {};
    if (type.group === '' && type.kind === 'Service' && !isJsonObject(obj.status)) obj.status = { loadBalancer: {} };
    if (type.group === '' && type.kind === 'Namespace') {
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name! };
      obj.status = { phase: 'Active' };
    }
    if (type.group === CRD_GROUP && type.plural === CRD_PLURAL) {
      resourceTypeFromCrd(obj); // validates before anything is stored
      const spec = isJsonObject(obj.spec) ? obj.spec : {};
      spec.conversion ??= { strategy: 'None' };
      obj.spec = spec;
      // Names are accepted and the CRD Established by the apiextensions controllers, afterwards.
      obj.status = initialCrdStatus(obj);
    }
  }

  // ---- update / patch / apply -------------------------------------------------------------

  update(target: Target, body: unknown, opts: WriteOptions): KubeObject {
    useSchemaOf(target.type.definedByCrd ? 'custom' : 'builtin');
    const incoming = this.checkBody(target, body, true);
    checkDecodable(target.type, target.version, incoming);
    this.pruneCustom(target, incoming, opts);
    const existing = this.store.get(target.type, target.namespace, target.name!);
    if (!existing) throw notFound(target.type.plural, target.name!, target.type.group);
    if (target.type.definedByCrd && !incoming.metadata.resourceVersion) {
      // Custom resources allow no unconditional update.
      throw new KubeApiError(422, 'Invalid', `${resourceLabel(target.type)} "${target.name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`, {
        name: target.name, group: target.type.group, kind: target.type.plural,
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: 0x0: must be specified for an update', field: 'metadata.resourceVersion' }],
      });
    }
    this.checkResourceVersion(target, existing, incoming.metadata.resourceVersion);
    return this.writeOver(target, existing, incoming, opts);
  }

  patch(target: Target, patchType: PatchType, body: unknown, opts: WriteOptions): WriteResult {
    useSchemaOf(target.type.definedByCrd ? 'custom' : 'builtin');
    const existing = this.store.get(target.type, target.namespace, target.name!);
    if (patchType === 'apply') return this.apply(target, existing, body, opts);
    if (!existing) throw notFound(target.type.plural, target.name!, target.type.group);
    const current = this.present(target, existing) as JsonValue;
    const patched =
      patchType === 'json'
        ? applyJsonPatch(current, body)
        : patchType === 'strategic'
          ? strategicMerge(current, (isJsonObject(body) ? body : {}))
          : applyMergePatch(current, (isJsonObject(body) ? body : {}));
    if (!isJsonObject(patched) || !isJsonObject(patched.metadata)) throw badRequest('the patch removed the object metadata');
    const incoming = patched as KubeObject;
    checkPatchedDecodable(target.type, incoming);
    this.pruneCustom(target, incoming, opts);
    if (incoming.metadata.name !== target.name) throw badRequest(`the name of the object (${incoming.metadata.name}) does not match the name on the URL (${target.name})`);
    this.checkResourceVersion(target, existing, incoming.metadata.resourceVersion);
    return { obj: this.writeOver(target, existing, incoming, opts), created: false };
  }

  private apply(target: Target, existing: KubeObject | undefined, body: unknown, opts: WriteOptions): WriteResult {
    if (!opts.explicitManager) {
      throw new KubeApiError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
        group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      });
    }
    if (isJsonObject(body) && (!body.apiVersion || !body.kind)) throw badRequest(`invalid object type: ${jsonText(body.apiVersion)}, Kind=${jsonText(body.kind)}`.replace(': , Kind', ': /, Kind'));
    const applied = this.checkBody(target, body, true);
    checkApplyTyped(target.type, apiVersionOf(target.type.group, target.version), target.name!, applied);
    this.pruneCustom(target, applied, opts);
    if (!existing && target.scope === 'status') throw notFound(target.type.plural, target.name!, target.type.group);
    const now = rfc3339();
    const apiVersion = apiVersionOf(target.type.group, target.version);
    const merged = serverSideApply({
      live: existing ? this.present(target, existing) : undefined,
      applied,
      manager: opts.manager,
      force: opts.force,
      scope: target.scope,
      hasStatus: hasStatus(target),
      apiVersion,
      now,
    });
    merged.metadata.name = target.name;
    if (target.type.namespaced) merged.metadata.namespace = target.namespace;
    if (existing) {
      this.checkResourceVersion(target, existing, applied.metadata.resourceVersion);
      return { obj: this.writeOver(target, existing, merged, opts, true), created: false };
    }
    this.ensureNamespaceAcceptsNew(target, target.name!);
    validateObject(target.type, merged);
    this.validateCustom(target, merged);
    Object.assign(merged.metadata, { uid: randomUUID(), creationTimestamp: now, ...(target.type.hasGeneration ? { generation: 1 } : {}) });
    this.applyCreateDefaults(target.type, merged, now);
    this.applyUnownedDefaults(target.type, merged);
    return { obj: this.commit(target, undefined, merged, opts), created: true };
  }

  /** Replaces `existing` by `incoming` within the target's scope (main object or status). */
  private writeOver(target: Target, existing: KubeObject, incoming: KubeObject, opts: WriteOptions, managedFieldsDone = false): KubeObject {
    const statusSub = hasStatus(target);
    let next: KubeObject;
    if (target.scope === 'status') {
      next = cloneJson(existing);
      if (incoming.status === undefined) delete next.status;
      else next.status = cloneJson(incoming.status);
      if (managedFieldsDone) next.metadata.managedFields = incoming.metadata.managedFields;
    } else {
      next = cloneJson(incoming);
      next.metadata = isJsonObject(next.metadata) ? next.metadata : {};
      if (statusSub) {
        if (existing.status === undefined) delete next.status;
        else next.status = cloneJson(existing.status);
      }
      if (!managedFieldsDone) next.metadata.managedFields = existing.metadata.managedFields;
      applyBuiltinDefaults(target.type, next); // defaulting runs on every write, as decoding does
      if (target.type.group === '' && target.type.kind === 'Secret') secretDefaults(next);
    }
    const meta = next.metadata as JsonObject;
    for (const f of IMMUTABLE_METADATA) {
      if (existing.metadata[f] === undefined) delete meta[f];
      else meta[f] = existing.metadata[f];
    }
    if (target.type.hasGeneration) {
      next.metadata.generation = existing.metadata.generation;
      if (!isDeepStrictEqual(specOf(existing, statusSub), specOf(next, statusSub))) {
        next.metadata.generation = (existing.metadata.generation ?? 0) + 1;
      }
    } else {
      delete next.metadata.generation;
    }
    validateObject(target.type, next);
    this.checkNoNewFinalizers(target, existing, next);
    this.validateCustom(target, next);
    if (target.type.group === CRD_GROUP && target.type.plural === CRD_PLURAL) {
      resourceTypeFromCrd(next);

    }
    if (!managedFieldsDone) {
      recordUpdate(this.present(target, existing), next, opts.manager, target.scope, statusSub, apiVersionOf(target.type.group, target.version), rfc3339());
    }
    return this.commit(target, existing, next, opts);
  }

  /** Stores (unless dry run) and runs the follow-ups: CRD serving, finishing deletions. */
  private commit(target: Target, existing: KubeObject | undefined, next: KubeObject, opts: WriteOptions): KubeObject {
    sortStringMaps(target.type, next);
    const comparable = (o: KubeObject) => ({ ...o, apiVersion: undefined, kind: undefined, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
    if (existing && isDeepStrictEqual(comparable(existing), comparable(next)) && isDeepStrictEqual(existing.metadata.managedFields?.map((m) => m.fieldsV1), next.metadata.managedFields?.map((m) => m.fieldsV1))) {
      return this.present(target, existing); // a no-op write does not bump resourceVersion
    }
    if (opts.dryRun) return this.present(target, { ...next, metadata: { ...next.metadata, resourceVersion: existing?.metadata.resourceVersion } });
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && !this.isNamespace(target.type)) {
      // The write that removes the last finalizer deletes the object; the answer is the object
      // as written, still at its previous resourceVersion.
      this.removeNow(target.type, next);
      return this.present(target, { ...next, metadata: { ...next.metadata, resourceVersion: existing?.metadata.resourceVersion } });
    }
    const stored = this.store.put(target.type, next);
    if (target.type.group === CRD_GROUP && target.type.plural === CRD_PLURAL) this.registry.register(resourceTypeFromCrd(stored));
    return this.present(target, stored);
  }

  // ---- delete -----------------------------------------------------------------------------

  /**
   * DELETE: a `Status` when the object is gone at once, the object (200 as well) while finalizers,
   * a propagation policy or the namespace controller keep it. Dependents and namespace content
   * are left to the control-plane controllers, which run after the answer, as on a real cluster.
   */
  delete(target: Target, body: unknown, opts: WriteOptions): JsonObject {
    const existing = this.store.get(target.type, target.namespace, target.name!);
    if (!existing) throw notFound(target.type.plural, target.name!, target.type.group);
    const options = isJsonObject(body) ? body : {};
    const preconditions = isJsonObject(options.preconditions) ? options.preconditions : {};
    const conflict = (message: string) =>
      new KubeApiError(409, 'Conflict', `Operation cannot be fulfilled on ${target.type.kind} "${target.name}": ${message}`, { name: target.name, group: target.type.group || undefined, kind: target.type.kind });
    if (preconditions.uid !== undefined && preconditions.uid !== existing.metadata.uid) {
      throw conflict(`the UID in the precondition (${jsonText(preconditions.uid)}) does not match the UID in record (${existing.metadata.uid}). The object might have been deleted and then recreated`);
    }
    if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(`the ResourceVersion in the precondition (${jsonText(preconditions.resourceVersion)}) does not match the ResourceVersion in record (${existing.metadata.resourceVersion}). The object might have been modified`);
    }
    const policy = typeof options.propagationPolicy === 'string' ? options.propagationPolicy : undefined;
    const result = this.deleteObject(target.type, existing, policy, opts.dryRun);
    return result.pending ? this.present(target, result.obj) : deletedStatus(target.type, result.obj);
  }

  deleteCollection(target: Target, labels: LabelSelector, fields: FieldSelector, opts: WriteOptions): JsonObject {
    const victims = this.store.list(target.type, target.namespace, (o) => labels(o.metadata.labels) && fields(o));
    const items = victims.map((o) => this.deleteObject(target.type, o, undefined, opts.dryRun).obj);
    return {
      kind: target.type.listKind,
      apiVersion: apiVersionOf(target.type.group, target.version),
      metadata: { resourceVersion: this.store.currentResourceVersion() },
      items: items.map((o) => this.present(target, o)),
    };
  }

  private isNamespace(type: ResourceType): boolean {
    return type.group === '' && type.plural === 'namespaces';
  }

  /**
   * Deletes now, or marks for deletion: an object with finalizers (a Foreground or Orphan policy
   * adds the garbage collector's own), a namespace (the namespace controller empties it first).
   * A second DELETE of an object already marked changes nothing.
   */
  deleteObject(type: ResourceType, existing: KubeObject, policy?: string, dryRun = false): { obj: KubeObject; pending: boolean } {
    if (existing.metadata.deletionTimestamp) return { obj: existing, pending: true };
    const finalizers = [...(existing.metadata.finalizers ?? [])];
    const gcFinalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    if (gcFinalizer && !finalizers.includes(gcFinalizer)) finalizers.push(gcFinalizer);
    if (type.group === CRD_GROUP && type.plural === CRD_PLURAL && !finalizers.includes(CRD_CLEANUP_FINALIZER)) finalizers.push(CRD_CLEANUP_FINALIZER);
    const namespace = this.isNamespace(type);
    const crd = type.group === CRD_GROUP && type.plural === CRD_PLURAL;
    if (finalizers.length === 0 && !namespace) return { obj: dryRun ? existing : this.removeNow(type, existing), pending: false };
    const marked = cloneJson(existing);
    marked.metadata.deletionTimestamp = rfc3339();
    if (!namespace && !crd) marked.metadata.deletionGracePeriodSeconds = 0;
    if (crd) marked.status = crdTerminatingStatus(marked);
    if (finalizers.length > 0) marked.metadata.finalizers = finalizers;
    if (namespace) marked.status = { ...(isJsonObject(marked.status) ? marked.status : {}), phase: 'Terminating' };
    if (dryRun) return { obj: marked, pending: true };
    return { obj: this.store.put(type, marked), pending: true };
  }

  removeNow(type: ResourceType, obj: KubeObject): KubeObject {
    this.store.remove(type, obj.metadata.namespace, obj.metadata.name!);
    if (type.group === CRD_GROUP && type.plural === CRD_PLURAL) {
      const served = this.registry.unregisterCrd(obj.metadata.name!);
      if (served) this.store.dropType(served);
    }
    return obj;
  }

  // ---- checks -----------------------------------------------------------------------------

  /** Nothing may add a finalizer to an object being deleted (the server reports it twice). */
  private checkNoNewFinalizers(target: Target, existing: KubeObject, next: KubeObject): void {
    if (!existing.metadata.deletionTimestamp) return;
    const added = (next.metadata.finalizers ?? []).filter((f) => !(existing.metadata.finalizers ?? []).includes(f));
    if (added.length === 0) return;
    const message = `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`;
    const cause = { reason: 'FieldValueForbidden', message, field: 'metadata.finalizers' };
    throw new KubeApiError(422, 'Invalid', `${target.type.kind} "${target.name}" is invalid: metadata.finalizers: ${message}`, {
      name: target.name, group: target.type.group || undefined, kind: target.type.kind, causes: [cause, cause],
    });
  }

  /** Prunes fields a custom resource's schema does not know (Warning, or 400 when Strict). */
  private pruneCustom(target: Target, obj: KubeObject, opts: WriteOptions): void {
    const schema = servedVersion(target.type, target.version)?.schema;
    if (!target.type.definedByCrd || !schema) return;
    const unknown = pruneUnknown(schema, obj);
    if (unknown.length === 0 || opts.fieldValidation === 'Ignore') return;
    if (opts.fieldValidation === 'Strict') {
      throw badRequest(`${target.type.kind} in version "${target.version}" cannot be handled as a ${target.type.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
    }
    this.warnings.push(...unknown.map((u) => `unknown field "${u}"`));
  }

  /** Validates a custom resource against its schema: the whole object, or its status alone. */
  private validateCustom(target: Target, obj: KubeObject): void {
    const schema = servedVersion(target.type, target.version)?.schema;
    if (!target.type.definedByCrd || !schema) return;
    const statusSchema = isJsonObject(schema.properties) && isJsonObject(schema.properties.status) ? schema.properties.status : undefined;
    const causes = target.scope === 'status' ? validateAgainst(statusSchema, obj.status, '', false) : validateAgainst(schema, obj);
    if (causes.length === 0) return;
    const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
    const name = obj.metadata.name ?? '';
    throw new KubeApiError(422, 'Invalid', `${target.type.kind}.${target.type.group} "${name}" is invalid: ${causes.length > 1 ? `[${summary}]` : summary}`, {
      name, group: target.type.group, kind: target.type.kind, causes,
    });
  }

  /** Body shape, apiVersion/kind, and name/namespace agreement with the URL. */
  private checkBody(target: Target, body: unknown, nameFromUrl: boolean): KubeObject {
    if (!isJsonObject(body)) throw badRequest('the request body must be a JSON or YAML object');
    const obj = cloneJson(body) as KubeObject;
    obj.metadata = isJsonObject(obj.metadata) ? obj.metadata : {};
    const expected = apiVersionOf(target.type.group, target.version);
    if (obj.apiVersion !== undefined && obj.apiVersion !== expected && obj.apiVersion !== apiVersionOf(target.type.group, preferredVersion(target.type))) {
      throw badRequest(`the API version in the data (${jsonText(obj.apiVersion)}) does not match the expected API version (${expected})`);
    }
    if (obj.kind !== undefined && obj.kind !== target.type.kind) {
      const version = jsonText(obj.apiVersion).split('/').pop();
      throw badRequest(`${jsonText(obj.kind)} in version "${version}" cannot be handled as a ${target.type.kind}: converting (${version}.${jsonText(obj.kind)}) to (${target.type.group || 'core'}.${target.type.kind}): unknown conversion`);
    }
    if (target.type.namespaced) {
      if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== '' && obj.metadata.namespace !== target.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = target.namespace;
    } else {
      delete obj.metadata.namespace;
    }
    if (nameFromUrl) {
      if (obj.metadata.name !== undefined && obj.metadata.name !== target.name) {
        throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${target.name})`);
      }
      obj.metadata.name = target.name;
    }
    return obj;
  }

  private checkResourceVersion(target: Target, existing: KubeObject, wanted: string | undefined): void {
    if (wanted !== undefined && wanted !== '' && !/^\d+$/.test(wanted)) {
      throw new KubeApiError(500, undefined, `strconv.ParseUint: parsing ${JSON.stringify(wanted)}: invalid syntax`);
    }
    if (wanted !== undefined && wanted !== '' && wanted !== existing.metadata.resourceVersion) {
      throw new KubeApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${resourceLabel(target.type)} "${target.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: target.name, group: target.type.group || undefined, kind: target.type.plural },
      );
    }
  }

  /** NamespaceLifecycle admission: new objects need an existing, non-terminating namespace. */
  private ensureNamespaceAcceptsNew(target: Target, name: string): void {
    if (!target.type.namespaced) return;
    const ns = this.store.get(this.registry.byPlural('', 'v1', 'namespaces')!, undefined, target.namespace!);
    if (!ns) throw notFound('namespaces', target.namespace!);
    if (ns.metadata.deletionTimestamp) {
      throw new KubeApiError(403, 'Forbidden', `${resourceLabel(target.type)} "${name}" is forbidden: unable to create new content in namespace ${target.namespace} because it is being terminated`, {
        name, group: target.type.group || undefined, kind: target.type.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${target.namespace} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }
}
