// What the emulator knows about one kind: how it is addressed, scoped and printed.
export interface PrinterColumn {
  name: string;
  type: string; // string | integer | number | boolean | date
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface ServedVersion {
  name: string;
  hasStatus: boolean;
  /** Absent for built-ins (they get the NAME/AGE defaults or a kind-specific table). */
  printerColumns?: PrinterColumn[];
  /** openAPIV3Schema of a CRD version (custom resources are pruned and validated against it). */
  schema?: import('./json-types').JsonObject;
}

export interface ResourceType {
  group: string; // '' for the core group
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  /** Discovery categories (`kubectl get all` lists the kinds in `all`). */
  categories: string[];
  namespaced: boolean;
  versions: ServedVersion[]; // first one is the preferred version
  /** metadata.generation is kept (and bumped on spec changes); ConfigMaps, Namespaces, Services... have none. */
  hasGeneration: boolean;
  /** Set for kinds served because a CustomResourceDefinition defines them. */
  definedByCrd?: string;
}

export function typeKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export function preferredVersion(type: ResourceType): string {
  return type.versions[0].name;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function servedVersion(type: ResourceType, version: string): ServedVersion | undefined {
  return type.versions.find((v) => v.name === version);
}

/** Namespaces cannot be deleted as a collection (a real server answers 405 and lists no `deletecollection` verb). */
export function allowsDeleteCollection(type: ResourceType): boolean {
  return !(type.group === '' && type.plural === 'namespaces');
}
