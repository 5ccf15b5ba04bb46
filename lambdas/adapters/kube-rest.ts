// A small dynamic REST client over our own HTTP transport (kube-http.ts) and the connection's auth.
// Why not @kubernetes/client-node's KubernetesObjectApi: it (de)serialises built-in kinds through typed models, which
// drops unknown fields and nulls (needed for merge patches) and turns timestamps into Dates.
// Here bodies go out and come back as plain JSON; discovery is cached per connection.
import { StringDecoder } from 'node:string_decoder';
import type { KubeObject } from '../core/template/rendered-resource';
import type { Cluster, DeleteResult, ObjectRef, ResourceInfo } from '../core/contracts/cluster';
import { FIELD_MANAGER } from '../core/apply/tracking-labels';
import { invalidateKubeCredentials, type KubeConnection } from './kube-connection';
import { openKubeHttp, readKubeHttpBody, sendKubeHttp } from './kube-http';
import { ListItemStream, type ListEnvelope } from './kube-list-stream';
import { classifyKubeError, KubeExpiredError, KubeHttpStatusError, KubeNotFoundError, KubePermanentError, KubeRetryableError, type KubeTarget, type KubeVerb } from './kube-errors';

export type { ObjectRef, ResourceInfo, DeleteResult } from '../core/contracts/cluster';

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean }[];
}

const CONTENT_JSON = 'application/json';
const CONTENT_MERGE_PATCH = 'application/merge-patch+json';
const CONTENT_APPLY = 'application/apply-patch+yaml';
const REQUEST_TIMEOUT_MS = 30_000;
/** A list read whole from the watch cache can be large; it is consumed as it arrives. */
const LIST_TIMEOUT_MS = 120_000;
/** Items per LIST page: bounded memory and response size however many objects there are. */
const LIST_PAGE_SIZE = 500;
/** How often a list starts again after its continue token expired. */
const LIST_RESTARTS = 3;
/** Longest Retry-After waited out inside one call (a Lambda's time is bounded). */
const MAX_RETRY_AFTER_WAIT_SECONDS = 10;
/** At most this many such waits in one call (a Retry-After of 0 must not loop). */
const MAX_RETRY_AFTER_ATTEMPTS = 3;

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  /** Items per page (default 500). */
  pageSize?: number;
  /** Told of every page read: bytes of its body and its item count (cost accounting). */
  onPage?(page: { bytes: number; items: number }): void;
  /**
   * Served from the API server's watch cache (`resourceVersion=0`): much cheaper for the server,
   * possibly a little stale. Only for callers whose decisions stay safe on a stale view (see
   * README, "Reading LynqNodes from the watch cache"). A v1.28 server ignores `limit` then and
   * answers the whole list at once; it is still read item by item as it arrives.
   */
  fromCache?: boolean;
}

/** Media type of a metadata-only LIST: every item is its metadata (managedFields included), no spec or status. */
export const ACCEPT_METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

const clients = new WeakMap<KubeConnection, KubeRest>();

export class KubeRest implements Cluster {
  private readonly discovery = new Map<string, Map<string, ResourceInfo>>();

  private constructor(private readonly kc: KubeConnection) {}

  /** One client (and one discovery cache) per connection. */
  static for(kc: KubeConnection): KubeRest {
    let client = clients.get(kc);
    if (!client) {
      client = new KubeRest(kc);
      clients.set(kc, client);
    }
    return client;
  }

