// The REST resource name (plural) of a kind. Only the API server knows it for sure: a CRD's
// plural is its author's choice (the MongoDB operator's MongoDBCommunity is `mongodbcommunity`).
// The apply asks discovery (adapters/kube-rest). Offline, the built-in kinds' plurals are known
// here; for any other kind guessPlural gives the usual English form, and whoever uses a guess
// says so (lynq-sfn rbac warns, error messages only name the object).

/** Built-in kinds' plurals, by API group ('' is the core group). */
const BUILT_IN_PLURALS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '': {
    Namespace: 'namespaces', ConfigMap: 'configmaps', Secret: 'secrets', Service: 'services', ServiceAccount: 'serviceaccounts',
    PersistentVolumeClaim: 'persistentvolumeclaims', PersistentVolume: 'persistentvolumes', Pod: 'pods', PodTemplate: 'podtemplates',
    ReplicationController: 'replicationcontrollers', Endpoints: 'endpoints', Event: 'events', LimitRange: 'limitranges',
    ResourceQuota: 'resourcequotas', Node: 'nodes', ComponentStatus: 'componentstatuses', Binding: 'bindings',
  },
  apps: { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ReplicaSet: 'replicasets', ControllerRevision: 'controllerrevisions' },
  batch: { Job: 'jobs', CronJob: 'cronjobs' },
  autoscaling: { HorizontalPodAutoscaler: 'horizontalpodautoscalers' },
  policy: { PodDisruptionBudget: 'poddisruptionbudgets' },
  'networking.k8s.io': { Ingress: 'ingresses', IngressClass: 'ingressclasses', NetworkPolicy: 'networkpolicies' },
  'rbac.authorization.k8s.io': { Role: 'roles', RoleBinding: 'rolebindings', ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' },
  'storage.k8s.io': { StorageClass: 'storageclasses', CSIDriver: 'csidrivers', CSINode: 'csinodes', VolumeAttachment: 'volumeattachments', CSIStorageCapacity: 'csistoragecapacities' },
  'scheduling.k8s.io': { PriorityClass: 'priorityclasses' },
  'node.k8s.io': { RuntimeClass: 'runtimeclasses' },
  'coordination.k8s.io': { Lease: 'leases' },
  'discovery.k8s.io': { EndpointSlice: 'endpointslices' },
  'events.k8s.io': { Event: 'events' },
  'certificates.k8s.io': { CertificateSigningRequest: 'certificatesigningrequests' },
  'apiextensions.k8s.io': { CustomResourceDefinition: 'customresourcedefinitions' },
  'apiregistration.k8s.io': { APIService: 'apiservices' },
  'admissionregistration.k8s.io': {
    MutatingWebhookConfiguration: 'mutatingwebhookconfigurations', ValidatingWebhookConfiguration: 'validatingwebhookconfigurations',
    ValidatingAdmissionPolicy: 'validatingadmissionpolicies', ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
  },
  'flowcontrol.apiserver.k8s.io': { FlowSchema: 'flowschemas', PriorityLevelConfiguration: 'prioritylevelconfigurations' },
};

/** API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (core). */
export function groupOfApiVersion(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The plural of a built-in kind, or undefined for any other kind (a CRD's: ask the cluster). */
export function builtInPlural(group: string, kind: string): string | undefined {
  return BUILT_IN_PLURALS[group]?.[kind];
}

/**
 * The usual English plural of a kind (lowercase + s/es/ies), as CRD generators default it. A
 * guess: a CRD author may choose another, so a caller that relies on it must say so.
 */
export function guessPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
