// The sync's fan-out (issue 14 goal 2): ordered starts, the time budget, and continuation in the
// next round with nothing lost or duplicated. The real planner and runSync start executions through
// the real starter and SFNClient over HTTP to a loopback Step Functions endpoint. The rows are a
// fixed in-memory table (the hub read is not what is tested here), and the invocation's remaining
// time is a fake that loses one second per look, so where a round stops is deterministic.
import { join } from 'node:path';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { SfnExecutionStarter } from '../../lambdas/adapters/execution-starter';
import { createStartExecutionClient } from '../../lambdas/adapters/sfn-start-client';
import type { FormConfig, ProjectConfig } from '../../lambdas/core/config/config-model';
import { desiredHash } from '../../lambdas/core/apply/desired-hash';
import type { LynqNodeSummary } from '../../lambdas/core/contracts/workflow-contracts';
import { mapHubRows, templateVariables } from '../../lambdas/core/sync/row-mapping';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../lambdas/core/sync/sync-settings';
import { runSync, type SyncDeps, type SyncReport } from '../../lambdas/workflow/run-sync';
import { StepFunctionsQuotaEndpoint } from '../../local/step-functions-quota-endpoint';

const EXAMPLE = join(__dirname, '../../examples/database-per-node');
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:reconcile-node';
const NOW = new Date('2030-03-01T10:00:00.000Z');
const SETTINGS: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, maxStartsInFlight: 4, stopStartingSecondsBeforeTimeout: 30 };

function row(n: number, active = true): Record<string, unknown> {
  return { node_id: `node-${n}`, domain: `node-${n}.example.com`, is_active: active ? 1 : 0, db_instance_class: 'db.t3.small', db_storage_gb: 20 + n, db_multi_az: 0, plan_type: 'basic' };
}

