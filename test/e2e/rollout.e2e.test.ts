// A form change rolled out under spec.rollout.maxSkew (issue #13 points 5 and 6), with the real
// MariaDB, the real state machine and the emulated (or a real) cluster: 10 nodes, maxSkew 2. Never
// more than 2 nodes update at any sample; a node the new form breaks stops the rollout until
// `lynq-sfn rollout resume`; fixing its row (a row change, never held back) completes it.
// `kubectl get lynqform` / `kubectl get lynqhub` show the status records the sync writes.
import { execFile } from 'node:child_process';
import { CLI } from '../support/built-cli';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { LynqStatusRecords, formRolloutOf } from '../../lambdas/adapters/lynq-status-records';
import { nodeRolloutState } from '../../lambdas/core/sync/rollout-plan';
import { e2eCluster, Gate, insertNode, lynqNode, runUid, SCHEMA_SQL, stopRunEnvironment, updateNode, scenario } from './e2e-helpers';

const exec = promisify(execFile);
const FORM = 'database-provisioning';
const MAX_SKEW = 2;

jest.setTimeout(300_000);

describe('a form change rolled out with maxSkew 2 over 10 nodes', () => {
  const uids = Array.from({ length: 10 }, (_, i) => runUid(`ro${i}`));
  // Its row has no plan type: the new form's PLAN_TIER (planType.toUpperCase()) cannot render for it.
  const BROKEN = uids[3];
  const configDir = mkdtempSync(join(tmpdir(), 'lynq-rollout-'));
  const exampleForm = readFileSync(join(EXAMPLE_DIR, 'form.yaml'), 'utf8');
  const formV1 = exampleForm.replace('  hubId: database-per-node\n', `  hubId: database-per-node\n  rollout:\n    maxSkew: ${MAX_SKEW}\n`);
  const formV2 = formV1
    .replace('image: registry.example.com/node-app:v1.0.0', 'image: registry.example.com/node-app:v1.1.0')
    .replace('                  env:\n', '                  env:\n                    - name: PLAN_TIER\n                      value: "<%= planType.toUpperCase() %>"\n');
  let env: LocalEnvironment;
  let statusRecords: LynqStatusRecords;
  let v1Hash: string;
  let v2Hash: string;

  // Samples of how many of this rollout's nodes are updating: an execution of theirs started after
  // the form change and not finished (it finishes once the node is Ready again, or failed).
  let sampling = false;
  const samples: number[] = [];
  const rolloutExecutions = new Set<string>();
  const runningNow = () => [...rolloutExecutions].filter((name) => env.starter.executions.get(name)?.status === 'RUNNING').length;
  const sample = () => {
    if (!sampling) return;
    for (const e of env.starter.executions.values()) if (e.status === 'RUNNING' && uids.includes(e.input.uid)) rolloutExecutions.add(e.name);
    samples.push(runningNow());
  };
  let hold: ((execution: string, state: string) => Promise<void>) | undefined;

  async function kubectl(...args: string[]): Promise<string> {
    const { stdout } = await exec('kubectl', ['--kubeconfig', env.kubeconfigPath, ...args, '-n', env.deps.records.namespace], { timeout: 60_000 });
    return stdout;
  }
  async function cli(...args: string[]): Promise<string> {
    const { stdout } = await exec('node', [CLI, ...args, '--kubeconfig', env.kubeconfigPath, '--record-namespace', env.deps.records.namespace], { timeout: 120_000 });
    return stdout;
  }
  async function formStatus() {
    const record = await statusRecords.getForm(FORM);
    return record ? formRolloutOf(record) : undefined;
  }
  /** One sync round, then until one execution of the round ends (so syncs interleave with running executions). */
  async function syncRound(): Promise<void> {
    await env.sync();
    sample();
    const status = await formStatus();
    expect(status?.updating ?? 0).toBeLessThanOrEqual(MAX_SKEW);
    const running = [...env.starter.executions.values()].filter((e) => e.status === 'RUNNING');
    if (running.length > 0) await Promise.race(running.map((e) => e.done));
    sample();
  }
  async function roundsUntil(done: () => Promise<boolean>, what: string, maxRounds = 60): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      if (await done()) return;
      await syncRound();
    }
    throw new Error(`not reached after ${maxRounds} sync rounds: ${what}`);
  }
  const onForm = async (uid: string, hash: string) => (await lynqNode(env, uid))?.spec.formHash === hash;
  const stateOf = async (uid: string) => {
    const record = await lynqNode(env, uid);
    return record ? nodeRolloutState(record, v2Hash) : 'missing';
  };

  beforeAll(async () => {
    writeFileSync(join(configDir, 'hub.yaml'), readFileSync(join(EXAMPLE_DIR, 'hub.yaml')));
    writeFileSync(join(configDir, 'form.yaml'), formV1);
    env = await startLocalEnvironment({
      ...e2eCluster('rollout'), configDir, sqlFiles: [SCHEMA_SQL],
      beforeTask: async (execution, state) => {
        sample();
        await hold?.(execution, state);
      },
    });
    statusRecords = new LynqStatusRecords(env.kube, env.deps.records.namespace);
    for (const uid of uids) await insertNode(env, uid, uid === BROKEN ? { plan_type: null } : {});
    await env.sync();
    const results = await env.settle();
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('SUCCEEDED'));
    v1Hash = env.config.forms[0].contentHash;
  });
  afterAll(async () => {
    await stopRunEnvironment(env);
    rmSync(configDir, { recursive: true, force: true });
  });

  scenario('a form change over 10 nodes with maxSkew 2: held, paused by a failing node, resumed, completed', [
    ['before the change: every node on the form, the rollout Complete, kubectl shows both records', async () => {
    await env.sync(); // writes the records with every node Ready
    expect(await formStatus()).toMatchObject({ phase: 'Complete', total: 10, updated: 10, updating: 0, readyUpdated: 10, maxSkew: MAX_SKEW });
    const forms = await kubectl('get', 'lynqform');
    expect(forms.split('\n')[0]).toMatch(/^NAME\s+HUB\s+PHASE\s+TOTAL\s+UPDATED\s+UPDATING\s+READY-UPDATED\s+AGE$/);
    expect(forms).toMatch(new RegExp(`^${FORM}\\s+database-per-node\\s+Complete\\s+10\\s+10\\s+0\\s+10\\s+\\S+$`, 'm'));
    const hubs = await kubectl('get', 'lynqhub');
    expect(hubs.split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+READY\s+FAILED\s+LAST SYNC\s+RESULT\s+AGE$/);
    expect(hubs).toMatch(/^database-per-node\s+10\s+10\s+0\s+\S+\s+Succeeded\s+\S+$/m);
    }],

    ['a start its node has not claimed yet still holds its slot: a second sync starts nothing more', async () => {
    writeFileSync(join(configDir, 'form.yaml'), formV2);
    env.config.forms[0] = loadProjectConfig(configDir).forms[0];
    v2Hash = env.config.forms[0].contentHash;
    expect(v2Hash).not.toBe(v1Hash);
    sampling = true;

    // The first two executions wait before LoadNode: their records still show the old form.
    const beforeClaim = new Gate();
    let arrived = 0;
    hold = async (_execution, state) => {
      if (state === 'LoadNode' && !beforeClaim.isOpen()) {
        if (++arrived === MAX_SKEW) void beforeClaim.arrive();
        await beforeClaim.opened;
      }
    };
    try {
      const first = await env.sync();
      expect(first.started).toHaveLength(MAX_SKEW);
      expect(first.heldByRollout).toHaveLength(10 - MAX_SKEW);
      await beforeClaim.reached;
      sample();
      const second = await env.sync();
      // The same two (StartExecution with the same name and input while it runs answers the original): no new node.
      expect(second.started.filter((name) => !first.started.includes(name))).toEqual([]);
      expect(second.heldByRollout).toHaveLength(10 - MAX_SKEW);
      expect(await formStatus()).toMatchObject({ phase: 'InProgress', updating: MAX_SKEW, updated: 0 });
    } finally {
      hold = undefined;
      beforeClaim.open();
    }
    }],

    ['the rollout goes on under maxSkew and stops at the node the new form breaks', async () => {
    await roundsUntil(async () => (await stateOf(BROKEN)) === 'failed' && runningNow() === 0, `${BROKEN} failed and nothing running`);
    // Paused: more syncs start nothing for the nodes still on the old form (retries of the broken node only).
    for (let i = 0; i < 3; i++) await syncRound();
    await env.settle();
    const status = await formStatus();
    expect(status).toMatchObject({ phase: 'Paused', pausedBy: [`${BROKEN}-${FORM}`], failed: 1 });
    expect(status?.message).toContain(`lynq-sfn rollout resume ${FORM}`);
    const outdated = [];
    for (const uid of uids) if (await onForm(uid, v1Hash)) outdated.push(uid);
    expect(outdated.length).toBeGreaterThan(0);
    expect(await kubectl('get', 'lynqform')).toMatch(new RegExp(`^${FORM}\\s+database-per-node\\s+Paused\\s+10\\s+${10 - outdated.length}\\s+0\\s+${10 - outdated.length - 1}\\s`, 'm'));
    expect((await cli('rollout', 'status'))).toMatch(new RegExp(`^${FORM}\\s+database-per-node\\s+Paused\\s+10\\s`, 'm'));
    // plan runs the same rollout decision: the nodes still on the old form are held back, not "update".
    const plan = await cli('plan', configDir, '--mysql-url', env.db!.url);
    expect(plan).toMatch(new RegExp(`${outdated[0]}/${FORM}\\s+nothing\\s+form changed; held back by the rollout \\(maxSkew\\)`));
    }],

    ['rollout resume acknowledges the failure: the rest of the nodes update, still at most 2 at a time', async () => {
    const out = await cli('rollout', 'resume', FORM);
    expect(out).toContain(`rollout of ${FORM} resumed: acknowledged the failure of ${BROKEN}-${FORM}`);
    const others = uids.filter((u) => u !== BROKEN);
    await roundsUntil(async () => {
      for (const uid of others) if ((await stateOf(uid)) !== 'ready') return false;
      return true;
    }, 'every other node Ready on the new form');
    await env.sync();
    expect(await formStatus()).toMatchObject({ phase: 'InProgress', total: 10, updated: 10, readyUpdated: 9, failed: 1, pausedBy: [] });
    }],

    ['fixing the broken row is a row change (never held back): the rollout completes', async () => {
    await updateNode(env, BROKEN, { plan_type: 'pro' });
    await roundsUntil(async () => (await stateOf(BROKEN)) === 'ready', `${BROKEN} Ready`);
    await env.sync();
    expect(await formStatus()).toMatchObject({ phase: 'Complete', total: 10, updated: 10, updating: 0, readyUpdated: 10, failed: 0 });
    const app = (await lynqNode(env, BROKEN))?.spec.values.planType;
    expect(app).toBe('pro');
    expect(await kubectl('get', 'lynqhub')).toMatch(/^database-per-node\s+10\s+10\s+0\s+\S+\s+Succeeded\s+\S+$/m);
    }],

    ['never more than maxSkew nodes were updating at any sample, and the rollout did use its 2 slots', () => {
    expect(samples.length).toBeGreaterThan(50);
    expect(Math.max(...samples)).toBe(MAX_SKEW);
    }],
  ]);
});
