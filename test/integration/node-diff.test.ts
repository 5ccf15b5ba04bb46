// diffNode (`lynq-sfn plan --diff`) against a real HTTP Kubernetes API (the emulator, or
// LYNQ_TEST_KUBECONFIG): it follows the apply's rules (applied-hash skip, ignoreFields,
// conflicts), asks the server with a dry run, writes nothing, and never shows a Secret's values.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { applyResource } from '../../lambdas/adapters/resource-apply';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { renderResource } from '../../lambdas/core/template/template-render';
import { templateVariables } from '../../lambdas/core/sync/row-mapping';
import { diffNode } from '../../lambdas/workflow/node-diff';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { createNamespace, kubectl } from './kube-fixtures';

let cluster: TestCluster;
let ns: string;
let form: FormConfig;

const NOW = new Date('2026-11-29T09:00:00Z');
const node = (tier: string, password: string): NodeValues => ({ uid: 'acme', activate: true, tier, password });
const identity = () => ({ nodeName: 'acme-app', recordNamespace: 'lynq-system', uid: 'acme', form: 'app', hubId: 'hub' });

beforeAll(async () => {
  cluster = await connectTestCluster();
  ns = cluster.uniqueName('diff');
  await createNamespace(cluster, ns);
  const dir = mkdtempSync(join(tmpdir(), 'node-diff-'));
  writeFileSync(join(dir, 'hub.yaml'), `apiVersion: sfn.lynq.sh/v1
kind: LynqHub
metadata: { name: hub }
spec:
  source: { type: mysql, syncInterval: 1m, mysql: { host: 127.0.0.1, port: 3306, database: d, username: u, table: t } }
  valueMappings: { uid: id, activate: active }
  extraValueMappings: { tier: tier, password: password }
`);
  writeFileSync(join(dir, 'form.yaml'), `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: { name: app }
spec:
  hubId: hub
  secrets:
    - id: creds
      nameTemplate: "<%= uid %>-creds"
      targetNamespace: ${ns}
      waitForReady: false
      spec:
        apiVersion: v1
        kind: Secret
        stringData:
          password: "<%= password %>"
  configMaps:
    - id: settings
      nameTemplate: "<%= uid %>-settings"
      targetNamespace: ${ns}
      ignoreFields: ["$.data.hint"]
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          tier: "<%= tier %>"
          hint: "from the form"
    - id: taken
      nameTemplate: "<%= uid %>-taken"
      targetNamespace: ${ns}
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          tier: "<%= tier %>"
`);
  form = loadProjectConfig(dir).forms[0];
  // Provisioned for (gold, s3cret-one) by the real apply; "taken" belongs to someone else.
  const values = templateVariables(node('gold', 's3cret-one'), form);
  for (const id of ['creds', 'settings']) {
    await applyResource(cluster.kubeConfig, renderResource(form, id, values, { now: NOW }), { ...identity(), now: NOW });
  }
  await KubeRest.for(cluster.kubeConfig).create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'acme-taken', namespace: ns }, data: { tier: 'theirs' } });
  // Someone edits the ignored field: the form keeps their value, so it is no change.
  await kubectl(cluster, ['patch', 'configmap', 'acme-settings', '-n', ns, '--type', 'merge', '--field-manager', 'operator-on-call', '-p', '{"data":{"hint":"edited by hand"}}']);
});

afterAll(async () => {
  await cluster?.cleanupNamespaces();
  await cluster?.stop();
});

test('a changed row: the ConfigMap field diff, the Secret changed without values, the foreign object a conflict; nothing written', async () => {
  const diffs = await diffNode(cluster.kubeConfig, form, node('platinum', 's3cret-two'), identity(), NOW);
  const byId = Object.fromEntries(diffs.map((d) => [d.id, d]));
  expect(byId.settings).toMatchObject({ kind: 'ConfigMap', name: 'acme-settings', namespace: ns, outcome: 'change' });
  expect(byId.settings.changes).toEqual([{ path: 'data.tier', change: 'changed', before: '"gold"', after: '"platinum"' }]);
  expect(byId.creds).toMatchObject({ kind: 'Secret', outcome: 'change', changes: [] });
  expect(byId.taken).toMatchObject({ outcome: 'conflict', changes: [] });
  expect(byId.taken.note).toMatch(/the apply would fail \(conflictPolicy: Stuck\)/);
  const text = JSON.stringify(diffs);
  for (const secret of ['s3cret-one', 's3cret-two', Buffer.from('s3cret-one').toString('base64'), Buffer.from('s3cret-two').toString('base64')]) {
    expect(text).not.toContain(secret);
  }
  // A dry run: the live objects are as they were.
  expect(await kubectl(cluster, ['get', 'configmap', 'acme-settings', '-n', ns, '-o', 'jsonpath={.data.tier}/{.data.hint}'])).toBe('gold/edited by hand');
  // (A real API server moves stringData into data; the emulator keeps it: either way the old value only.)
  const secret = await kubectl(cluster, ['get', 'secret', 'acme-creds', '-n', ns, '-o', 'json']);
  expect(secret.includes('s3cret-one') || secret.includes(Buffer.from('s3cret-one').toString('base64'))).toBe(true);
  expect(secret).not.toContain('s3cret-two');
  expect(secret).not.toContain(Buffer.from('s3cret-two').toString('base64'));
});

test('the same row: unchanged, because the apply would skip objects whose applied hash matches', async () => {
  const diffs = await diffNode(cluster.kubeConfig, form, node('gold', 's3cret-one'), identity(), NOW);
  expect(diffs.map((d) => `${d.id}:${d.outcome}`)).toEqual(['settings:unchanged', 'taken:conflict', 'creds:unchanged']);
});
