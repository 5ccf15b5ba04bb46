// What `validate` says about resources that name no namespace: a namespaced kind without
// targetNamespace or metadata.namespace lands in the node's record namespace (resolvedNamespace
// in apply/resolved-namespace). Without a cluster at hand, the scope of a kind is known only for built-ins.
import type { FormConfig, ResourceTemplate } from './config-model';
import { DEFAULT_RECORD_NAMESPACE } from '../apply/tracking-labels';

const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
]);

const NAMESPACED = new Set([
  'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Ingress',
  'PersistentVolumeClaim', 'PodDisruptionBudget', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'Role', 'RoleBinding', 'Pod',
  'LimitRange', 'ResourceQuota',
]);

/** One line per resource that lands in the record namespace by default (or may, for kinds of unknown scope). */
export function defaultPlacementNotes(form: FormConfig): string[] {
  return form.resources.flatMap((resource) => {
    const kind = literalKind(resource);
    if (resource.targetNamespace.trim() !== '' || hasMetadataNamespace(resource) || (kind && CLUSTER_SCOPED.has(kind))) return [];
    const where = `the LynqNode record namespace (${DEFAULT_RECORD_NAMESPACE} unless LYNQ_RECORD_NAMESPACE says otherwise)`;
    const scope = kind && NAMESPACED.has(kind) ? '' : ` if ${kind ?? 'its kind'} is namespaced`;
    return [`resource '${resource.id}'${kind ? ` (${kind})` : ''} has no targetNamespace: it lands in ${where}${scope}`];
  });
}

function literalKind(resource: ResourceTemplate): string | undefined {
  const kind = (resource.spec as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && kind !== '' ? kind : undefined;
}

function hasMetadataNamespace(resource: ResourceTemplate): boolean {
  const metadata = (resource.spec as { metadata?: unknown } | null)?.metadata;
  if (!metadata || typeof metadata !== 'object') return false;
  const namespace = (metadata as { namespace?: unknown }).namespace;
  return namespace !== undefined && namespace !== null && namespace !== '';
}
