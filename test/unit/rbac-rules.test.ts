import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { registerRbacCommand, rbacYaml } from '../../cli/rbac-command';
import type { FormConfig, ResourceList, ResourceTemplate } from '../../lambdas/core/config/config-model';
import {
  clusterRoleRules,
  groupOfApiVersion,
  LYNQ_SYNC_KUBERNETES_GROUP,
  LYNQ_TASKS_KUBERNETES_GROUP,
  formKinds,
  parseExplicitPlurals,
  passwordSecretRbac,
  rbacManifests,
  RbacRuleError,
  resolvePluralsOffline,
} from '../../lib/rbac-rules';
import { builtInPlural, guessPlural } from '../../lambdas/core/apply/kind-plurals';

function resource(id: string, list: ResourceList, spec: unknown): ResourceTemplate {
  return {
    id, list, spec, nameTemplate: id, targetNamespace: 'default', labelsTemplate: {}, annotationsTemplate: {},
    dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete', conflictPolicy: 'Stuck',
    patchStrategy: 'apply', waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [],
  };
}

function form(name: string, resources: ResourceTemplate[]): FormConfig {
  return { name, file: `/cfg/${name}.yaml`, hubId: 'hub', resources, contentHash: 'x' };
}

const ALL_VERBS = ['get', 'list', 'create', 'patch', 'update', 'delete'];

describe('plurals: one table for built-in kinds, a guess only with a warning', () => {
  it.each([
    ['', 'Namespace', 'namespaces'],
    ['', 'Endpoints', 'endpoints'],
    ['', 'ComponentStatus', 'componentstatuses'],
    ['networking.k8s.io', 'Ingress', 'ingresses'],
    ['networking.k8s.io', 'NetworkPolicy', 'networkpolicies'],
    ['storage.k8s.io', 'CSIStorageCapacity', 'csistoragecapacities'],
    ['apps', 'Deployment', 'deployments'],
  ])('built-in %s %s -> %s', (group, kind, plural) => {
    expect(builtInPlural(group, kind)).toBe(plural);
  });

  it('knows no plural for a CRD\'s kind, nor for a built-in kind name in another group', () => {
    expect(builtInPlural('mongodbcommunity.mongodb.com', 'MongoDBCommunity')).toBeUndefined();
    expect(builtInPlural('example.com', 'Deployment')).toBeUndefined();
  });

  it.each([
    ['Gateway', 'gateways'], ['RDSInstance', 'rdsinstances'], ['Prometheus', 'prometheuses'], ['Box', 'boxes'], ['Mesh', 'meshes'], ['Policy', 'policies'],
  ])('guesses %s -> %s', (kind, plural) => {
    expect(guessPlural(kind)).toBe(plural);
  });

  const mongo = { apiVersion: 'mongodbcommunity.mongodb.com/v1', group: 'mongodbcommunity.mongodb.com', kind: 'MongoDBCommunity' };
  const deployment = { apiVersion: 'apps/v1', group: 'apps', kind: 'Deployment' };

  it('offline, a non-built-in kind gets a guess and a warning that says how to give the real plural', () => {
    const { plurals, warnings } = resolvePluralsOffline([deployment, mongo]);
    expect(plurals.get('apps/Deployment')).toBe('deployments');
    expect(plurals.get('mongodbcommunity.mongodb.com/MongoDBCommunity')).toBe('mongodbcommunities');
    expect(warnings).toEqual([
      'MongoDBCommunity (mongodbcommunity.mongodb.com/v1) is not a built-in kind: its plural "mongodbcommunities" is a guess. ' +
        'Check it against the CRD\'s spec.names.plural, and pass --plural MongoDBCommunity=<plural>, or --kubeconfig to read it from the cluster.',
    ]);
  });

  it('an explicit plural (Kind= or Kind.group=) wins and silences the warning', () => {
    expect(resolvePluralsOffline([mongo], parseExplicitPlurals(['MongoDBCommunity=mongodbcommunity']))).toEqual({
      plurals: new Map([['mongodbcommunity.mongodb.com/MongoDBCommunity', 'mongodbcommunity']]), warnings: [],
    });
    const byGroup = parseExplicitPlurals(['MongoDBCommunity.mongodbcommunity.mongodb.com=mongodbcommunity', 'MongoDBCommunity.other.io=wrong']);
    expect(resolvePluralsOffline([mongo], byGroup).plurals.get('mongodbcommunity.mongodb.com/MongoDBCommunity')).toBe('mongodbcommunity');
  });

  it.each(['MongoDBCommunity', 'MongoDBCommunity=', '=mongodbcommunity', 'MongoDBCommunity=MongoDBCommunity', 'Kind=a b'])('refuses --plural %j', (entry) => {
    expect(() => parseExplicitPlurals([entry])).toThrow(RbacRuleError);
    expect(() => parseExplicitPlurals([entry])).toThrow('expected Kind=plural or Kind.group=plural');
  });

  it('the ClusterRole grants the resolved plural, not a guess', () => {
    const forms = [form('db', [resource('mongo', 'manifests', { apiVersion: mongo.apiVersion, kind: mongo.kind })])];
    const plurals = resolvePluralsOffline(formKinds(forms), parseExplicitPlurals(['MongoDBCommunity=mongodbcommunity'])).plurals;
    expect(clusterRoleRules(forms, plurals)[0]).toEqual({ apiGroups: ['mongodbcommunity.mongodb.com'], resources: ['mongodbcommunity'], verbs: ALL_VERBS });
  });
});

