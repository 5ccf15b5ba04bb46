import type { HubConfig } from '../../lambdas/core/config/config-model';
import { isActiveValue, mapHubRows, mappedColumns, templateVariables } from '../../lambdas/core/sync/row-mapping';
import type { FormConfig } from '../../lambdas/core/config/config-model';

const hub: HubConfig = {
  name: 'database-per-node',
  file: 'hub.yaml',
  source: { type: 'mysql', syncIntervalSeconds: 60, mysql: { host: 'h', port: 3306, database: 'd', username: 'u', table: 'nodes' } },
  valueMappings: { uid: 'node_id', activate: 'is_active' },
  extraValueMappings: { planType: 'plan_type', dbStorageGb: 'db_storage_gb', createdAt: 'created_at', flag: 'flag' },
};

function row(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { node_id: 'acme', is_active: 1, plan_type: 'pro', db_storage_gb: 50, created_at: null, flag: 0, ...extra };
}

describe('mapHubRows', () => {
  test('maps columns to variables, keeping SQL types, and adds hubId', () => {
    const when = new Date('2024-01-02T03:04:05.000Z');
    const { nodes, rejected } = mapHubRows(hub, [row({ created_at: when })]);
    expect(rejected).toEqual([]);
    expect(nodes).toEqual([{ uid: 'acme', activate: true, hubId: 'database-per-node', planType: 'pro', dbStorageGb: 50, createdAt: '2024-01-02T03:04:05.000Z', flag: 0 }]);
  });

  test('NULL stays null; BIT(1) buffers become 0/1; big integers keep every digit', () => {
    const { nodes } = mapHubRows(hub, [row({ plan_type: null, flag: Buffer.from([1]), db_storage_gb: 2n ** 60n })]);
    expect(nodes[0].planType).toBeNull();
    expect(nodes[0].flag).toBe(1);
    expect(nodes[0].dbStorageGb).toBe('1152921504606846976');
  });

  test('a JSON column a driver parsed becomes its JSON text; a zero date (invalid Date) becomes null', () => {
    const { nodes, rejected } = mapHubRows(hub, [row({ plan_type: { tier: 'gold', limits: [1, 2] }, flag: ['a', null], created_at: new Date(Number.NaN) })]);
    expect(rejected).toEqual([]);
    expect(nodes[0]).toMatchObject({ planType: '{"tier":"gold","limits":[1,2]}', flag: '["a",null]', createdAt: null });
  });

  test('activate: 1, true, yes (any case) and SQL booleans are active; everything else is not', () => {
    for (const yes of [1, true, '1', 'true', 'TRUE', 'True', 'yes', 'YES', 'yEs', Buffer.from([1]), 1n]) expect(isActiveValue(yes)).toBe(true);
    for (const no of [0, 2, false, '0', 'false', '', null, 'no', 'on', ' 1', 'y', 'active', Buffer.from([0]), undefined]) expect(isActiveValue(no)).toBe(false);
    const { nodes } = mapHubRows(hub, [row({ node_id: 'a', is_active: 'Yes' }), row({ node_id: 'b', is_active: 0 })]);
    expect(nodes.map((n) => [n.uid, n.activate])).toEqual([['a', true], ['b', false]]);
  });

  test('hostOrUrl adds hostOrUrl and host (toHost) when mapped', () => {
    const withHost = { ...hub, valueMappings: { ...hub.valueMappings, hostOrUrl: 'domain' } };
    const { nodes } = mapHubRows(withHost, [row({ domain: 'https://acme.example.com:8443/app' })]);
    expect(nodes[0].hostOrUrl).toBe('https://acme.example.com:8443/app');
    expect(nodes[0].host).toBe('acme.example.com');
    expect(mapHubRows(hub, [row()]).nodes[0]).not.toHaveProperty('host');
  });

  test('a numeric uid becomes its decimal text', () => {
    expect(mapHubRows(hub, [row({ node_id: 42 })]).nodes[0].uid).toBe('42');
  });

  test.each([
    ['empty', '', /empty/],
    ['NULL', null, /NULL/],
    ['uppercase', 'Acme', /not a DNS label/],
    ['underscore', 'acme_corp', /not a DNS label/],
    ['leading dash', '-acme', /not a DNS label/],
    ['trailing dash', 'acme-', /not a DNS label/],
    ['too long', 'a'.repeat(64), /64 characters/],
    ['spaces', ' acme', /not a DNS label/],
    ['object', { id: 1 }, /unsupported type/],
  ])('uid %s is rejected, naming the row and column', (_, uid, reason) => {
    const { nodes, rejected } = mapHubRows(hub, [row({ node_id: 'ok' }), row({ node_id: uid })]);
    expect(nodes.map((n) => n.uid)).toEqual(['ok']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ rowIndex: 1, field: 'node_id', uid: null });
    expect(rejected[0].reason).toMatch(reason);
  });

  test('a 63-character uid is accepted', () => {
    expect(mapHubRows(hub, [row({ node_id: 'a'.repeat(63) })]).rejected).toEqual([]);
  });

  test('every row of a duplicate uid is rejected and named', () => {
    const { nodes, rejected } = mapHubRows(hub, [row({ node_id: 'dup' }), row({ node_id: 'solo' }), row({ node_id: 'dup', is_active: 0 })]);
    expect(nodes.map((n) => n.uid)).toEqual(['solo']);
    expect(rejected.map((r) => [r.rowIndex, r.uid, r.field])).toEqual([[0, 'dup', 'node_id'], [2, 'dup', 'node_id']]);
    expect(rejected[0].reason).toBe("duplicate uid 'dup' (rows 0, 2)");
  });

  test('a mapped column missing from the row rejects it', () => {
    const incomplete = row();
    delete incomplete.plan_type;
    const { nodes, rejected } = mapHubRows(hub, [incomplete]);
    expect(nodes).toEqual([]);
    expect(rejected).toEqual([{ rowIndex: 0, uid: 'acme', field: 'plan_type', reason: "mapped column 'plan_type' is missing from the row" }]);
  });

  test.each([
    ['an object that is not JSON data', new Map([['a', 1]]), /unsupported type \(object\)/],
    ['binary data', Buffer.from('hello'), /binary data \(5 bytes\)/],
    ['NaN', Number.NaN, /finite/],
  ])('a value that is %s rejects the row, naming the column and variable', (_, value, reason) => {
    const { nodes, rejected } = mapHubRows(hub, [row({ plan_type: value })]);
    expect(nodes).toEqual([]);
    expect(rejected[0]).toMatchObject({ rowIndex: 0, uid: 'acme', field: 'plan_type' });
    expect(rejected[0].reason).toMatch(/value for 'planType'/);
    expect(rejected[0].reason).toMatch(reason);
  });

  test('mappedColumns lists each mapped column once', () => {
    expect(mappedColumns({ ...hub, extraValueMappings: { a: 'node_id', b: 'x' } })).toEqual(['node_id', 'is_active', 'x']);
  });

  test('templateVariables adds templateRef', () => {
    const form = { name: 'database-provisioning' } as FormConfig;
    expect(templateVariables({ uid: 'a', activate: true }, form)).toEqual({ uid: 'a', activate: true, templateRef: 'database-provisioning' });
  });
});
