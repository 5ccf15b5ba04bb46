// In-memory storage of objects per kind, with the global resourceVersion counter. It keeps the
// indexes the controllers need so that no write costs a scan of every object: keys in etcd order
// (list pages), dependents by owner uid, objects marked for deletion, and the dependents whose
// owners may be gone (the garbage collector's queue).
import { type KubeObject, cloneJson, isJsonObject } from './json-types';
import { type ResourceType, apiVersionOf, preferredVersion, typeKey } from './resource-type';

interface Bucket {
  key: string;
  type: ResourceType;
  objects: Map<string, KubeObject>;
  /** Object keys in etcd order; undefined until a list needs it again after a key came or went. */
  sorted?: string[];
}

export interface StoredEntry {
  type: ResourceType;
  /** The stored copy: read only. */
  obj: Readonly<KubeObject>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Told of every committed change, after it is stored (watch streams). */
export type ChangeListener = (type: ResourceType, event: WatchEventType, obj: Readonly<KubeObject>) => void;

/** One committed change, kept for watches that resume from an older resourceVersion. */
export interface StoredEvent {
  revision: number;
  type: ResourceType;
  event: WatchEventType;
  obj: Readonly<KubeObject>;
}

/** Changes kept for resuming watches, at least (a real watch cache keeps a bounded window too). */
const EVENT_WINDOW = 10_000;

export interface StoredPage {
  /** Stored copies, read only. */
  items: Readonly<KubeObject>[];
  /** Matching objects after the last item (with `countRemaining`; else 0 or 1: whether there are more). */
  remaining: number;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** One stored object across kinds: bucket key and object key. */
function entryKey(bucketKey: string, key: string): string {
  return `${bucketKey}\u0000${key}`;
}

function ownerUids(obj: KubeObject): string[] {
  const refs = obj.metadata.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter(isJsonObject).map((r) => r.uid).filter((uid): uid is string => typeof uid === 'string');
}

/** First index in sorted `keys` whose key is >= `key`. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted `keys` whose key is > `key`. */
function upperBound(keys: string[], key: string): number {
  const index = lowerBound(keys, key);
  return keys[index] === key ? index + 1 : index;
}

export class ObjectStore {
  private resourceVersion = 0;
  private readonly buckets = new Map<string, Bucket>();
  private readonly liveUids = new Set<string>();
  private readonly dependentsByOwner = new Map<string, Set<string>>();
  private readonly deleting = new Set<string>();
  private readonly ownerCheckQueue = new Set<string>();
  private readonly listeners = new Set<ChangeListener>();
  private readonly events: StoredEvent[] = [];

  currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  /** A revision with no change to any object here (another write in the cluster). */
  advanceRevision(): void {
    this.resourceVersion++;
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(type: ResourceType): Bucket {
    const key = typeKey(type.group, type.plural);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { key, type, objects: new Map() };
      this.buckets.set(key, bucket);
    }
    bucket.type = type; // a CRD update may have changed scope-independent details
    return bucket;
  }

  private sortedKeys(bucket: Bucket): string[] {
    bucket.sorted ??= [...bucket.objects.keys()].sort();
    return bucket.sorted;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const obj = this.bucket(type).objects.get(objectKey(namespace, name));
    return obj ? cloneJson(obj) : undefined;
  }

  /**
   * Objects of one kind, in one namespace or (namespace undefined) everywhere, sorted like etcd
   * keys. `accept` filters before copying, which keeps selector lists cheap on big stores.
   */
  list(type: ResourceType, namespace?: string, accept: (obj: KubeObject) => boolean = () => true): KubeObject[] {
    return this.page(type, namespace, accept).items.map((o) => cloneJson(o));
  }

  /**
   * One list page of stored copies (read only, not copied: the caller serialises them): objects
   * whose key (`name` in a namespace, `namespace/name` across all) sorts after `after`, at most `limit`.
   */
  page(type: ResourceType, namespace: string | undefined, accept: (obj: KubeObject) => boolean, after?: string, limit?: number, countRemaining = false): StoredPage {
    const bucket = this.bucket(type);
    const keys = this.sortedKeys(bucket);
    // Keys sharing a prefix are contiguous in sorted order; cluster-scoped keys start with "/".
    const prefix = namespace !== undefined ? `${namespace}/` : type.namespaced ? '' : '/';
    let index = after === undefined ? lowerBound(keys, prefix) : upperBound(keys, `${prefix}${after}`);
    const items: KubeObject[] = [];
    let remaining = 0;
    for (; index < keys.length && keys[index].startsWith(prefix); index++) {
      const obj = bucket.objects.get(keys[index])!;
      if (!accept(obj)) continue;
      if (limit === undefined || items.length < limit) {
        items.push(obj);
        continue;
      }
      remaining++;
      if (!countRemaining) break; // a selector's page only says whether more follow
    }
    return { items, remaining };
  }

