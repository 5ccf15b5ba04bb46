// Pure: the Kubernetes RBAC the functions need for a set of forms (issues #5, #11).
// EKS access entries map the sync's IAM role to LYNQ_SYNC_KUBERNETES_GROUP (read LynqNodes, and list
// the forms' kinds for drift detection) and the task functions' roles to LYNQ_TASKS_KUBERNETES_GROUP (the kinds the forms place,
// plus the LynqNode records). RBAC cannot say "only in namespaces lynq-sfn owns": the
// ValidatingAdmissionPolicy in manifests/admission-policy.yaml adds that for the task group.
import type { FormConfig } from '../lambdas/core/config/config-model';
import type { KubeObject } from '../lambdas/core/template/rendered-resource';
import { LYNQNODE_GROUP, LYNQNODE_PLURAL, MANAGED_BY, LABEL_MANAGED_BY } from '../lambdas/core/apply/tracking-labels';

/** Kubernetes group of the sync function: reads LynqNode records only. */
export const LYNQ_SYNC_KUBERNETES_GROUP = 'lynq-sfn-sync';
/** Kubernetes group of the task functions: writes what the forms place, where the admission policy allows. */
export const LYNQ_TASKS_KUBERNETES_GROUP = 'lynq-sfn-tasks';
/** Names of the ClusterRoles and their ClusterRoleBindings (the same as the groups they bind). */
export const LYNQ_SYNC_CLUSTER_ROLE_NAME = LYNQ_SYNC_KUBERNETES_GROUP;
export const LYNQ_TASKS_CLUSTER_ROLE_NAME = LYNQ_TASKS_KUBERNETES_GROUP;

/** The sync lists and reads the records; it never writes to the cluster. */
export const SYNC_RECORD_VERBS = ['get', 'list'] as const;

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

// Kinds whose resource name does not follow the English suffix rules below.
const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  endpoints: 'endpoints',
  securitycontextconstraints: 'securitycontextconstraints',
  nodemetrics: 'nodes',
  podmetrics: 'pods',
  ingressclassparams: 'ingressclassparams',
};

/** The REST resource name of a kind, as the API server derives it by default (lowercase + s/es/ies). */
export function pluralOfKind(kind: string): string {
  const lower = kind.toLowerCase();
  const irregular = IRREGULAR_PLURALS[lower];
  if (irregular !== undefined) return irregular;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/** API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
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

/** Every (group, resource) the forms place, deduplicated. */
export function formGroupResources(forms: readonly FormConfig[]): GroupResource[] {
  const seen = new Map<string, GroupResource>();
  for (const form of forms) {
    for (const resource of form.resources) {
      const apiVersion = readTypeField(form, resource.id, resource.spec, 'apiVersion');
      const kind = readTypeField(form, resource.id, resource.spec, 'kind');
      const entry = { group: groupOfApiVersion(apiVersion), resource: pluralOfKind(kind) };
      seen.set(`${entry.group}/${entry.resource}`, entry);
    }
  }
  return [...seen.values()];
}

/** ClusterRole rules: one rule per API group of the forms' kinds, then the LynqNode records. */
export function clusterRoleRules(forms: readonly FormConfig[]): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, resource } of formGroupResources(forms)) {
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

/** The sync's ClusterRole rules: read the LynqNode records. */
export function syncClusterRoleRules(): PolicyRule[] {
  return [{ apiGroups: [LYNQNODE_GROUP], resources: [LYNQNODE_PLURAL], verbs: [...SYNC_RECORD_VERBS] }];
}

/** The drift detection round lists (metadata only) the kinds the forms place; it never reads or writes one object. */
export const DRIFT_DETECTION_VERBS = ['list'] as const;

/** The sync's rules for drift detection: one rule per API group of the forms' kinds. */
export function driftDetectionRules(forms: readonly FormConfig[]): PolicyRule[] {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, resource } of formGroupResources(forms)) byGroup.set(group, (byGroup.get(group) ?? new Set<string>()).add(resource));
  return [...byGroup.keys()].sort().map((group) => ({ apiGroups: [group], resources: [...byGroup.get(group)!].sort(), verbs: [...DRIFT_DETECTION_VERBS] }));
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
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...byNamespace.get(namespace)!].sort(), verbs: ['get'] }] },
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
export function rbacManifests(forms: readonly FormConfig[], passwordSecrets: readonly PasswordSecret[] = []): KubeObject[] {
  return [
    ...clusterRoleAndBinding(LYNQ_SYNC_CLUSTER_ROLE_NAME, LYNQ_SYNC_KUBERNETES_GROUP, [...syncClusterRoleRules(), ...driftDetectionRules(forms)]),
    ...clusterRoleAndBinding(LYNQ_TASKS_CLUSTER_ROLE_NAME, LYNQ_TASKS_KUBERNETES_GROUP, clusterRoleRules(forms)),
    ...passwordSecretRbac(passwordSecrets),
  ];
}
