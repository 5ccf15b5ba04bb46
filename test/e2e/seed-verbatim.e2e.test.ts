// The seed document's verification flow with its LynqHub and LynqForm exactly as written there
// (Go templates, the unquoted `allocatedStorage: {{ .dbStorageGb }}`), through the real sync, the
// real state machine file and the real adapters, against MariaDB and the emulated (or a real) cluster.
import { join } from 'node:path';
import { SimulatedClock } from '../../local/simulated-clock';
import { startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import {
  appDeployment, condition, connectionSecret, e2eCluster, insertNode, labels, lynqNode, nodeNamespace, quantity, rdsInstance, stopRunEnvironment, runHealthCheck, runUid, updateNode,
  scenario,
} from './e2e-helpers';

const VERBATIM_DIR = join(__dirname, '..', '..', 'examples', 'seed-verbatim');

describe('examples/seed-verbatim: the seed verification flow with the seed\'s own YAML', () => {
  /** This run's node (a real cluster may hold other runs' nodes). */
  const ACME = runUid('acme-corp');
  let env: LocalEnvironment;
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));

  beforeAll(async () => {
    env = await startLocalEnvironment({ ...e2eCluster('seed-verbatim'), configDir: VERBATIM_DIR, sqlFiles: [join(VERBATIM_DIR, 'schema.sql')], clock, rdsReadyAfterSeconds: 15 * 60 });
  });
  afterAll(() => stopRunEnvironment(env));

  scenario("the seed's YAML as written, step by step: provision with the health check, no-op, plan change, deactivation", [
    ['a new row is provisioned: namespace, database (waited for), app; the health check passes', async () => {
    await insertNode(env, ACME);
    const report = await env.sync();
    expect(report.started).toHaveLength(1);
    expect(report.started[0].startsWith(`${ACME}-database-provisioning-`)).toBe(true);
    const [result] = await env.settle();
    expect(result.status).toBe('SUCCEEDED');

    expect(labels(await nodeNamespace(env, ACME))['node-id']).toBe(ACME);
    const rds = (await rdsInstance(env, ACME)) as any;
    expect(rds.spec.forProvider).toMatchObject({
      dbInstanceClass: 'db.t3.small',
      masterUsername: ACME,
      allocatedStorage: 50, // unquoted {{ .dbStorageGb }}: an integer
      engineVersion: '15.3',
      finalDBSnapshotIdentifier: expect.stringMatching(new RegExp(`^${ACME}-final-snapshot-\\d{14}$`)),
      tags: [{ key: 'node-id', value: ACME }, { key: 'plan-type', value: 'pro' }, { key: 'managed-by', value: 'lynq' }],
    });
    // db_multi_az is a BOOLEAN (TINYINT(1)) column, read as a boolean: the unquoted
    // {{ .dbMultiAz }} gives the boolean the RDSInstance schema demands.
    expect(rds.spec.forProvider.multiAZ).toBe(false);
    expect(rds.spec.writeConnectionSecretToRef).toEqual({ name: `${ACME}-db-conn`, namespace: `node-${ACME}` });

    const secret = await connectionSecret(env, ACME);
    expect(Object.keys((secret?.data ?? {})).sort()).toEqual(['endpoint', 'password', 'port', 'username']);
    const app = (await appDeployment(env, ACME)) as any;
    const container = app.spec.template.spec.containers[0];
    expect(container.env.find((e: any) => e.name === 'NODE_ID').value).toBe(ACME);
    expect(container.env.find((e: any) => e.name === 'DATABASE_HOST').valueFrom.secretKeyRef).toEqual({ name: `${ACME}-db-conn`, key: 'endpoint' });
    expect(container.resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
    expect(app.status.readyReplicas).toBe(2);

    const ready = await lynqNode(env, ACME);
    expect(ready?.status).toMatchObject({ readyResources: 3, desiredResources: 3, failedResources: 0 });
    expect(condition(ready, 'Ready')).toMatchObject({ status: 'True', reason: 'Reconciled' });

    const output = await runHealthCheck(env, ACME);
    expect(output).toContain('1. LynqNode Status:\nTrue');
    expect(output).toContain('2. RDS Instance Status:\navailable');
    expect(output).toContain('4. Application Status:\n2/2');
    }],

    ['a second sync with nothing changed starts nothing', async () => {
    expect((await env.sync()).started).toEqual([]);
    }],

    ['plan pro -> enterprise: the Go {{ if eq .planType "enterprise" }} gives the bigger app; the database is created once', async () => {
    const rdsBefore = await rdsInstance(env, ACME);
    await updateNode(env, ACME, { plan_type: 'enterprise' });
    expect((await env.sync()).started).toHaveLength(1);
    expect((await env.settle()).at(-1)?.status).toBe('SUCCEEDED');
    const app = (await appDeployment(env, ACME)) as any;
    const requests = app.spec.template.spec.containers[0].resources.requests;
    expect(Object.keys(requests).sort()).toEqual(['cpu', 'memory']);
    expect([quantity(requests.cpu), quantity(requests.memory)]).toEqual([quantity('1000m'), quantity('2Gi')]); // stored as "1"
    const rdsAfter = await rdsInstance(env, ACME);
    expect(rdsAfter?.metadata.annotations?.['lynq.sh/applied-hash']).toBe(rdsBefore?.metadata.annotations?.['lynq.sh/applied-hash']);
    }],

    ['deactivation deletes the app and namespace and retains the database', async () => {
    await updateNode(env, ACME, { is_active: 0 });
    expect((await env.sync()).deletions).toHaveLength(1);
    await env.settle();
    expect(await appDeployment(env, ACME)).toBeUndefined();
    expect(labels(await rdsInstance(env, ACME))['lynq.sh/orphaned']).toBe('true');
    }],
  ]);
});
