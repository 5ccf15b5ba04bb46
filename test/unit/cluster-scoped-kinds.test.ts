import { isKnownClusterScoped } from '../../lambdas/core/apply/cluster-scoped-kinds';

describe('kinds known to be cluster-scoped offline', () => {
  test('built-in kinds by group, namespaced kinds of the same groups excluded', () => {
    expect(isKnownClusterScoped('v1', 'Namespace')).toBe(true);
    expect(isKnownClusterScoped('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe(true);
    expect(isKnownClusterScoped('storage.k8s.io/v1', 'StorageClass')).toBe(true);
    expect(isKnownClusterScoped('v1', 'ConfigMap')).toBe(false);
    expect(isKnownClusterScoped('rbac.authorization.k8s.io/v1', 'Role')).toBe(false);
    expect(isKnownClusterScoped('apps/v1', 'Deployment')).toBe(false);
  });

  test("Crossplane's classic managed resources are cluster-scoped, v2's `.m.` groups and Usage are not", () => {
    expect(isKnownClusterScoped('database.aws.crossplane.io/v1beta1', 'RDSInstance')).toBe(true);
    expect(isKnownClusterScoped('rds.aws.upbound.io/v1beta1', 'Instance')).toBe(true);
    expect(isKnownClusterScoped('rds.aws.m.upbound.io/v1beta1', 'Instance')).toBe(false);
    expect(isKnownClusterScoped('protection.crossplane.io/v1beta1', 'Usage')).toBe(false);
    expect(isKnownClusterScoped('example.com/v1', 'Widget')).toBe(false);
  });
});
