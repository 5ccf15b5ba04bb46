// Drift correction without a controller (issue #13), on the real MariaDB, the real state machine and
// the emulated cluster (or LYNQ_TEST_KUBECONFIG's): an object deleted by hand and a field changed by
// another field manager are each found by the next detection round and repaired by the repair
// execution it starts, which records the drift on the LynqNode, while a field the form ignores
// (changed by the same hand) is left alone. Under conflictPolicy Stuck the repair reports the
// other manager's conflict instead of taking the field back.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { SimulatedClock } from '../../local/simulated-clock';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import type { ListCost } from '../../lambdas/adapters/managed-object-metadata';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { runDriftRound } from '../../lambdas/workflow/drift-round';
import { driftRoundDeps } from '../../lambdas/adapters/drift-round-deps';
import { condition, e2eCluster, Gate, insertNode, runUid, SCHEMA_SQL, stopRunEnvironment, scenario } from './e2e-helpers';

const exec = promisify(execFile);
jest.setTimeout(180_000);

const FORM = `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata:
  name: drift-watch
spec:
  hubId: database-per-node
  namespaces:
    - id: space
      nameTemplate: "drift-<%= uid %>"
      spec:
        apiVersion: v1
        kind: Namespace
  configMaps:
    - id: settings
      nameTemplate: "<%= uid %>-settings"
      targetNamespace: "drift-<%= uid %>"
      dependIds: [space]
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          plan: "<%= planType %>"
  deployments:
    - id: app
      nameTemplate: "<%= uid %>-app"
      targetNamespace: "drift-<%= uid %>"
      dependIds: [space]
      conflictPolicy: Force
      # An autoscaler owns the replica count once the Deployment exists.
      ignoreFields: ["$.spec.replicas"]
      spec:
        apiVersion: apps/v1
        kind: Deployment
        spec:
          replicas: 2
          selector:
            matchLabels: { app: "<%= uid %>" }
          template:
            metadata:
              labels: { app: "<%= uid %>" }
            spec:
              containers:
                - name: app
                  image: "nginx:1.27"
                  env:
                    - name: PLAN
                      value: "<%= planType %>"
`;

