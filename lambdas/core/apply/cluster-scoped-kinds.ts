// Kinds known to be cluster-scoped without asking a cluster. The apply asks the API server
// (discovery) and drops a namespace from such objects; `lynq-sfn render` runs offline and uses
// this list so that what it prints is what the apply will place. A kind not listed here keeps
// whatever namespace the form gives it, which is also what the apply does with namespaced kinds.

/** Built-in cluster-scoped kinds, by API group ('' is the core group). */
const BUILT_IN: Readonly<Record<string, readonly string[]>> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'admissionregistration.k8s.io': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment'],
  'scheduling.k8s.io': ['PriorityClass'],
  'networking.k8s.io': ['IngressClass'],
  'node.k8s.io': ['RuntimeClass'],
  'certificates.k8s.io': ['CertificateSigningRequest'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
};

// Crossplane's packages, compositions and classic managed resources (the seed's RDSInstance in
// database.aws.crossplane.io, Upbound's rds.aws.upbound.io) are cluster-scoped. Crossplane v2's
// namespaced managed resources live in `.m.` groups, and its Usage is namespaced.
const CROSSPLANE_GROUP = /^[a-z0-9.-]+\.(crossplane|upbound)\.io$/;
const CROSSPLANE_NAMESPACED_GROUP = /(^|\.)m\.|^protection\.crossplane\.io$/;

export function isKnownClusterScoped(apiVersion: string, kind: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  if (BUILT_IN[group]?.includes(kind)) return true;
  return CROSSPLANE_GROUP.test(group) && !CROSSPLANE_NAMESPACED_GROUP.test(group);
}
