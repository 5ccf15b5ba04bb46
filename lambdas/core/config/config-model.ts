// The configuration users write (DESIGN §2), after loading and defaulting.
// Shapes mirror Lynq's CRDs (operator.lynq.sh/v1) so Lynq users feel at home.

export type CreationPolicy = 'WhenNeeded' | 'Once';
export type DeletionPolicy = 'Delete' | 'Retain';
export type ConflictPolicy = 'Stuck' | 'Force';
export type PatchStrategy = 'apply' | 'merge' | 'replace';

export interface MysqlSource {
  host: string;
  port: number; // default 3306
  database: string;
  username: string;
  table: string;
  /** Lynq's `passwordRef`: a key of a Kubernetes Secret in the hub's namespace holding the password. */
  passwordRef?: SecretKeyRef;
}

export interface SecretKeyRef {
  name: string;
  key: string;
}

export interface HubConfig {
  /** metadata.name */
  name: string;
  /** file it was loaded from, for messages */
  file: string;
  /** metadata.namespace, when given: where `passwordRef`'s Secret is (default: the record namespace). */
  namespace?: string;
  source: { type: 'mysql'; syncIntervalSeconds: number; mysql: MysqlSource };
  valueMappings: { uid: string; activate: string; hostOrUrl?: string };
  /** template variable name -> column name */
  extraValueMappings: Record<string, string>;
}

/** The 16 Lynq resource lists, concatenated in this order before the dependency sort. */
export const RESOURCE_LISTS = [
  'serviceAccounts', 'deployments', 'statefulSets', 'daemonSets', 'services', 'ingresses',
  'configMaps', 'secrets', 'persistentVolumeClaims', 'jobs', 'cronJobs', 'podDisruptionBudgets',
  'networkPolicies', 'horizontalPodAutoscalers', 'namespaces', 'manifests',
] as const;
export type ResourceList = (typeof RESOURCE_LISTS)[number];

/** One TResource entry of a form, with Lynq's defaults applied. Template strings are raw (unrendered). */
export interface ResourceTemplate {
  id: string;
  list: ResourceList;
  /** The object body as parsed from the form; string scalars may hold ejs tags. See template-render. */
  spec: unknown;
  nameTemplate: string;
  targetNamespace: string;
  labelsTemplate: Record<string, string>;
  annotationsTemplate: Record<string, string>;
  dependIds: string[];
  creationPolicy: CreationPolicy;
  deletionPolicy: DeletionPolicy;
  conflictPolicy: ConflictPolicy;
  patchStrategy: PatchStrategy;
  waitForReady: boolean;
  timeoutSeconds: number;
  skipOnDependencyFailure: boolean;
  ignoreFields: string[];
}

export interface FormConfig {
  name: string;
  file: string;
  hubId: string;
  resources: ResourceTemplate[];
  /** Canonical text of the form, for the desired hash (any change in the form changes it). */
  contentHash: string;
}

/** One hub and its forms: what one sync works on. */
export interface ProjectConfig {
  dir: string;
  hub: HubConfig;
  forms: FormConfig[];
}

/**
 * A configuration directory: one or more hubs, each with its forms. Form names are unique across
 * the directory (a node is `<uid>-<form>`), so a form names its hub.
 */
export interface ConfigDirectory {
  dir: string;
  hubs: ProjectConfig[];
}

/** Template variables of one node (DESIGN §3): SQL types are kept. */
export type NodeValue = string | number | boolean | null;
export interface NodeValues {
  uid: string;
  activate: boolean;
  [variable: string]: NodeValue;
}