describe('drift correction', () => {
  const UID = runUid('drifty');
  const NS = `drift-${UID}`;
  const RECORD = `${UID}-drift-watch`;
  let env: LocalEnvironment;
  let dir: string;
  /** Holds the repair execution before it claims the node, until the test opens it. */
  const repairHeld = new Gate();
  const kubectl = (...args: string[]) => exec('kubectl', ['--kubeconfig', env.kubeconfigPath, ...args]);
  const deployment = async () => (await readLiveObject(env.kube, { apiVersion: 'apps/v1', kind: 'Deployment', name: `${UID}-app`, namespace: NS })) as unknown as {
    spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
  };
  const configMap = () => readLiveObject(env.kube, { apiVersion: 'v1', kind: 'ConfigMap', name: `${UID}-settings`, namespace: NS });
  const round = (cost?: ListCost) => runDriftRound(driftRoundDeps(env.deps, env.config, env.starter, { cost }), env.config, DEFAULT_SYNC_SETTINGS, { intervalMinutes: 10, maxConcurrentRepairs: 5 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lynq-drift-'));
    copyFileSync(join(EXAMPLE_DIR, 'hub.yaml'), join(dir, 'hub.yaml'));
    writeFileSync(join(dir, 'form.yaml'), FORM);
    env = await startLocalEnvironment({
      ...e2eCluster('drift'), configDir: dir, sqlFiles: [SCHEMA_SQL], clock: new SimulatedClock(),
      beforeTask: async (execution, state) => {
        if (state === 'LoadNode' && execution.includes('-fix-')) await repairHeld.arrive();
      },
    });
    await insertNode(env, UID);
    await env.sync();
    expect((await env.settle()).map((r) => r.status)).toEqual(['SUCCEEDED']);
  });
  afterAll(async () => {
    await stopRunEnvironment(env);
    rmSync(dir, { recursive: true, force: true });
  });

  scenario('drift correction, step by step: no drift, repairs by the next round, Stuck reported', [
    ['a node as its execution left it has no drift: one metadata-only LIST per kind, nothing started', async () => {
    const cost: ListCost = { calls: 0, bytes: 0, items: 0 };
    const report = await round(cost);
    expect(report.nodesChecked).toBe(1);
    expect(report.kinds.sort()).toEqual(['apps/v1 Deployment', 'v1 ConfigMap', 'v1 Namespace']);
    expect(report.drifted).toEqual([]);
    expect(report.repairs).toEqual([]);
    // One page per kind (other runs' objects on a real cluster fit in its 500 items too).
    expect(cost.calls).toBe(3);
    expect(cost.items).toBeGreaterThanOrEqual(3);
    }],

    ['an object deleted by hand and a field taken by another manager are repaired by the next round; the ignored field is left alone', async () => {
    await kubectl('delete', 'configmap', `${UID}-settings`, '-n', NS, '--wait=true');
    // kubectl edit / set image: an Update by another manager takes the image from lynq-sfn.
    await kubectl('patch', 'deployment', `${UID}-app`, '-n', NS, '--type', 'strategic', '--field-manager', 'kubectl-edit',
      '-p', JSON.stringify({ spec: { replicas: 5, template: { spec: { containers: [{ name: 'app', image: 'nginx:1.26-hotfix' }] } } } }));
    expect(await configMap()).toBeUndefined();

    const report = await round();
    expect(report.drifted).toEqual([{
      node: RECORD, uid: UID, form: 'drift-watch',
      resources: [
        // spec.replicas changed hands too, but the form ignores it: never drift.
        { id: 'app', kind: 'Deployment', name: `${UID}-app`, namespace: NS, reason: 'fields-taken-over', fields: ['.spec.template.spec.containers[name=app].image'], managers: ['kubectl-edit'] },
        { id: 'settings', kind: 'ConfigMap', name: `${UID}-settings`, namespace: NS, reason: 'missing' },
      ],
    }]);
    expect(report.repairs).toHaveLength(1);
    expect(report.repairs[0]).toMatch(new RegExp(`^${UID}-drift-watch-fix-[0-9a-f]{10}-[0-9a-f]{6}$`));
    // A second round before the repair claimed the node finds the same drift and agrees on the name: one repair.
    await repairHeld.reached;
    expect((await round()).repairs).toEqual(report.repairs);
    repairHeld.open();

    const results = await env.settle();
    expect(results.map((r) => [r.name, r.status])).toEqual([[report.repairs[0], 'SUCCEEDED']]);
    expect((await configMap())?.data).toEqual({ plan: 'pro' });
    const app = await deployment();
    expect(app.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(app.spec.replicas).toBe(5);

    const record = await env.deps.records.get(RECORD);
    expect(record?.status?.drift).toEqual({
      detectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      repairExecution: report.repairs[0],
      resources: report.drifted[0].resources,
    });
    expect(record?.status?.lastExecution).toBe(report.repairs[0]);
    expect(condition(record, 'Ready')?.status).toBe('True');

    // Repaired: the next round finds nothing, and the ignored replica count is still the autoscaler's.
    const after = await round();
    expect(after.drifted).toEqual([]);
    expect(after.repairs).toEqual([]);
    expect((await deployment()).spec.replicas).toBe(5);
    }],

    ['with conflictPolicy Stuck a taken field is reported, not taken back: the repair fails naming the other manager', async () => {
    await kubectl('patch', 'configmap', `${UID}-settings`, '-n', NS, '--type', 'merge', '--field-manager', 'kubectl-edit', '-p', JSON.stringify({ data: { plan: 'hand-set' } }));
    const report = await round();
    expect(report.drifted.map((d) => d.resources)).toEqual([[
      { id: 'settings', kind: 'ConfigMap', name: `${UID}-settings`, namespace: NS, reason: 'fields-taken-over', fields: ['.data.plan'], managers: ['kubectl-edit'] },
    ]]);
    const results = await env.settle();
    expect(results.map((r) => [r.name, r.status])).toEqual([[report.repairs[0], 'FAILED']]);
    expect((await configMap())?.data).toEqual({ plan: 'hand-set' });
    const ready = condition(await env.deps.records.get(RECORD), 'Ready');
    expect(ready?.status).toBe('False');
    expect(ready?.message).toContain(`settings: conflict applying ConfigMap ${NS}/${UID}-settings: .data.plan is owned by field manager "kubectl-edit"`);
    }],
  ]);
});
