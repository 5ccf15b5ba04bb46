// The seed document's "Complete Verification Flow", step by step, through the real sync, the real
// state machine file and the real adapters, against MariaDB and the emulated (or a real) cluster.
import { SimulatedClock } from '../../local/simulated-clock';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import {
  appDeployment, condition, connectionSecret, e2eCluster, Gate, gone, quantity, stopRunEnvironment, runUid, insertNode, labels, lynqNode, nodeNamespace, rdsInstance, runHealthCheck, SCHEMA_SQL, updateNode,
  scenario,
} from './e2e-helpers';

describe('database-per-node: the seed verification flow', () => {
  /** This run's node (a real cluster may hold other runs' nodes). */
  const ACME = runUid('acme-corp');
  let env: LocalEnvironment;
  let hold: ((execution: string, state: string, input: unknown) => Promise<void>) | undefined;
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));

  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...e2eCluster('seed'), configDir: EXAMPLE_DIR, sqlFiles: [SCHEMA_SQL], clock, rdsReadyAfterSeconds: 15 * 60,
      beforeTask: (execution, state, input) => hold?.(execution, state, input) ?? Promise.resolve(),
    });
  });
  afterAll(() => stopRunEnvironment(env));

  scenario("the seed's verification flow, step by step: provision, no-op, plan change, hand-started run, deactivation, reactivation", [
    ['a new row is provisioned: namespace, then the database (waited for), then the app', async () => {
    // Step 1: the row.
    await insertNode(env, ACME);

    // The execution is held before its first apply, then at its second readiness check of the
    // RDS instance, i.e. mid-wait.
    const beforeApply = new Gate();
    const midWait = new Gate();
    let rdsChecks = 0;
    hold = async (_execution, state, input) => {
      const id = (input as { id?: string }).id;
      if (state === 'ApplyResource' && id === 'node-namespace') await beforeApply.arrive();
      if (state === 'CheckReady' && id === 'rds-instance' && ++rdsChecks === 2) await midWait.arrive();
    };

    const report = await env.sync();
    expect(report.started).toHaveLength(1);
    expect(report.started[0].startsWith(`${ACME}-database-provisioning-`)).toBe(true);

    await beforeApply.reached;
    const claimed = await lynqNode(env, ACME);
    expect(claimed?.status).toMatchObject({ readyResources: 0, desiredResources: 3, readySummary: '0/3' });
    expect(claimed?.status?.currentExecution).toBe(report.started[0]);
    beforeApply.open();

    await midWait.reached;
    await env.simulators!.reconcileOnce();
    // Step 2: LynqNode created, waiting for the database.
    const waiting = await lynqNode(env, ACME);
    expect(waiting?.status?.desiredResources).toBe(3);
    expect(waiting?.status).toMatchObject({ readyResources: 1, readySummary: '1/3' }); // the namespace
    expect(condition(waiting, 'Ready')?.status).toBe('False');
    expect(condition(waiting, 'Progressing')?.message).toBe('Waiting for rds-instance to become ready');
    // Step 3: the RDS instance is creating; the app does not exist yet.
    expect((await rdsInstance(env, ACME))?.status).toMatchObject({ atProvider: { dbInstanceStatus: 'creating' } });
    expect(await appDeployment(env, ACME)).toBeUndefined();
    expect(await connectionSecret(env, ACME)).toBeUndefined();

    midWait.open();
    const [result] = await env.settle();
    expect(result.status).toBe('SUCCEEDED');

    // Step 4: the connection secret with its four keys.
    const secret = await connectionSecret(env, ACME);
    expect(Object.keys((secret?.data ?? {})).sort()).toEqual(['endpoint', 'password', 'port', 'username']);
    // Step 5: the app, wired to the secret, 2/2.
    const app = await appDeployment(env, ACME);
    const container = (app as any).spec.template.spec.containers[0];
    expect(container.env.find((e: any) => e.name === 'DATABASE_HOST').valueFrom.secretKeyRef).toEqual({ name: `${ACME}-db-conn`, key: 'endpoint' });
    expect(container.resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect((app as any).status.readyReplicas).toBe(2);
    const ready = await lynqNode(env, ACME);
    expect(ready?.status).toMatchObject({ readyResources: 3, desiredResources: 3, failedResources: 0, readySummary: '3/3' });
    expect(condition(ready, 'Ready')).toMatchObject({ status: 'True', reason: 'Reconciled' });
    // Cluster-scoped kinds are recorded without the targetNamespace they ignore.
    expect([...(ready?.status?.appliedResources ?? [])].sort()).toEqual([
      `Deployment/node-${ACME}/${ACME}-app@app`, `Namespace//node-${ACME}@node-namespace`, `RDSInstance//${ACME}-postgres@rds-instance`,
    ]);

    // The seed's health-check script, unchanged, with kubectl.
    const output = await runHealthCheck(env, ACME);
    expect(output).toContain('1. LynqNode Status:\nTrue');
    expect(output).toContain('2. RDS Instance Status:\navailable');
    // The region is the example form's REPLACE_ME_AWS_REGION setting until a user fills it in.
    expect(output).toMatch(new RegExp(`3\\. Connection Secret:\\n${ACME}-postgres\\.[a-z0-9]+\\.[A-Za-z0-9_-]+\\.rds\\.amazonaws\\.com`));
    expect(output).toContain('4. Application Status:\n2/2');
    }],

    ['a second sync with nothing changed starts nothing', async () => {
    const report = await env.sync();
    expect(report.started).toEqual([]);
    }],

    ['plan pro -> enterprise updates the app and leaves the database alone (creationPolicy Once)', async () => {
    const rdsBefore = await rdsInstance(env, ACME);
    await updateNode(env, ACME, { plan_type: 'enterprise', db_instance_class: 'db.m5.large' });
    const report = await env.sync();
    expect(report.started).toHaveLength(1);
    const results = await env.settle();
    expect(results.at(-1)?.status).toBe('SUCCEEDED');

    const app = await appDeployment(env, ACME);
    const requests = (app as any).spec.template.spec.containers[0].resources.requests;
    expect(Object.keys(requests).sort()).toEqual(['cpu', 'memory']);
    expect([quantity(requests.cpu), quantity(requests.memory)]).toEqual([quantity('1000m'), quantity('2Gi')]); // stored as "1"
    const rdsAfter = await rdsInstance(env, ACME);
    expect(rdsAfter?.metadata.generation).toBe(rdsBefore?.metadata.generation);
    expect(rdsAfter?.metadata.annotations?.['lynq.sh/applied-hash']).toBe(rdsBefore?.metadata.annotations?.['lynq.sh/applied-hash']);
    expect((rdsAfter as any).spec.forProvider.dbInstanceClass).toBe('db.t3.small');
    expect(condition(await lynqNode(env, ACME), 'Ready')?.status).toBe('True');
    }],

    ['a hand-started execution with {"uid": "acme-corp"} re-applies the node', async () => {
    await env.kube.makeApiClient((await import('@kubernetes/client-node')).AppsV1Api)
      .deleteNamespacedDeployment({ name: `${ACME}-app`, namespace: `node-${ACME}` });
    expect(await appDeployment(env, ACME)).toBeUndefined();
    const execution = await env.startExecution({ uid: ACME });
    const result = await execution.done;
    expect(result.status).toBe('SUCCEEDED');
    expect(await appDeployment(env, ACME)).toBeDefined();
    }],

    ['deactivation deletes the namespace and app and retains the database with orphan markers', async () => {
    await updateNode(env, ACME, { is_active: 0 });
    const report = await env.sync();
    expect(report.deletions).toHaveLength(1);
    await env.settle();

    expect(await appDeployment(env, ACME)).toBeUndefined();
    await gone(`namespace node-${ACME}`, () => nodeNamespace(env, ACME));
    expect(await lynqNode(env, ACME)).toBeUndefined();
    const rds = await rdsInstance(env, ACME);
    expect(labels(rds)['lynq.sh/orphaned']).toBe('true');
    expect(labels(rds)['lynq.sh/node']).toBeUndefined();
    expect(rds?.metadata.annotations?.['lynq.sh/orphaned-reason']).toBe('LynqNodeDeleted');
    expect(rds?.metadata.annotations?.['lynq.sh/orphaned-at']).toMatch(/^\d{4}-\d\d-\d\dT/);
    }],

    ['reactivation adopts the retained database back', async () => {
    await updateNode(env, ACME, { is_active: 1 });
    const report = await env.sync();
    expect(report).toMatchObject({ started: [expect.stringMatching(new RegExp(`^${ACME}-database-provisioning-`))] });
    const results = await env.settle();
    expect(results.at(-1)?.status).toBe('SUCCEEDED');
    const rds = await rdsInstance(env, ACME);
    expect(labels(rds)['lynq.sh/orphaned']).toBeUndefined();
    expect(labels(rds)['lynq.sh/node']).toBe(`${ACME}-database-provisioning`);
    expect(rds?.metadata.annotations?.['lynq.sh/orphaned-reason']).toBeUndefined();
    expect(condition(await lynqNode(env, ACME), 'Ready')?.status).toBe('True');
    }],
  ]);
});