  /** Plural and scope of a kind, from the API's resource list (re-fetched once on a miss: a CRD may be new). */
  async resourceInfo(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const cached = this.discovery.get(apiVersion)?.get(kind);
    if (cached) return cached;
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const target: KubeTarget = { verb: 'discover', apiVersion, kind };
    let list: ApiResourceList;
    try {
      list = (await this.request('GET', path, target)) as ApiResourceList;
    } catch (err) {
      if (err instanceof KubeNotFoundError) throw unknownKind(apiVersion, kind);
      throw err;
    }
    const byKind = new Map<string, ResourceInfo>();
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) continue; // subresources such as deployments/status
      byKind.set(r.kind, { plural: r.name, namespaced: r.namespaced });
    }
    this.discovery.set(apiVersion, byKind);
    const info = byKind.get(kind);
    if (!info) throw unknownKind(apiVersion, kind);
    return info;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const { path, target } = await this.objectPath(ref, 'get');
    try {
      return (await this.request('GET', path, target)) as KubeObject;
    } catch (err) {
      if (err instanceof KubeNotFoundError) return undefined;
      throw err;
    }
  }

  /** Every object of a kind, read page by page (`limit`/`continue`); see listMapped. */
  async list(apiVersion: string, kind: string, opts: ListOptions = {}): Promise<KubeObject[]> {
    return this.listMapped(apiVersion, kind, opts, (item) => item);
  }

  /**
   * Reads a kind page by page and keeps only `pick(item)` of each item as its page arrives, so a
   * large list is never held whole. A continue token that expired between pages (410 Expired)
   * starts the list again: the pages already read may be stale, so they are dropped.
   */
  async listMapped<T>(apiVersion: string, kind: string, opts: ListOptions, pick: (item: KubeObject) => T): Promise<T[]> {
    return (await this.readList(apiVersion, kind, opts, CONTENT_JSON, pick)).items;
  }

  /**
   * Like listMapped, but metadata only (PartialObjectMetadataList): a fraction of the bytes of a
   * full LIST. Items come back as `{apiVersion, kind, metadata}` of the listed kind.
   */
  async listMetadata<T>(apiVersion: string, kind: string, opts: ListOptions, pick: (item: KubeObject) => T): Promise<T[]> {
    return (await this.readList(apiVersion, kind, opts, ACCEPT_METADATA_LIST, pick)).items;
  }

  /** Every object of a kind and the revision the list was read at (where a watch of it starts). */
  listWithVersion(apiVersion: string, kind: string, opts: ListOptions = {}): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    return this.readList(apiVersion, kind, opts, CONTENT_JSON, (item) => item);
  }

  private async readList<T>(apiVersion: string, kind: string, opts: ListOptions, accept: string, pick: (item: KubeObject) => T): Promise<{ items: T[]; resourceVersion: string }> {
    const { path, target } = await this.collectionPath({ apiVersion, kind, namespace: opts.namespace }, 'list');
    for (let attempt = 1; ; attempt++) {
      const picked: T[] = [];
      let continueToken: string | undefined;
      let resourceVersion: string | undefined;
      try {
        do {
          const query: Record<string, string> = { limit: String(opts.pageSize ?? LIST_PAGE_SIZE) };
          if (opts.labelSelector) query.labelSelector = opts.labelSelector;
          // A continue token carries its own revision: resourceVersion must not be sent with it.
          if (continueToken) query.continue = continueToken;
          else if (opts.fromCache) query.resourceVersion = '0';
          // List items omit apiVersion/kind (metadata-only items name PartialObjectMetadata); put the listed kind back.
          let items = 0;
          const { envelope, bytes } = await this.withRetryAfter(() =>
            this.streamList(path, target, query, accept, (item) => {
              items++;
              picked.push(pick({ ...(item as KubeObject), apiVersion, kind }));
            }),
          );
          opts.onPage?.({ bytes, items });
          continueToken = envelope.metadata?.continue || undefined;
          resourceVersion ??= envelope.metadata?.resourceVersion; // a continued list is read at its first page's revision
        } while (continueToken);
        return { items: picked, resourceVersion: resourceVersion ?? '' };
      } catch (err) {
        if (!(err instanceof KubeExpiredError) || attempt >= LIST_RESTARTS) throw err;
      }
    }
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    const collection = await this.collectionPath(refOf(obj), 'create');
    const { path } = collection;
    // Errors name the object being created, not just its collection.
    const target: KubeTarget = { ...collection.target, name: obj.metadata.name };
    return (await this.request('POST', path, target, { query: { fieldManager: FIELD_MANAGER }, body: obj, contentType: CONTENT_JSON })) as KubeObject;
  }

  /** Server-side apply as FIELD_MANAGER; force takes over fields other managers own. */
  async serverSideApply(obj: KubeObject, force: boolean, opts: { dryRun?: boolean } = {}): Promise<KubeObject> {
    const { path, target } = await this.objectPath(refOf(obj), 'patch');
    const query: Record<string, string> = { fieldManager: FIELD_MANAGER };
    if (force) query.force = 'true';
    if (opts.dryRun) query.dryRun = 'All';
    // JSON is valid YAML, so the apply body can be sent as JSON text.
    return (await this.request('PATCH', path, target, { query, body: obj, contentType: CONTENT_APPLY })) as KubeObject;
  }

  /** RFC 7386 JSON merge patch: keys absent from the patch are kept, null removes a key. */
  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>, subresource?: 'status'): Promise<KubeObject> {
    const { path, target } = await this.objectPath(ref, 'patch', subresource);
    return (await this.request('PATCH', path, target, { query: { fieldManager: FIELD_MANAGER }, body: patch, contentType: CONTENT_MERGE_PATCH })) as KubeObject;
  }

  /** Full update (PUT). With metadata.resourceVersion set, a stale write fails with KubeStaleWriteError. */
  async replace(obj: KubeObject, subresource?: 'status'): Promise<KubeObject> {
    const { path, target } = await this.objectPath(refOf(obj), 'update', subresource);
    return (await this.request('PUT', path, target, { query: { fieldManager: FIELD_MANAGER }, body: obj, contentType: CONTENT_JSON })) as KubeObject;
  }

  /**
   * Deletes in the background (dependents collected by the GC). A real server answers 200 with a
   * Status when the object is gone at once, or 200 with the object itself (deletionTimestamp set)
   * when finalizers hold it: `deleting`. `absent` when it was already gone. With a precondition,
   * only that version (or uid) is deleted: another fails with 409 (KubeStaleWriteError).
   */
  async delete(ref: ObjectRef, precondition?: { resourceVersion?: string; uid?: string }): Promise<DeleteResult> {
    const { path, target } = await this.objectPath(ref, 'delete');
    const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' };
    if (precondition) body.preconditions = precondition;
    try {
      const answer = (await this.request('DELETE', path, target, { body, contentType: CONTENT_JSON })) as KubeObject | { kind?: string } | undefined;
      const pending = answer && answer.kind !== 'Status' && (answer as KubeObject).metadata.deletionTimestamp;
      return pending ? 'deleting' : 'deleted';
    } catch (err) {
      if (err instanceof KubeNotFoundError) return 'absent';
      throw err;
    }
  }

  private async objectPath(ref: ObjectRef, verb: KubeVerb, subresource?: string): Promise<{ path: string; target: KubeTarget }> {
    const collection = await this.collectionPath(ref, verb);
    if (!ref.name) throw new KubePermanentError(`cannot ${verb} ${ref.kind}: metadata.name is missing`, { target: collection.target });
    const target = { ...collection.target, name: ref.name, subresource };
    return { path: `${collection.path}/${encodeURIComponent(ref.name)}${subresource ? `/${subresource}` : ''}`, target };
  }

  private async collectionPath(ref: Omit<ObjectRef, 'name'>, verb: KubeVerb): Promise<{ path: string; target: KubeTarget }> {
    const info = await this.resourceInfo(ref.apiVersion, ref.kind);
    const root = ref.apiVersion.includes('/') ? `/apis/${ref.apiVersion}` : `/api/${ref.apiVersion}`;
    const namespace = info.namespaced ? ref.namespace : undefined;
    const target: KubeTarget = { verb, apiVersion: ref.apiVersion, kind: ref.kind, namespace, plural: info.plural };
    if (info.namespaced && !namespace && verb !== 'list') {
      throw new KubePermanentError(`cannot ${verb} ${ref.kind}: it is namespaced but metadata.namespace is missing`, { target });
    }
    const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return { path: `${root}${scope}/${info.plural}`, target };
  }

  private request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    target: KubeTarget,
    opts: RequestOptions = {},
  ): Promise<unknown> {
    return this.withRetryAfter(() => this.send(method, path, target, opts));
  }

  private async withRetryAfter<T>(call: () => Promise<T>): Promise<T> {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        // Honour the server's Retry-After (429, 503) within this call while the wait stays short;
        // a longer one is left to the state machine's retry, with the wait named in the message.
        const after = err instanceof KubeRetryableError ? err.retryAfterSeconds : undefined;
        if (after === undefined || attempt > MAX_RETRY_AFTER_ATTEMPTS || waited + after > MAX_RETRY_AFTER_WAIT_SECONDS) throw err;
        waited += after;
        await sleep(after * 1000);
      }
    }
  }

  /**
   * One LIST request whose items go to `onItem` as they arrive (see ListItemStream); answers the
   * list's envelope (metadata.continue). The same auth, agent and error classification as send().
   */
  /**
   * One page of a list, read item by item as the response arrives (ListItemStream), and the
   * list's envelope (metadata.continue). The same auth, agent and error classification as send().
   */
  private async streamList(
    path: string, target: KubeTarget, query: Record<string, string>, accept: string, onItem: (item: unknown) => void,
  ): Promise<{ envelope: ListEnvelope; bytes: number }> {
    try {
      const response = await openKubeHttp(this.kc, { method: 'GET', path, query, headers: { Accept: accept }, timeoutMs: LIST_TIMEOUT_MS });
      if (response.status === 401) invalidateKubeCredentials(this.kc); // an EKS token is presigned afresh next time
      if (response.status < 200 || response.status > 299) {
        const text = await readKubeHttpBody(response.body);
        throw new KubeHttpStatusError(response.status, (text ? safeJson(text) : undefined) ?? {}, response.headers);
      }
      const items = new ListItemStream(onItem);
      const decoder = new StringDecoder('utf8');
      let bytes = 0;
      for await (const chunk of response.body) {
        bytes += (chunk as Buffer).length;
        items.push(decoder.write(chunk as Buffer)); // eslint-disable-line @typescript-eslint/no-unnecessary-type-assertion -- body chunks are Buffers, typed string | Buffer
      }
      items.push(decoder.end());
      return { envelope: items.finish(), bytes };
    } catch (err) {
      throw classifyKubeError(err, target);
    }
  }

  private async send(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    target: KubeTarget,
    opts: RequestOptions,
  ): Promise<unknown> {
    try {
      const headers: Record<string, string> = { Accept: opts.accept ?? CONTENT_JSON };
      if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? CONTENT_JSON;
      const response = await sendKubeHttp(this.kc, {
        method, path, query: opts.query, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), timeoutMs: REQUEST_TIMEOUT_MS,
      });
      opts.onBytes?.(Buffer.byteLength(response.text));
      const parsed = response.text ? safeJson(response.text) : undefined;
      if (response.status === 401) invalidateKubeCredentials(this.kc); // an EKS token is presigned afresh next time
      if (response.status < 200 || response.status > 299) {
        throw new KubeHttpStatusError(response.status, parsed ?? {}, response.headers);
      }
      return parsed;
    } catch (err) {
      throw classifyKubeError(err, target, opts.body);
    }
  }
}

interface RequestOptions {
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
  accept?: string;
  /** Told the size of the response body. */
  onBytes?(bytes: number): void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function refOf(obj: KubeObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace };
}

function unknownKind(apiVersion: string, kind: string): KubePermanentError {
  return new KubePermanentError(`unknown kind ${kind} in apiVersion ${apiVersion}: the API server does not serve it (is its CRD installed?)`, {
    target: { verb: 'discover', apiVersion, kind },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}
