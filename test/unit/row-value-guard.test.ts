// Every message leaving a state machine task is redacted of the row values the task read
// (issue 8 point 14): its output, its error (message and stack), its log lines and the
// LynqNode condition messages it writes. Fakes stand in for the store and the table.
import type { WorkflowDeps } from '../../lambdas/workflow/workflow-deps';
import type { LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';
import { withRowValuesRedacted } from '../../lambdas/workflow/row-value-guard';
import type { HubConfig } from '../../lambdas/core/config/config-model';

const SECRET = 'tok_SENTINEL_9f2';
const HUB = { valueMappings: { uid: 'node_id', activate: 'is_active' }, extraValueMappings: { apiToken: 'api_token' } } as unknown as HubConfig;

function record(): LynqNodeRecord {
  return {
    name: 'acme-form', namespace: 'lynq-system', labels: {},
    spec: { uid: 'acme', form: 'form', hubId: 'hub', desiredHash: 'h', values: { uid: 'acme', activate: true, hubId: 'hub', apiToken: SECRET } },
    status: { desiredResources: 1, readyResources: 0, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [], appliedResources: [], retryCount: 0, conditions: [] },
  };
}

function fakeDeps() {
  const lines: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const stored: LynqNodeStatus[] = [];
  const records = {
    async get() { return record(); },
    async updateStatusWithRetry(_name: string, mutate: (r: LynqNodeRecord) => LynqNodeStatus) { stored.push(mutate(record())); return record(); },
  };
  const deps = {
    config: { hubs: [{ hub: HUB }] },
    records,
    readRows: async () => [{ node_id: 'acme', is_active: 1, api_token: SECRET }],
    clock: { now: () => new Date(0) },
    log: {
      info: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'info', message, fields }),
      warn: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'warn', message, fields }),
      error: (message: string, fields?: Record<string, unknown>) => lines.push({ level: 'error', message, fields }),
    },
  } as unknown as WorkflowDeps;
  return { deps, lines, stored };
}

const quoting = `Deployment.apps "acme-app" is invalid: metadata.labels: Invalid value: "${SECRET}"`;

describe('withRowValuesRedacted', () => {
  test("a thrown error keeps its name (the state machine routes on it), its message and stack lose the record's values", async () => {
    const { deps } = fakeDeps();
    const error = await withRowValuesRedacted(deps, async (d) => {
      await d.records.get('acme-form');
      const e = new Error(quoting);
      e.name = 'Lynq.Retryable';
      throw e;
    }).catch((e: Error) => e);
    expect(error.name).toBe('Lynq.Retryable');
    expect(error.message).toBe('Deployment.apps "acme-app" is invalid: metadata.labels: Invalid value: "<value of apiToken>"');
    expect(error.stack).not.toContain(SECRET);
  });

  test('output messages are redacted; ids and other fields are not', async () => {
    const { deps } = fakeDeps();
    const out = await withRowValuesRedacted(deps, async (d) => {
      await d.readRows(HUB, { uid: 'acme' });
      return { id: 'app', outcome: 'failed', message: quoting, failureMessages: [`app: ${quoting}`], values: { apiToken: SECRET } };
    });
    expect(out.message).not.toContain(SECRET);
    expect(out.failureMessages[0]).toBe('app: Deployment.apps "acme-app" is invalid: metadata.labels: Invalid value: "<value of apiToken>"');
    expect(out.id).toBe('app');
  });

  test('log lines and LynqNode condition messages written by the task are redacted', async () => {
    const { deps, lines, stored } = fakeDeps();
    await withRowValuesRedacted(deps, async (d) => {
      const current = await d.records.get('acme-form');
      d.log.warn(`resource failed: ${quoting}`, { node: 'acme-form', error: new Error(quoting), nested: { detail: quoting } });
      await d.records.updateStatusWithRetry('acme-form', () => ({
        ...current!.status!, conditions: [{ type: 'Degraded', status: 'True', reason: 'ApplyFailed', message: quoting, lastTransitionTime: 'now' }],
      }));
    });
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(lines[0].fields?.node).toBe('acme-form');
    expect(stored[0].conditions[0].message).toContain('"<value of apiToken>"');
  });

  test('a task that read no values changes nothing', async () => {
    const { deps } = fakeDeps();
    await expect(withRowValuesRedacted(deps, async () => { throw new Error(quoting); })).rejects.toThrow(quoting);
  });
});
