// Pure: the Kubernetes RBAC the functions need for a set of forms (issues #5, #11).
// EKS access entries map the sync's IAM role to LYNQ_SYNC_KUBERNETES_GROUP (read LynqNodes, write
// the LynqHub and LynqForm status records, list the forms' kinds for drift detection) and the task functions' roles to LYNQ_TASKS_KUBERNETES_GROUP (the kinds the forms place,
// plus the LynqNode records). RBAC cannot say "only in namespaces lynq-sfn owns": the
// ValidatingAdmissionPolicy in manifests/admission-policy.yaml adds that for the task group.
import type { FormConfig } from '../lambdas/core/config/config-model';
import type { KubeObject } from '../lambdas/core/template/rendered-resource';
import { LYNQNODE_GROUP, LYNQNODE_PLURAL, MANAGED_BY, LABEL_MANAGED_BY } from '../lambdas/core/apply/tracking-labels';
import { builtInPlural, groupOfApiVersion, guessPlural } from '../lambdas/core/apply/kind-plurals';

export { groupOfApiVersion };
import { LYNQFORM_PLURAL, LYNQHUB_PLURAL } from '../lambdas/adapters/kube-status-crds';

/** Kubernetes group of the sync function: reads LynqNode records, writes the hub and form status records. */
export const LYNQ_SYNC_KUBERNETES_GROUP = 'lynq-sfn-sync';
/** Kubernetes group of the task functions: writes what the forms place, where the admission policy allows. */
export const LYNQ_TASKS_KUBERNETES_GROUP = 'lynq-sfn-tasks';
/** Names of the ClusterRoles and their ClusterRoleBindings (the same as the groups they bind). */
export const LYNQ_SYNC_CLUSTER_ROLE_NAME = LYNQ_SYNC_KUBERNETES_GROUP;
export const LYNQ_TASKS_CLUSTER_ROLE_NAME = LYNQ_TASKS_KUBERNETES_GROUP;

/** The sync lists and reads the LynqNode records; it never writes them. */
export const SYNC_RECORD_VERBS = ['get', 'list'] as const;
/** The LynqHub and LynqForm status records (and their status): read, created by apply, patched. */
export const SYNC_STATUS_RECORD_VERBS = ['get', 'create', 'patch'] as const;
const STATUS_RECORD_PLURALS = [LYNQFORM_PLURAL, LYNQHUB_PLURAL] as const;

/** What apply, readiness checks, orphan marking and deletion do to a managed object. */
export const MANAGED_RESOURCE_VERBS = ['get', 'list', 'create', 'patch', 'update', 'delete'] as const;
/** The status subresource is only read and written, never created or deleted on its own. */
export const STATUS_SUBRESOURCE_VERBS = ['get', 'patch', 'update'] as const;

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export class RbacRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RbacRuleError';
  }
}

/** A kind the forms place. */
export interface FormKind {
  apiVersion: string;
  group: string;
  kind: string;
}

/** `group/kind` -> plural, as resolved by resolvePluralsOffline or from a cluster's discovery. */
export type KindPlurals = ReadonlyMap<string, string>;

export function kindKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

interface GroupResource {
  group: string;
  resource: string;
}

function readTypeField(form: FormConfig, resourceId: string, spec: unknown, field: 'apiVersion' | 'kind'): string {
  const value = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new RbacRuleError(`${form.file}: form ${form.name}, resource ${resourceId}: field spec.${field} is missing or not a string`);
  }
  // RBAC is fixed at deploy time, so the type of an object cannot depend on a row.
  if (value.includes('<%')) {
    throw new RbacRuleError(`${form.file}: form ${form.name}, resource ${resourceId}: field spec.${field} must not contain a template (${value})`);
  }
  return value.trim();
}

/** Every kind the forms place, deduplicated by group and kind. */
export function formKinds(forms: readonly FormConfig[]): FormKind[] {
  const seen = new Map<string, FormKind>();
  for (const form of forms) {
    for (const resource of form.resources) {
      const apiVersion = readTypeField(form, resource.id, resource.spec, 'apiVersion');
      const kind = readTypeField(form, resource.id, resource.spec, 'kind');
      const group = groupOfApiVersion(apiVersion);
      if (!seen.has(kindKey(group, kind))) seen.set(kindKey(group, kind), { apiVersion, group, kind });
    }
  }
  return [...seen.values()];
}

