// Built-in kinds the emulator serves from the start (DESIGN §9). All have a status subresource
// except those that have no status in the real API (ConfigMap, Secret, ServiceAccount, Event...).
import type { ResourceType } from './resource-type';

/** Built-in kinds whose strategy keeps metadata.generation (the rest never show one). */
const GENERATION_KINDS = new Set([
  'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'CustomResourceDefinition',
]);

function builtin(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  hasStatus: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
): ResourceType {
  const hasGeneration = GENERATION_KINDS.has(kind);
  return {
    group,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    categories,
    namespaced,
    versions: [{ name: version, hasStatus }],
    hasGeneration,
  };
}

export const BUILTIN_TYPES: readonly ResourceType[] = [
  builtin('', 'v1', 'Namespace', 'namespaces', false, true, ['ns']),
  builtin('', 'v1', 'ConfigMap', 'configmaps', true, false, ['cm']),
  builtin('', 'v1', 'Secret', 'secrets', true, false),
  builtin('', 'v1', 'Service', 'services', true, true, ['svc'], ['all']),
  builtin('', 'v1', 'ServiceAccount', 'serviceaccounts', true, false, ['sa']),
  builtin('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, true, ['pvc']),
  builtin('', 'v1', 'Event', 'events', true, false, ['ev']),
  builtin('', 'v1', 'Pod', 'pods', true, true, ['po'], ['all']),
  builtin('apps', 'v1', 'Deployment', 'deployments', true, true, ['deploy'], ['all']),
  builtin('apps', 'v1', 'StatefulSet', 'statefulsets', true, true, ['sts'], ['all']),
  builtin('apps', 'v1', 'DaemonSet', 'daemonsets', true, true, ['ds'], ['all']),
  builtin('batch', 'v1', 'Job', 'jobs', true, true, [], ['all']),
  builtin('batch', 'v1', 'CronJob', 'cronjobs', true, true, ['cj'], ['all']),
  builtin('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, true, ['ing']),
  builtin('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, false, ['netpol']),
  builtin('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, true, ['pdb']),
  builtin('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, true, ['hpa'], ['all']),
  builtin('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, false),
  builtin('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, false),
  builtin('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, true, ['crd', 'crds'], ['api-extensions']),
];

export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_PLURAL = 'customresourcedefinitions';
