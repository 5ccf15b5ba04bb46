// `lynq-sfn rbac --kubeconfig`: the plurals of the forms' kinds come from the cluster's discovery
// (the emulator, or LYNQ_TEST_KUBECONFIG), so a CRD whose author chose an irregular plural
// (MongoDBCommunity -> mongodbcommunity) gets the resource it really has.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { rbacYaml, resolveRbacPlurals } from '../../cli/rbac-command';
import { loadConfigDirectory } from '../../lambdas/adapters/config-directory';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import { RbacRuleError } from '../../lib/rbac-rules';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';

/** A per-run API group: the CRD is cluster-scoped, and a shared cluster may hold another run's. */
const GROUP = `r${randomBytes(3).toString('hex')}.mongodb.example.com`;
const CRD_NAME = `mongodbcommunity.${GROUP}`;

const mongoCrd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    // As the MongoDB operator names it: the plural is the singular.
    names: { kind: 'MongoDBCommunity', plural: 'mongodbcommunity', singular: 'mongodbcommunity', listKind: 'MongoDBCommunityList' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

let cluster: TestCluster;
let rest: KubeRest;
let dir: string;

function writeConfig(kinds: { apiVersion: string; kind: string }[]): void {
  writeFileSync(join(dir, 'hub.yaml'), readFileSync(join(__dirname, '../../examples/database-per-node/hub.yaml'), 'utf8'));
  const resources = kinds.map(({ apiVersion, kind }, i) => `    - id: r${i}\n      nameTemplate: "<%= uid %>-r${i}"\n      spec: {apiVersion: ${apiVersion}, kind: ${kind}}\n`).join('');
  writeFileSync(join(dir, 'form.yaml'), `apiVersion: sfn.lynq.sh/v1\nkind: LynqForm\nmetadata: {name: mongo}\nspec:\n  hubId: database-per-node\n  manifests:\n${resources}`);
}

beforeAll(async () => {
  cluster = await connectTestCluster();
  rest = KubeRest.for(cluster.kubeConfig);
  dir = mkdtempSync(join(tmpdir(), 'lynq-rbac-'));
  await rest.serverSideApply(mongoCrd, true);
  // A real server serves the kind once the CRD is Established, a moment later.
  for (let attempt = 0; ; attempt++) {
    const crd = await rest.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: CRD_NAME });
    const conditions = (crd?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True') || (cluster.emulator && crd)) break;
    if (attempt > 300) throw new Error(`CRD ${CRD_NAME} not Established`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await rest.delete({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: CRD_NAME }).catch(() => undefined);
  await cluster.stop();
});

test('with --kubeconfig, the ClusterRole grants the plural the cluster serves, for CRDs and built-ins alike', async () => {
  writeConfig([{ apiVersion: `${GROUP}/v1`, kind: 'MongoDBCommunity' }, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }]);
  const resolution = await resolveRbacPlurals(loadConfigDirectory(dir), { kubeconfig: cluster.kubeconfigPath });
  expect(resolution.warnings).toEqual([]);
  const [, , role] = parseAllDocuments(rbacYaml(dir, { plurals: resolution.plurals })).map((doc) => doc.toJS());
  expect(role.rules.slice(0, 2)).toEqual([
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'create', 'patch', 'update', 'delete'] },
    { apiGroups: [GROUP], resources: ['mongodbcommunity'], verbs: ['get', 'list', 'create', 'patch', 'update', 'delete'] },
  ]);

  // Offline, the same form gets a guess, which is wrong here, and a warning that says so.
  const offline = await resolveRbacPlurals(loadConfigDirectory(dir), {});
  expect(offline.plurals.get(`${GROUP}/MongoDBCommunity`)).toBe('mongodbcommunities');
  expect(offline.warnings).toHaveLength(1);
  expect(offline.warnings[0]).toContain('MongoDBCommunity');
});

test('a kind the cluster does not serve fails, naming it and the way out', async () => {
  writeConfig([{ apiVersion: `${GROUP}/v1`, kind: 'MongoDBEnterprise' }]);
  const failure = resolveRbacPlurals(loadConfigDirectory(dir), { kubeconfig: cluster.kubeconfigPath });
  await expect(failure).rejects.toBeInstanceOf(RbacRuleError);
  await expect(failure).rejects.toThrow(`the cluster does not serve MongoDBEnterprise in ${GROUP}/v1`);
  await expect(failure).rejects.toThrow('pass --plural MongoDBEnterprise=<plural>');
  // An explicit plural needs no discovery.
  const explicit = await resolveRbacPlurals(loadConfigDirectory(dir), { kubeconfig: cluster.kubeconfigPath, plural: ['MongoDBEnterprise=mongodbenterprise'] });
  expect(explicit.plurals.get(`${GROUP}/MongoDBEnterprise`)).toBe('mongodbenterprise');
});
