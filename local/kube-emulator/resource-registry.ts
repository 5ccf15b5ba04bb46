// Which kinds are served right now: built-ins plus whatever the stored CRDs define.
import { BUILTIN_TYPES } from './builtin-types';
import { type ResourceType, servedVersion, typeKey } from './resource-type';

export class ResourceRegistry {
  private readonly types = new Map<string, ResourceType>();

  constructor() {
    for (const t of BUILTIN_TYPES) this.types.set(typeKey(t.group, t.plural), t);
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** The type served at /api(s)/<group>/<version>/<plural>, if that version is served. */
  byPlural(group: string, version: string, plural: string): ResourceType | undefined {
    const t = this.types.get(typeKey(group, plural));
    return t && servedVersion(t, version) ? t : undefined;
  }

  byKind(group: string, kind: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.kind === kind);
  }

  groups(): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const t of this.types.values()) {
      if (t.group === '') continue;
      const versions = groups.get(t.group) ?? [];
      for (const v of t.versions) if (!versions.includes(v.name)) versions.push(v.name);
      groups.set(t.group, versions);
    }
    return groups;
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.all().filter((t) => t.group === group && servedVersion(t, version));
  }

  register(type: ResourceType): void {
    this.types.set(typeKey(type.group, type.plural), type);
  }

  unregisterCrd(crdName: string): ResourceType | undefined {
    for (const [key, t] of this.types) {
      if (t.definedByCrd === crdName) {
        this.types.delete(key);
        return t;
      }
    }
    return undefined;
  }
}