const EXPLICIT_PLURAL = /^([A-Za-z][A-Za-z0-9]*)(?:\.([a-z0-9.-]+))?=([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)$/;

/** `--plural Kind=plural` or `--plural Kind.group=plural` entries, checked. */
export function parseExplicitPlurals(entries: readonly string[]): Map<string, string> {
  const explicit = new Map<string, string>();
  for (const entry of entries) {
    const match = EXPLICIT_PLURAL.exec(entry.trim());
    if (!match) throw new RbacRuleError(`--plural ${JSON.stringify(entry)}: expected Kind=plural or Kind.group=plural (the plural in lowercase, as the CRD's spec.names.plural)`);
    const [, kind = '', group, plural = ''] = match as (string | undefined)[];
    explicit.set(group === undefined ? kind : `${kind}.${group}`, plural);
  }
  return explicit;
}

function explicitPlural(explicit: ReadonlyMap<string, string>, { group, kind }: FormKind): string | undefined {
  return explicit.get(`${kind}.${group}`) ?? explicit.get(kind);
}

export interface PluralResolution {
  plurals: KindPlurals;
  /** One line per kind whose plural is a guess. */
  warnings: string[];
}

/**
 * Plurals without a cluster: an explicit plural, else a built-in kind's, else a guess with a
 * warning (a CRD's plural is its author's choice; `--kubeconfig` reads it from the cluster).
 */
export function resolvePluralsOffline(kinds: readonly FormKind[], explicit: ReadonlyMap<string, string> = new Map()): PluralResolution {
  const plurals = new Map<string, string>();
  const warnings: string[] = [];
  for (const entry of kinds) {
    const known = explicitPlural(explicit, entry) ?? builtInPlural(entry.group, entry.kind);
    const plural = known ?? guessPlural(entry.kind);
    if (known === undefined) {
      warnings.push(
        `${entry.kind} (${entry.apiVersion}) is not a built-in kind: its plural "${plural}" is a guess. ` +
          `Check it against the CRD's spec.names.plural, and pass --plural ${entry.kind}=<plural>, or --kubeconfig to read it from the cluster.`,
      );
    }
    plurals.set(kindKey(entry.group, entry.kind), plural);
  }
  return { plurals, warnings };
}

/** Plurals from a cluster: an explicit plural, else what the API server's discovery serves for the kind. */
export async function resolvePluralsByDiscovery(
  kinds: readonly FormKind[], discover: (apiVersion: string, kind: string) => Promise<string>, explicit: ReadonlyMap<string, string> = new Map(),
): Promise<PluralResolution> {
  const plurals = new Map<string, string>();
  for (const entry of kinds) {
    const plural = explicitPlural(explicit, entry) ?? await discover(entry.apiVersion, entry.kind).catch((error: unknown) => {
      throw new RbacRuleError(
        `the cluster does not serve ${entry.kind} in ${entry.apiVersion} (${error instanceof Error ? error.message : String(error)}): ` +
          `install its CRD first, or pass --plural ${entry.kind}=<plural>`,
      );
    });
    plurals.set(kindKey(entry.group, entry.kind), plural);
  }
  return { plurals, warnings: [] };
}

/** Every (group, resource) the forms place, deduplicated; plurals default to resolvePluralsOffline's. */
export function formGroupResources(forms: readonly FormConfig[], plurals?: KindPlurals): GroupResource[] {
  const kinds = formKinds(forms);
  const resolved = plurals ?? resolvePluralsOffline(kinds).plurals;
  const seen = new Map<string, GroupResource>();
  for (const { group, kind } of kinds) {
    const resource = resolved.get(kindKey(group, kind));
    if (resource === undefined) throw new RbacRuleError(`no plural resolved for ${kind} in group "${group}"`);
    seen.set(`${group}/${resource}`, { group, resource });
  }
  return [...seen.values()];
}

/** ClusterRole rules: one rule per API group of the forms' kinds, then the LynqNode records. */
export function clusterRoleRules(forms: readonly FormConfig[], plurals?: KindPlurals): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, resource } of formGroupResources(forms, plurals)) {
    if (group === LYNQNODE_GROUP && resource.startsWith(LYNQNODE_PLURAL)) continue; // granted below
    const resources = byGroup.get(group) ?? new Set<string>();
    resources.add(resource);
    byGroup.set(group, resources);
  }
  const rules: PolicyRule[] = [...byGroup.keys()].sort().map((group) => ({
    apiGroups: [group],
    resources: [...(byGroup.get(group) ?? [])].sort(),
    verbs: [...MANAGED_RESOURCE_VERBS],
  }));
  rules.push(
    { apiGroups: [LYNQNODE_GROUP], resources: [LYNQNODE_PLURAL], verbs: [...MANAGED_RESOURCE_VERBS] },
    { apiGroups: [LYNQNODE_GROUP], resources: [`${LYNQNODE_PLURAL}/status`], verbs: [...STATUS_SUBRESOURCE_VERBS] },
  );
  return rules;
}