describe('the sync fans out in order, within its time budget, and the next round continues', () => {
  let config: ProjectConfig;
  let form: FormConfig;
  let endpoint: StepFunctionsQuotaEndpoint;
  let url: string;
  let rows: Record<string, unknown>[];
  let records: LynqNodeSummary[];
  let metrics: Record<string, number[]>;
  let warnings: string[];
  /** Step Functions' clock, shared by the endpoint and the starter: rounds are a minute apart. */
  let serviceMs: number;

  beforeAll(() => {
    config = loadProjectConfig(EXAMPLE);
    form = config.forms[0];
  });

  beforeEach(async () => {
    metrics = {};
    warnings = [];
    serviceMs = NOW.getTime();
    endpoint = new StepFunctionsQuotaEndpoint({ nowMs: () => serviceMs });
    url = await endpoint.start();
  });
  afterEach(() => endpoint.stop());

  /** Records of nodes reconciled and Ready under the form as it was before a change: every node is a form-change update. */
  function readyUnderPreviousForm(nodeRows: Record<string, unknown>[]): LynqNodeSummary[] {
    const previous = { ...form, contentHash: 'the form before the change' };
    return mapHubRows(config.hub, nodeRows).nodes.map((node) => {
      const hash = desiredHash(templateVariables(node, previous), previous);
      return {
        name: `${node.uid}-${form.name}`, namespace: 'lynq-system', labels: {},
        spec: { uid: node.uid, form: form.name, hubId: config.hub.name, desiredHash: hash },
        status: {
          reconciledHash: hash, desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0,
          failedResourceIds: [], skippedResourceIds: [], retryCount: 0, lastExecution: `${node.uid}-done`,
          conditions: [{ type: 'Ready', status: 'True', reason: 'Reconciled', message: 'all ready', lastTransitionTime: NOW.toISOString() }],
        },
      };
    });
  }

  /** Time left that loses one second per look: exactly `looks` dispatches find time left. */
  function remainingFor(looks: number): () => number {
    let left = SETTINGS.stopStartingSecondsBeforeTimeout * 1000 + (looks - 1) * 1000;
    return () => {
      const now = left;
      left -= 1000;
      return now;
    };
  }

  /** One sync round, a minute after the last one. */
  function round(over: Partial<SyncDeps> = {}): Promise<SyncReport> {
    serviceMs += 60_000;
    const client = createStartExecutionClient({ maxStartsPerSecond: 1000, endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const starter = new SfnExecutionStarter({ client, stateMachineArn: ARN, serviceNowMs: () => serviceMs });
    return runSync({
      readRows: async () => rows.map((r) => ({ ...r })),
      listRecords: async () => records.map((r) => structuredClone(r)),
      starter,
      log: { info: () => undefined, warn: (message) => warnings.push(message), error: () => undefined },
      metrics: { count: (name, value) => (metrics[name] ??= []).push(value) },
      clock: { now: () => NOW },
      ...over,
    }, config, SETTINGS);
  }

  it('deletions and single-node starts go before a form change\'s updates when the budget ends the round', async () => {
    rows = Array.from({ length: 6 }, (_, n) => row(n));
    records = readyUnderPreviousForm(rows.slice(0, 5)); // node-5 is new: a create
    rows[2] = row(2, false); // node-2 deactivated: a deletion
    const report = await round({ remainingTimeMs: remainingFor(2) });

    const started = [...endpoint.executions.keys()];
    expect(started).toHaveLength(2);
    expect(started.find((n) => n.startsWith(`node-2-${form.name}-del-`))).toBeDefined();
    expect(started.find((n) => n.startsWith(`node-5-${form.name}-`))).toBeDefined();
    expect(report.deletions.map((d) => [d.uid, d.result])).toEqual([['node-2', 'started']]);
    expect(report.deferred).toBe(4); // the four form-change updates
    expect(warnings).toContain('Time budget reached: 4 of 6 starts are left for the next sync');
    // Metrics are counted every run, the deferred starts included.
    expect(metrics).toMatchObject({ ExecutionsStarted: [2], StartsDeferred: [4], NodesDesired: [5] });
  });

  it('a stopped round loses nothing: the next round starts the rest, and what the first started answers "already exists"', async () => {
    rows = Array.from({ length: 10 }, (_, n) => row(n));
    records = readyUnderPreviousForm(rows);
    const first = await round({ remainingTimeMs: remainingFor(3) });
    expect(first.started).toHaveLength(3);
    expect(first.deferred).toBe(7);

    // The started executions have not claimed their nodes yet: the plan is the same, all ten are sent again.
    const second = await round({ remainingTimeMs: remainingFor(100) });
    expect(second.deferred).toBe(0);
    expect(second.alreadyRunning).toBe(3);
    expect(second.started).toHaveLength(7);
    expect(new Set([...first.started, ...second.started]).size).toBe(10);
    // Each node's work started exactly once at Step Functions.
    expect(endpoint.executions.size).toBe(10);
    expect(endpoint.counts).toMatchObject({ started: 10, idempotent: 3, alreadyExists: 0 });
  });

  it('once started executions claim their nodes, the next round plans only the rest: no call is repeated', async () => {
    rows = Array.from({ length: 10 }, (_, n) => row(n));
    records = readyUnderPreviousForm(rows);
    // What LoadNode does as an execution begins: the record takes the new hash and the claim.
    await replaceEndpoint(new StepFunctionsQuotaEndpoint({
      nowMs: () => serviceMs,
      onStarted: (name, input) => {
        const { uid } = JSON.parse(input) as { uid: string };
        const record = records.find((r) => r.spec.uid === uid)!;
        const hash = desiredHash(templateVariables(mapHubRows(config.hub, [rows.find((r) => r.node_id === uid)!]).nodes[0], form), form);
        record.spec.desiredHash = hash;
        record.status = {
          ...record.status!, currentExecution: name, claim: { execution: name, claimedAt: NOW.toISOString() },
          conditions: [{ type: 'Progressing', status: 'True', reason: 'Reconciling', message: '', lastTransitionTime: NOW.toISOString() }],
        };
      },
    }));

    const first = await round({ remainingTimeMs: remainingFor(4) });
    const second = await round({ remainingTimeMs: remainingFor(100) });
    expect(first.started).toHaveLength(4);
    expect(second.started).toHaveLength(6);
    expect(second.alreadyRunning).toBe(0);
    expect(new Set([...first.started, ...second.started]).size).toBe(10);
    expect(endpoint.counts).toMatchObject({ startCalls: 10, started: 10 });
  });

  it('without a budget (local runs) everything is started', async () => {
    rows = Array.from({ length: 5 }, (_, n) => row(n));
    records = readyUnderPreviousForm(rows);
    const report = await round();
    expect(report.started).toHaveLength(5);
    expect(report.deferred).toBe(0);
    expect(metrics.StartsDeferred).toEqual([0]);
  });

  /** Replaces the endpoint started by beforeEach with `replacement`. */
  async function replaceEndpoint(replacement: StepFunctionsQuotaEndpoint): Promise<void> {
    await endpoint.stop();
    endpoint = replacement;
    url = await endpoint.start();
  }
});
