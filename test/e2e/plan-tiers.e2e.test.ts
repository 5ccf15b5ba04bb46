// The seed's "Cost Optimization": one hub per plan tier, each over its own database view
// (examples/plan-tiers). Real MariaDB, the real sync per hub, the real state machine, the emulated
// (or a real) cluster: each tier's nodes are provisioned from its own view with its own form, and
// each hub's mass-deletion guard counts that hub's nodes only.
import { join } from 'node:path';
import { SimulatedClock } from '../../local/simulated-clock';
import { startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { lynqNodeName } from '../../lambdas/core/lynqnode/lynqnode-status';
import type { LynqNodeRecord } from '../../lambdas/core/contracts/workflow-contracts';
import { appDeployment, e2eCluster, insertNode, quantity, rdsInstance, runUid, stopRunEnvironment, updateNode, scenario } from './e2e-helpers';

const PLAN_TIERS = join(__dirname, '..', '..', 'examples', 'plan-tiers');

describe('plan tiers: one hub per view', () => {
  // Two nodes per tier, unique to this run.
  const GLOBEX = runUid('globex-corp');
  const INITECH = runUid('initech');
  const ACME = runUid('acme-corp');
  const BASIC = runUid('basic-co');
  let env: LocalEnvironment;
  const record = (uid: string, form: string): Promise<LynqNodeRecord | undefined> => env.deps.records.get(lynqNodeName(uid, form));

  beforeAll(async () => {
    env = await startLocalEnvironment({
      ...e2eCluster('tiers'), configDir: PLAN_TIERS, sqlFiles: [join(PLAN_TIERS, 'schema.sql')], clock: new SimulatedClock(), rdsReadyAfterSeconds: 120,
    });
    await insertNode(env, GLOBEX, { plan_type: 'enterprise', db_instance_class: 'db.m5.large', db_storage_gb: 200, db_multi_az: 1 });
    await insertNode(env, INITECH, { plan_type: 'enterprise', db_instance_class: 'db.m5.large', db_storage_gb: 100, db_multi_az: 1 });
    await insertNode(env, ACME, { plan_type: 'pro' });
    // Multi-AZ in the row: the basic tier's form never gives it.
    await insertNode(env, BASIC, { plan_type: 'basic', db_instance_class: 'db.t3.micro', db_storage_gb: 20, db_multi_az: 1 });
  });
  afterAll(() => stopRunEnvironment(env));

  scenario('one hub per view, step by step: sync per hub, provisioning per tier, hand-started {uid}, guard per hub', [
    ["each hub's sync reads its own view and starts its own form's executions", async () => {
    expect(env.directory.hubs.map((p) => [p.hub.name, p.hub.source.mysql.table])).toEqual([['basic-tier', 'basic_nodes'], ['enterprise-tier', 'enterprise_nodes']]);
    const enterprise = await env.sync(undefined, 'enterprise-tier');
    expect(enterprise.started.map((n) => n.replace(/-[0-9a-f]{10}-.*$/, '')).sort()).toEqual([`${GLOBEX}-enterprise-stack`, `${INITECH}-enterprise-stack`]);
    const basic = await env.sync(undefined, 'basic-tier');
    expect(basic.started.map((n) => n.replace(/-[0-9a-f]{10}-.*$/, '')).sort()).toEqual([`${ACME}-basic-stack`, `${BASIC}-basic-stack`]);
    const results = await env.settle();
    expect(results.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // With several hubs, a sync must be told which one.
    await expect(env.sync()).rejects.toThrow(/has 2 hubs \('basic-tier', 'enterprise-tier'\); name one/);
    }],

    ["each node is provisioned by its tier's form and recorded with its hub", async () => {
    const globex = await record(GLOBEX, 'enterprise-stack');
    expect(globex?.spec.hubId).toBe('enterprise-tier');
    expect(globex?.labels['lynq.sh/hub']).toBe('enterprise-tier');
    expect(globex?.status?.readySummary).toBe('3/3');
    const basic = await record(BASIC, 'basic-stack');
    expect(basic?.spec.hubId).toBe('basic-tier');
    expect(basic?.labels['lynq.sh/hub']).toBe('basic-tier');
    expect(await record(GLOBEX, 'basic-stack')).toBeUndefined();

    const enterpriseApp = (await appDeployment(env, GLOBEX)) as any;
    expect(enterpriseApp.spec.replicas).toBe(3);
    expect(quantity(enterpriseApp.spec.template.spec.containers[0].resources.requests.cpu)).toBe(1);
    expect(((await rdsInstance(env, GLOBEX)) as any).spec.forProvider).toMatchObject({ dbInstanceClass: 'db.m5.large', allocatedStorage: 200, multiAZ: true });

    const basicApp = (await appDeployment(env, BASIC)) as any;
    expect(basicApp.spec.replicas).toBe(1);
    expect(quantity(basicApp.spec.template.spec.containers[0].resources.requests.cpu)).toBe(0.25);
    expect(((await rdsInstance(env, BASIC)) as any).spec.forProvider).toMatchObject({ dbInstanceClass: 'db.t3.micro', allocatedStorage: 20, multiAZ: false });
    expect(quantity(((await appDeployment(env, ACME)) as any).spec.template.spec.containers[0].resources.requests.cpu)).toBe(0.5);
    }],

    ["a hand-started {uid} finds its form through the hub whose view holds the uid; a uid no hub has fails saying so", async () => {
    const byUid = await (await env.startExecution({ uid: INITECH })).done;
    expect(byUid.status).toBe('SUCCEEDED');
    const byForm = await (await env.startExecution({ uid: ACME, form: 'basic-stack' })).done;
    expect(byForm.status).toBe('SUCCEEDED');
    const nobody = runUid('nobody');
    const unknown = await (await env.startExecution({ uid: nobody })).done;
    expect(unknown.status).toBe('FAILED');
    expect(unknown.cause).toContain(`node ${nobody}: no hub table holds a row for it and it has no LynqNode record; start the execution with {"uid": "${nobody}", "form": "<name>"}`);
    }],

    ["each hub's mass-deletion guard counts that hub's nodes only", async () => {
    // 1 of the basic tier's 2 nodes is 50 %: over a 40 % limit. Counted over all 4 nodes it would be 25 %.
    const strict = { maxDeletePercent: 40, guardMinDeletions: 1 };
    await updateNode(env, BASIC, { is_active: 0 });
    const enterprise = await env.sync(strict, 'enterprise-tier');
    expect(enterprise.guard).toBeUndefined();
    expect(enterprise.deletions).toEqual([]);
    const basic = await env.sync(strict, 'basic-tier');
    expect(basic.guard?.tripped).toBe(true);
    expect(basic.guard?.message).toMatch(/would deprovision 1 of 2 recorded nodes \(50\.0% > 40%\)/);
    expect(basic.deletions).toEqual([]);

    // Lifted: the node leaves the basic view (the view holds active rows only) and is deprovisioned.
    const lifted = await env.sync({ ...strict, allowMassDeletion: true }, 'basic-tier');
    expect(lifted.deletions.map((d) => [d.record, d.reason])).toEqual([[`${BASIC}-basic-stack`, 'deleted']]);
    expect((await env.settle()).every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(await record(BASIC, 'basic-stack')).toBeUndefined();
    expect(await record(GLOBEX, 'enterprise-stack')).toBeDefined();
    }],
  ]);
});