/** The sync's ClusterRole rules: read the LynqNode records, write the hub and form status records. */
export function syncClusterRoleRules(): PolicyRule[] {
  return [
    { apiGroups: [LYNQNODE_GROUP], resources: [LYNQNODE_PLURAL], verbs: [...SYNC_RECORD_VERBS] },
    {
      apiGroups: [LYNQNODE_GROUP],
      resources: STATUS_RECORD_PLURALS.flatMap((plural) => [plural, `${plural}/status`]),
      verbs: [...SYNC_STATUS_RECORD_VERBS],
    },
  ];
}

/** The drift detection round lists (metadata only) the kinds the forms place; it never reads or writes one object. */
export const DRIFT_DETECTION_VERBS = ['list'] as const;

/** The sync's rules for drift detection: one rule per API group of the forms' kinds. */
export function driftDetectionRules(forms: readonly FormConfig[], plurals?: KindPlurals): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, resource } of formGroupResources(forms, plurals)) byGroup.set(group, (byGroup.get(group) ?? new Set<string>()).add(resource));
  return [...byGroup.keys()].sort().map((group) => ({ apiGroups: [group], resources: [...(byGroup.get(group) ?? [])].sort(), verbs: [...DRIFT_DETECTION_VERBS] }));
}

function clusterRoleAndBinding(name: string, group: string, rules: PolicyRule[]): KubeObject[] {
  const labels = { [LABEL_MANAGED_BY]: MANAGED_BY };
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels }, rules },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
    },
  ];
}

/** Name of the Role (and RoleBinding) that lets the functions read the hubs' passwordRef Secrets. */
export const LYNQ_MYSQL_PASSWORD_ROLE_NAME = 'lynq-sfn-mysql-password';

/** A hub's passwordRef Secret, in the namespace the functions read it from. */
export interface PasswordSecret {
  namespace: string;
  name: string;
}

/**
 * One Role and RoleBinding per namespace: `get` on exactly the named Secrets (resourceNames), for
 * the two groups whose functions read MySQL (the sync, and LoadNode among the task functions).
 */
export function passwordSecretRbac(secrets: readonly PasswordSecret[]): KubeObject[] {
  const byNamespace = new Map<string, Set<string>>();
  for (const { namespace, name } of secrets) byNamespace.set(namespace, (byNamespace.get(namespace) ?? new Set()).add(name));
  const labels = { [LABEL_MANAGED_BY]: MANAGED_BY };
  return [...byNamespace.keys()].sort().flatMap((namespace) => {
    const metadata = { name: LYNQ_MYSQL_PASSWORD_ROLE_NAME, namespace, labels };
    return [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...(byNamespace.get(namespace) ?? [])].sort(), verbs: ['get'] }] },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LYNQ_MYSQL_PASSWORD_ROLE_NAME },
        subjects: [LYNQ_SYNC_KUBERNETES_GROUP, LYNQ_TASKS_KUBERNETES_GROUP].map((group) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group })),
      },
    ];
  });
}

/**
 * The sync's and the task functions' ClusterRoles, each with its ClusterRoleBinding, and the Role
 * reading the hubs' passwordRef Secrets when there are any: ready to print as YAML.
 */
export function rbacManifests(forms: readonly FormConfig[], options: { plurals?: KindPlurals; passwordSecrets?: readonly PasswordSecret[] } = {}): KubeObject[] {
  const { plurals, passwordSecrets = [] } = options;
  return [
    ...clusterRoleAndBinding(LYNQ_SYNC_CLUSTER_ROLE_NAME, LYNQ_SYNC_KUBERNETES_GROUP, [...syncClusterRoleRules(), ...driftDetectionRules(forms, plurals)]),
    ...clusterRoleAndBinding(LYNQ_TASKS_CLUSTER_ROLE_NAME, LYNQ_TASKS_KUBERNETES_GROUP, clusterRoleRules(forms, plurals)),
    ...passwordSecretRbac(passwordSecrets),
  ];
}
