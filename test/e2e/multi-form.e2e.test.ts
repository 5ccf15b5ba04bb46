// A hub with two forms: one execution per node x form, a hand-started execution must name its form,
// and a form removed from the configuration takes its objects with it at the next sync.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../../local/simulated-clock';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { condition, gone, insertNode, lynqNode, SCHEMA_SQL, scenario } from './e2e-helpers';
import { e2eCluster, removeRunObjects, runUid } from './e2e-helpers';

const EXTRAS_FORM = `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata:
  name: node-extras
spec:
  hubId: database-per-node
  namespaces:
    - id: extras-namespace
      nameTemplate: "extras-<%= uid %>"
      spec:
        apiVersion: v1
        kind: Namespace
  configMaps:
    - id: plan
      nameTemplate: "<%= uid %>-plan"
      targetNamespace: "extras-<%= uid %>"
      dependIds: [extras-namespace]
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          plan: "<%= planType %>"
`;

describe('a hub with two forms', () => {
  const ACME = runUid('acme-corp');
  let env: LocalEnvironment;
  let dir: string;
  const extrasNamespace = () => readLiveObject(env.kube, { apiVersion: 'v1', kind: 'Namespace', name: `extras-${ACME}` });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lynq-two-forms-'));
    for (const file of ['hub.yaml', 'form.yaml']) copyFileSync(join(EXAMPLE_DIR, file), join(dir, file));
    writeFileSync(join(dir, 'extras.yaml'), EXTRAS_FORM);
    env = await startLocalEnvironment({ ...e2eCluster('forms'), configDir: dir, sqlFiles: [SCHEMA_SQL], clock: new SimulatedClock(), rdsReadyAfterSeconds: 120 });
  });
  afterAll(async () => {
    await env?.settle().catch(() => undefined);
    await removeRunObjects(env);
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  scenario('several forms per hub, step by step: one execution per node x form, a manual run without form, a removed form', [
    ['one execution per node x form', async () => {
    await insertNode(env, ACME);
    const report = await env.sync();
    expect(report.started.map((n) => n.replace(/-[0-9a-f]{10}-.*$/, '')).sort()).toEqual([`${ACME}-database-provisioning`, `${ACME}-node-extras`]);
    const results = await env.settle();
    expect(results.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const configMap = await readLiveObject(env.kube, { apiVersion: 'v1', kind: 'ConfigMap', name: `${ACME}-plan`, namespace: `extras-${ACME}` });
    expect(configMap?.data).toEqual({ plan: 'pro' });
    }],

    ['a hand-started execution without "form" fails with a message saying to add it', async () => {
    const result = await (await env.startExecution({ uid: ACME })).done;
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Lynq.Permanent');
    expect(result.cause).toMatch(/the hub has 2 forms \((database-provisioning, node-extras|node-extras, database-provisioning)\)/);
    expect(result.cause).toContain(`start the execution with {"uid": "${ACME}", "form": "<name>"}`);
    const named = await (await env.startExecution({ uid: ACME, form: 'node-extras' })).done;
    expect(named.status).toBe('SUCCEEDED');
    }],

    ['a form removed from the configuration deprovisions its objects and only those', async () => {
    // What a redeploy without extras.yaml gives the functions.
    env.config.forms.splice(env.config.forms.findIndex((f) => f.name === 'node-extras'), 1);
    const report = await env.sync();
    expect(report.deletions.map((d) => [d.record, d.reason])).toEqual([[`${ACME}-node-extras`, 'form-removed']]);
    const results = await env.settle();
    expect(results.map((r) => r.status)).toEqual(['SUCCEEDED']);
    await gone(`namespace extras-${ACME}`, extrasNamespace);
    expect(await env.deps.records.get(`${ACME}-node-extras`)).toBeUndefined();
    expect(condition(await lynqNode(env, ACME), 'Ready')?.status).toBe('True');
    }],
  ]);
});