describe('groupOfApiVersion', () => {
  it('splits the group off and maps v1 to the core group', () => {
    expect(groupOfApiVersion('apps/v1')).toBe('apps');
    expect(groupOfApiVersion('database.aws.crossplane.io/v1beta1')).toBe('database.aws.crossplane.io');
    expect(groupOfApiVersion('v1')).toBe('');
  });
});

describe('clusterRoleRules', () => {
  it('grants exactly the kinds the forms place, grouped by API group, plus LynqNode records', () => {
    const forms = [
      form('a', [
        resource('ns', 'namespaces', { apiVersion: 'v1', kind: 'Namespace' }),
        resource('app', 'deployments', { apiVersion: 'apps/v1', kind: 'Deployment' }),
        resource('svc', 'services', { apiVersion: 'v1', kind: 'Service' }),
      ]),
      form('b', [
        resource('app2', 'deployments', { apiVersion: 'apps/v1', kind: 'Deployment' }),
        resource('np', 'networkPolicies', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }),
      ]),
    ];
    expect(clusterRoleRules(forms)).toEqual([
      { apiGroups: [''], resources: ['namespaces', 'services'], verbs: ALL_VERBS },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ALL_VERBS },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ALL_VERBS },
      { apiGroups: ['sfn.lynq.sh'], resources: ['lynqnodes'], verbs: ALL_VERBS },
      { apiGroups: ['sfn.lynq.sh'], resources: ['lynqnodes/status'], verbs: ['get', 'patch', 'update'] },
    ]);
  });

  it('names the form file, resource and field when a kind is missing', () => {
    const forms = [form('a', [resource('broken', 'manifests', { apiVersion: 'v1' })])];
    expect(() => clusterRoleRules(forms)).toThrow(RbacRuleError);
    expect(() => clusterRoleRules(forms)).toThrow('/cfg/a.yaml: form a, resource broken: field spec.kind is missing or not a string');
  });

  it('refuses a templated apiVersion, because RBAC cannot follow row values', () => {
    const forms = [form('a', [resource('cr', 'manifests', { apiVersion: '<%= group %>/v1', kind: 'Thing' })])];
    expect(() => clusterRoleRules(forms)).toThrow(/resource cr: field spec.apiVersion must not contain a template/);
  });
});

describe('rbacManifests', () => {
  it('binds a ClusterRole that reads LynqNodes and writes only the status records to the sync group and the forms\' ClusterRole to the task group', () => {
    const [syncRole, syncBinding, taskRole, taskBinding] = rbacManifests([form('a', [resource('ns', 'namespaces', { apiVersion: 'v1', kind: 'Namespace' })])]);
    // The records, the hub and form status records, and a list of the forms' kinds for drift detection.
    expect(syncRole).toMatchObject({
      kind: 'ClusterRole',
      rules: [
        { apiGroups: ['sfn.lynq.sh'], resources: ['lynqnodes'], verbs: ['get', 'list'] },
        // The hub and form status records (issue #13): created by apply and patched, never deleted or listed.
        { apiGroups: ['sfn.lynq.sh'], resources: ['lynqforms', 'lynqforms/status', 'lynqhubs', 'lynqhubs/status'], verbs: ['get', 'create', 'patch'] },
        { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
      ],
    });
    expect(syncBinding).toMatchObject({
      kind: 'ClusterRoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: syncRole.metadata.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: LYNQ_SYNC_KUBERNETES_GROUP }],
    });
    expect(taskRole.kind).toBe('ClusterRole');
    expect(taskBinding).toMatchObject({
      kind: 'ClusterRoleBinding',
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: taskRole.metadata.name },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: LYNQ_TASKS_KUBERNETES_GROUP }],
    });
    expect(syncRole.metadata.name).not.toBe(taskRole.metadata.name);
  });
});

