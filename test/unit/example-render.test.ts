import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { mapHubRows } from '../../lambdas/core/sync/row-mapping';
import { renderResources } from '../../lambdas/core/template/template-render';
import { dependencyLevels, deletionOrder } from '../../lambdas/core/apply/dependency-graph';

const DIR = join(__dirname, '../../examples/database-per-node');
const NOW = new Date('2024-11-05T12:34:56Z');
const project = loadProjectConfig(DIR);
const [form] = project.forms;
const acmeRow: Record<string, unknown> = JSON.parse(readFileSync(join(DIR, 'rows.json'), 'utf8'));

function render(row: Record<string, unknown>) {
  const { nodes, rejected } = mapHubRows(project.hub, [row]);
  expect(rejected).toEqual([]);
  return Object.fromEntries(renderResources(form, nodes[0], { now: NOW }).map((r) => [r.id, r]));
}

describe('the database-per-node example', () => {
  test('hub and form keep the seed names, policies and connection', () => {
    expect(project.hub).toMatchObject({
      name: 'database-per-node',
      source: { syncIntervalSeconds: 60, mysql: { host: '127.0.0.1', port: 3306, database: 'nodes_db', username: 'node_reader', table: 'nodes' } },
      valueMappings: { uid: 'node_id', activate: 'is_active' },
      extraValueMappings: { dbInstanceClass: 'db_instance_class', dbStorageGb: 'db_storage_gb', dbMultiAz: 'db_multi_az', planType: 'plan_type' },
    });
    expect(form.name).toBe('database-provisioning');
    expect(form.hubId).toBe('database-per-node');
    const rds = form.resources.find((r) => r.id === 'rds-instance')!;
    expect(rds).toMatchObject({ creationPolicy: 'Once', deletionPolicy: 'Retain', waitForReady: true, timeoutSeconds: 1800, dependIds: ['node-namespace'] });
    expect(form.resources.find((r) => r.id === 'app')!.dependIds).toEqual(['rds-instance']);
  });

  test('levels are [[node-namespace], [rds-instance], [app]]', () => {
    expect(dependencyLevels(form.resources)).toEqual([['node-namespace'], ['rds-instance'], ['app']]);
    expect(deletionOrder(form.resources)).toEqual(['app', 'rds-instance', 'node-namespace']);
  });

  test('acme-corp: the Namespace', () => {
    const ns = render(acmeRow)['node-namespace'].manifest;
    expect(ns).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'node-acme-corp', labels: { 'node-id': 'acme-corp' } } });
  });

  test('acme-corp: the RDSInstance, with typed fields', () => {
    const rds = render(acmeRow)['rds-instance'].manifest as any;
    expect(rds.apiVersion).toBe('database.aws.crossplane.io/v1beta1');
    expect(rds.kind).toBe('RDSInstance');
    expect(rds.metadata).toEqual({ name: 'acme-corp-postgres', namespace: 'node-acme-corp', labels: { 'node-id': 'acme-corp' } });
    const p = rds.spec.forProvider;
    expect(p.allocatedStorage).toBe(50);
    expect(p.multiAZ).toBe(false);
    expect(p.dbInstanceClass).toBe('db.t3.small');
    expect(p.engineVersion).toBe('16');
    expect(p.storageEncrypted).toBe(true);
    // RDS: letters and digits, starting with a letter.
    expect(p.masterUsername).toBe('acmecorp');
    expect(p.tags).toEqual([{ key: 'node-id', value: 'acme-corp' }, { key: 'plan-type', value: 'pro' }, { key: 'managed-by', value: 'lynq' }]);
    expect(p.finalDBSnapshotIdentifier).toMatch(/^acme-corp-final-snapshot-\d{14}$/);
    expect(p.finalDBSnapshotIdentifier).toBe('acme-corp-final-snapshot-20241105123456');
    expect(rds.spec.writeConnectionSecretToRef).toEqual({ name: 'acme-corp-db-conn', namespace: 'node-acme-corp' });
  });

  test('acme-corp: the Deployment', () => {
    const app = render(acmeRow).app.manifest as any;
    expect(app.metadata).toEqual({ name: 'acme-corp-app', namespace: 'node-acme-corp', labels: { app: 'acme-corp', 'node-id': 'acme-corp' } });
    expect(app.spec.replicas).toBe(2);
    const [container] = app.spec.template.spec.containers;
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e]));
    expect(env.NODE_ID.value).toBe('acme-corp');
    expect(env.DATABASE_NAME.value).toBe('acme-corp');
    for (const [name, key] of [['DATABASE_HOST', 'endpoint'], ['DATABASE_PORT', 'port'], ['DATABASE_USER', 'username'], ['DATABASE_PASSWORD', 'password']]) {
      expect(env[name].valueFrom).toEqual({ secretKeyRef: { name: 'acme-corp-db-conn', key } });
    }
    expect(container.resources.requests).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  test('an enterprise row gets 1000m/2Gi, its class and multi-AZ', () => {
    const out = render({ ...acmeRow, node_id: 'globex-corp', plan_type: 'enterprise', db_instance_class: 'db.m5.large', db_multi_az: 1 });
    expect((out.app.manifest as any).spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '1000m', memory: '2Gi' });
    expect((out['rds-instance'].manifest as any).spec.forProvider).toMatchObject({ dbInstanceClass: 'db.m5.large', multiAZ: true });
  });

  test('schema.sql and rows.sql hold the seed table, view and sample rows', () => {
    const schema = readFileSync(join(DIR, 'schema.sql'), 'utf8');
    expect(schema).toMatch(/CREATE TABLE IF NOT EXISTS nodes/);
    expect(schema).toMatch(/CREATE OR REPLACE VIEW enterprise_nodes/);
    expect(schema).not.toMatch(/^\s*(CREATE|USE)\s+(DATABASE|SCHEMA|\w+;)/im);
    const rows = readFileSync(join(DIR, 'rows.sql'), 'utf8');
    expect(rows).toContain("'acme-corp', 'acme.example.com', TRUE, 'db.t3.small', 50, 'pro'");
    expect(rows).toMatch(/'basic'\)/);
    expect(rows).toMatch(/'db\.m5\.large', \d+, TRUE, 'enterprise'/);
  });
});

describe('the example RDS masterUsername is valid for RDS', () => {
  test.each([
    ['acme-corp', 'acmecorp'],
    ['9lives', 'n9lives'],
    ['a'.repeat(63), 'a'.repeat(62)],
    ['1-2-3', 'n123'],
  ])('%s -> %s', (uid, username) => {
    const rds = render({ ...acmeRow, node_id: uid })['rds-instance'].manifest as any;
    expect(rds.spec.forProvider.masterUsername).toBe(username);
    expect(rds.spec.forProvider.masterUsername).toMatch(/^[A-Za-z][A-Za-z0-9]{0,62}$/);
  });
});
