// In-memory storage of objects per kind, with the global resourceVersion counter.
import { type KubeObject, cloneJson } from './json-types';
import { type ResourceType, apiVersionOf, preferredVersion, typeKey } from './resource-type';

interface Bucket {
  type: ResourceType;
  objects: Map<string, KubeObject>;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private resourceVersion = 0;
  private readonly buckets = new Map<string, Bucket>();

  currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  private bucket(type: ResourceType): Bucket {
    const key = typeKey(type.group, type.plural);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { type, objects: new Map() };
      this.buckets.set(key, bucket);
    }
    bucket.type = type; // a CRD update may have changed scope-independent details
    return bucket;
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
    return [...this.bucket(type).objects.entries()]
      .filter(([, o]) => (namespace === undefined || o.metadata.namespace === namespace) && accept(o))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => cloneJson(o));
  }

  /** Stores a copy with a new resourceVersion and returns that copy. */
  put(type: ResourceType, obj: KubeObject): KubeObject {
    const stored = cloneJson(obj);
    stored.apiVersion = apiVersionOf(type.group, preferredVersion(type));
    stored.kind = type.kind;
    stored.metadata.resourceVersion = String(++this.resourceVersion);
    this.bucket(type).objects.set(objectKey(stored.metadata.namespace, stored.metadata.name ?? ''), stored);
    return cloneJson(stored);
  }

  remove(type: ResourceType, namespace: string | undefined, name: string): void {
    this.bucket(type).objects.delete(objectKey(namespace, name));
    this.resourceVersion++;
  }

  dropType(type: ResourceType): void {
    this.buckets.delete(typeKey(type.group, type.plural));
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
  all(): Array<{ type: ResourceType; obj: Readonly<KubeObject> }> {
    const out: Array<{ type: ResourceType; obj: KubeObject }> = [];
    for (const { type, objects } of this.buckets.values()) for (const obj of objects.values()) out.push({ type, obj });
    return out;
  }

  clear(): void {
    this.buckets.clear();
  }
}
