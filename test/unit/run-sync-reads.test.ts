// The sync's two reads overlap: the LynqNode list is requested while the hub table is read,
// and a failure of either still starts and deletes nothing, reported as before.
import { join } from 'node:path';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { DatasourceError } from '../../lambdas/adapters/mysql-datasource-error';
import { DEFAULT_SYNC_SETTINGS } from '../../lambdas/core/sync/sync-settings';
import { RecordListError, runSync, type SyncDeps } from '../../lambdas/workflow/run-sync';

const config = loadProjectConfig(join(__dirname, '../../examples/database-per-node'));
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function deps(over: Partial<SyncDeps>, started: string[]): SyncDeps {
  return {
    readRows: async () => [],
    listRecords: async () => [],
    starter: { start: async (name) => { started.push(name); return 'started' as const; } },
    log: silent,
    clock: { now: () => new Date('2030-03-01T10:00:00Z') },
    ...over,
  };
}

describe('runSync reads', () => {
  it('requests the records before the rows are in', async () => {
    const events: string[] = [];
    const started: string[] = [];
    await runSync(deps({
      readRows: async () => {
        events.push('rows requested');
        await new Promise((resolve) => setImmediate(resolve));
        events.push('rows read');
        return [];
      },
      listRecords: async () => {
        events.push('records requested');
        return [];
      },
    }, started), config, DEFAULT_SYNC_SETTINGS);
    expect(events.indexOf('records requested')).toBeGreaterThanOrEqual(0);
    expect(events.indexOf('records requested')).toBeLessThan(events.indexOf('rows read'));
  });

  it('a table that cannot be read is a datasource failure even when the list failed too', async () => {
    const started: string[] = [];
    const err = await runSync(deps({
      readRows: async () => { throw new DatasourceError('query', 'table gone'); },
      listRecords: async () => { throw new Error('cluster unreachable'); },
    }, started), config, DEFAULT_SYNC_SETTINGS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasourceError);
    expect(started).toEqual([]);
  });

  it('a list that failed while the rows were read fails the sync with nothing started', async () => {
    const started: string[] = [];
    const err = await runSync(deps({
      readRows: async () => [{ node_id: 'acme', domain: 'acme.example.com', is_active: 1 }],
      listRecords: async () => { throw new Error('cluster unreachable'); },
    }, started), config, DEFAULT_SYNC_SETTINGS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecordListError);
    expect(started).toEqual([]);
  });
});