describe('lynq-sfn rbac', () => {
  const root = path.resolve(__dirname, '..', '..');
  const exampleDir = path.join(root, 'examples', 'database-per-node');

  it("grants get on each hub's passwordRef Secret only, by name, to the groups that read MySQL", () => {
    const documents = parseAllDocuments(rbacYaml(path.join(root, 'examples', 'seed-verbatim'))).map((doc) => doc.toJS());
    const [role, binding] = documents.filter((d) => d.kind === 'Role' || d.kind === 'RoleBinding');
    expect(role).toMatchObject({
      metadata: { name: 'lynq-sfn-mysql-password', namespace: 'lynq-system' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['mysql-credentials'], verbs: ['get'] }],
    });
    expect(binding.subjects.map((s: { name: string }) => s.name)).toEqual(['lynq-sfn-sync', 'lynq-sfn-tasks']);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'lynq-sfn-mysql-password' });
    // No passwordRef, no Role: the example hub reads its password from Secrets Manager or the environment.
    expect(parseAllDocuments(rbacYaml(exampleDir)).map((doc) => doc.toJS().kind)).not.toContain('Role');
  });

  it('one Role per namespace, holding every passwordRef Secret there', () => {
    const objects = passwordSecretRbac([{ namespace: 'b', name: 'x' }, { namespace: 'a', name: 'y' }, { namespace: 'b', name: 'w' }]);
    expect(objects.map((o) => [o.kind, o.metadata.namespace])).toEqual([['Role', 'a'], ['RoleBinding', 'a'], ['Role', 'b'], ['RoleBinding', 'b']]);
    expect((objects[2] as unknown as { rules: { resourceNames: string[] }[] }).rules[0].resourceNames).toEqual(['w', 'x']);
  });

  it('grants the example form its Namespace, RDSInstance and Deployment, plus the LynqNode records', () => {
    const [, , role, binding] = parseAllDocuments(rbacYaml(exampleDir)).map((doc) => doc.toJS());
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['namespaces'], verbs: ALL_VERBS },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ALL_VERBS },
      { apiGroups: ['database.aws.crossplane.io'], resources: ['rdsinstances'], verbs: ALL_VERBS },
      { apiGroups: ['sfn.lynq.sh'], resources: ['lynqnodes'], verbs: ALL_VERBS },
      { apiGroups: ['sfn.lynq.sh'], resources: ['lynqnodes/status'], verbs: ['get', 'patch', 'update'] },
    ]);
    expect(binding.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'lynq-sfn-tasks' }]);
  });

  it('matches the committed manifests/rbac.yaml (regenerate it when the example form changes)', () => {
    expect(fs.readFileSync(path.join(root, 'manifests', 'rbac.yaml'), 'utf8')).toBe(rbacYaml(exampleDir));
  });

  it('prints the manifests from the command line, and warns on stderr about the guessed plural', async () => {
    const program = new Command().exitOverride();
    registerRbacCommand(program);
    const written: string[] = [];
    const warned: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const errSpy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      warned.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'lynq-sfn', 'rbac', exampleDir]);
      expect(written.join('')).toBe(rbacYaml(exampleDir));
      expect(warned.join('')).toMatch(/^warning: RDSInstance \(database\.aws\.crossplane\.io\/v1beta1\) is not a built-in kind: its plural "rdsinstances" is a guess\./);
      written.length = 0;
      warned.length = 0;
      await program.parseAsync(['node', 'lynq-sfn', 'rbac', exampleDir, '--plural', 'RDSInstance=rdsinstances']);
      expect(written.join('')).toBe(rbacYaml(exampleDir));
      expect(warned).toEqual([]);
    } finally {
      spy.mockRestore();
      errSpy.mockRestore();
    }
  });
});