  /** Stores a copy with a new resourceVersion and returns that copy. */
  put(type: ResourceType, obj: KubeObject): KubeObject {
    const stored = cloneJson(obj);
    stored.apiVersion = apiVersionOf(type.group, preferredVersion(type));
    stored.kind = type.kind;
    stored.metadata.resourceVersion = String(++this.resourceVersion);
    const bucket = this.bucket(type);
    const key = objectKey(stored.metadata.namespace, stored.metadata.name ?? '');
    const previous = bucket.objects.get(key);
    if (previous) this.unindex(bucket.key, key, previous);
    else bucket.sorted = undefined;
    bucket.objects.set(key, stored);
    this.index(bucket.key, key, stored);
    this.notify(type, previous ? 'MODIFIED' : 'ADDED', stored);
    return cloneJson(stored);
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): void {
    const bucket = this.bucket(type);
    const key = objectKey(namespace, name);
    const previous = bucket.objects.get(key);
    this.resourceVersion++;
    if (!previous) return;
    bucket.objects.delete(key);
    bucket.sorted = undefined;
    this.unindex(bucket.key, key, previous);
    this.ownerGone(previous);
    // A watch sees the object as it was last, at the revision of its deletion.
    this.notify(type, 'DELETED', { ...previous, metadata: { ...previous.metadata, resourceVersion: String(this.resourceVersion) } });
  }

  dropType(type: ResourceType): void {
    const bucket = this.buckets.get(typeKey(type.group, type.plural));
    if (!bucket) return;
    for (const [key, obj] of bucket.objects) {
      this.unindex(bucket.key, key, obj);
      this.ownerGone(obj);
    }
    this.buckets.delete(bucket.key);
  }

  /** Every namespaced object stored in `namespace`, of any kind. */
  contentsOf(namespace: string): Array<{ type: ResourceType; obj: KubeObject }> {
    const out: Array<{ type: ResourceType; obj: KubeObject }> = [];
    for (const { type, objects } of this.buckets.values()) {
      if (!type.namespaced) continue;
      for (const obj of objects.values()) if (obj.metadata.namespace === namespace) out.push({ type, obj: cloneJson(obj) });
    }
    return out;
  }

  /** Every stored object of every kind (the controllers' view): the stored copies, read only. */
  all(): StoredEntry[] {
    const out: StoredEntry[] = [];
    for (const { type, objects } of this.buckets.values()) for (const obj of objects.values()) out.push({ type, obj });
    return out;
  }

  /** Objects with a deletionTimestamp (stored copies, read only). */
  markedForDeletion(): StoredEntry[] {
    return this.entries(this.deleting);
  }

  /** Objects whose ownerReferences name `uid` (stored copies, read only). */
  dependentsOf(uid: string): StoredEntry[] {
    return this.entries(this.dependentsByOwner.get(uid) ?? new Set());
  }

  isLive(uid: string): boolean {
    return this.liveUids.has(uid);
  }

  /**
   * Dependents that may have lost an owner since the last call (an owner went, or they were
   * written naming an owner that does not exist), and forgets them.
   */
  takeOwnerChecks(): StoredEntry[] {
    const entries = this.entries(this.ownerCheckQueue);
    this.ownerCheckQueue.clear();
    return entries;
  }

  clear(): void {
    this.buckets.clear();
    this.liveUids.clear();
    this.dependentsByOwner.clear();
    this.deleting.clear();
    this.ownerCheckQueue.clear();
    this.events.length = 0;
  }

  private entries(keys: Set<string>): StoredEntry[] {
    const out: StoredEntry[] = [];
    for (const entry of keys) {
      const [bucketKey, key] = entry.split('\u0000');
      const bucket = this.buckets.get(bucketKey);
      const obj = bucket?.objects.get(key);
      if (bucket && obj) out.push({ type: bucket.type, obj });
    }
    return out;
  }

  private index(bucketKey: string, key: string, obj: KubeObject): void {
    const entry = entryKey(bucketKey, key);
    if (obj.metadata.uid) this.liveUids.add(obj.metadata.uid);
    if (obj.metadata.deletionTimestamp) this.deleting.add(entry);
    for (const owner of ownerUids(obj)) {
      let dependents = this.dependentsByOwner.get(owner);
      if (!dependents) this.dependentsByOwner.set(owner, (dependents = new Set()));
      dependents.add(entry);
      if (!this.liveUids.has(owner)) this.ownerCheckQueue.add(entry);
    }
  }

  private unindex(bucketKey: string, key: string, obj: KubeObject): void {
    const entry = entryKey(bucketKey, key);
    if (obj.metadata.uid) this.liveUids.delete(obj.metadata.uid);
    this.deleting.delete(entry);
    this.ownerCheckQueue.delete(entry);
    for (const owner of ownerUids(obj)) {
      const dependents = this.dependentsByOwner.get(owner);
      dependents?.delete(entry);
      if (dependents?.size === 0) this.dependentsByOwner.delete(owner);
    }
  }

  /** The dependents of a removed object need the garbage collector's look. */
  private ownerGone(obj: KubeObject): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    for (const entry of this.dependentsByOwner.get(uid) ?? []) this.ownerCheckQueue.add(entry);
  }

  /**
   * Changes after `revision`, oldest first; undefined when some of them are no longer kept (a
   * watch from there answers 410 Gone).
   */
  eventsSince(revision: number): StoredEvent[] | undefined {
    const oldest = this.events[0]?.revision ?? this.resourceVersion + 1;
    if (revision < oldest - 1 && revision < this.resourceVersion) return undefined;
    return this.events.filter((e) => e.revision > revision);
  }

  private notify(type: ResourceType, event: WatchEventType, obj: KubeObject): void {
    this.events.push({ revision: this.resourceVersion, type, event, obj });
    if (this.events.length > 2 * EVENT_WINDOW) this.events.splice(0, this.events.length - EVENT_WINDOW); // amortised: no shift per write
    for (const listener of this.listeners) listener(type, event, obj);
  }
}
