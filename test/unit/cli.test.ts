import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '../..');
const EXAMPLE = join(ROOT, 'examples/database-per-node');
const ROWS = join(EXAMPLE, 'rows.json');

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/lynq-sfn.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('lynq-sfn CLI', () => {
  let tmp: string;
  beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'lynq-cli-')); });
  afterAll(() => { rmSync(tmp, { recursive: true, force: true }); });

  test('validate prints a summary for a valid directory', () => {
    const out = cli('validate', EXAMPLE);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("hub 'database-per-node'");
    expect(out.stdout).toContain("form 'database-provisioning': 3 resource(s), apply order: node-namespace -> rds-instance -> app");
  });

  test('validate warns about each placeholder a form still holds, and only then', () => {
    const out = cli('validate', EXAMPLE);
    expect(out.code).toBe(0);
    const warnings = out.stderr.split('\n').filter((line) => line.startsWith('WARNING: '));
    expect(warnings).toEqual([
      expect.stringMatching(/form\.yaml: form database-provisioning, resource rds-instance: field spec\.spec\.forProvider\.region still holds the placeholder REPLACE_ME_AWS_REGION/),
      expect.stringMatching(/field spec\.spec\.forProvider\.vpcSecurityGroupIds\[0\] still holds the placeholder REPLACE_ME_DB_SECURITY_GROUP_ID/),
      expect.stringMatching(/field spec\.spec\.forProvider\.dbSubnetGroupName still holds the placeholder REPLACE_ME_DB_SUBNET_GROUP_NAME/),
    ]);
    const dir = join(tmp, 'filled');
    cpSync(EXAMPLE, dir, { recursive: true });
    const form = readFileSync(join(dir, 'form.yaml'), 'utf8')
      .replace('REPLACE_ME_AWS_REGION', 'eu-west-1').replace('REPLACE_ME_DB_SECURITY_GROUP_ID', 'sg-0abc').replace('REPLACE_ME_DB_SUBNET_GROUP_NAME', 'nodes');
    writeFileSync(join(dir, 'form.yaml'), form);
    expect(cli('validate', dir).stderr).toBe('');
  });

  test('validate says where a resource without targetNamespace lands', () => {
    const dir = join(tmp, 'placement');
    cpSync(EXAMPLE, dir, { recursive: true });
    const form = readFileSync(join(dir, 'form.yaml'), 'utf8').replace(/\n      targetNamespace: "node-<%= uid %>"\n(?=      dependIds: \["rds-instance"\])/, '\n');
    writeFileSync(join(dir, 'form.yaml'), form);
    const out = cli('validate', dir);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      "    resource 'app' (Deployment) has no targetNamespace: it lands in the LynqNode record namespace (lynq-system unless LYNQ_RECORD_NAMESPACE says otherwise)\n",
    );
    // The seed names a namespace for every namespaced resource: nothing to say there.
    expect(cli('validate', EXAMPLE).stdout).not.toContain('has no targetNamespace');
  });

  test('validate prints every problem and exits 1', () => {
    const dir = join(tmp, 'broken');
    cpSync(EXAMPLE, dir, { recursive: true });
    const form = readFileSync(join(dir, 'form.yaml'), 'utf8')
      .replace('timeoutSeconds: 1800', 'timeoutSeconds: 9999')
      .replace('dependIds: ["rds-instance"]', 'dependIds: ["rds"]');
    writeFileSync(join(dir, 'form.yaml'), form);
    const out = cli('validate', dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('(2 problems)');
    expect(out.stderr).toContain(`${join(dir, 'form.yaml')}: resource 'rds-instance': timeoutSeconds: must be between 1 and 3600, got 9999`);
    expect(out.stderr).toContain(`${join(dir, 'form.yaml')}: resource 'app': dependIds[0]: depends on unknown resource 'rds'`);
  });

  test('render prints the manifests as a YAML stream in apply order, each with a comment', () => {
    const out = cli('render', EXAMPLE, '--uid', 'acme-corp', '--values-file', ROWS, '--now', '2024-11-05T12:34:56Z');
    expect(out.code).toBe(0);
    const docs = parseAllDocuments(out.stdout).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/node-acme-corp', 'RDSInstance/acme-corp-postgres', 'Deployment/acme-corp-app']);
    // The RDSInstance is cluster-scoped: its targetNamespace is dropped, as the apply drops it.
    expect(docs[1].metadata).not.toHaveProperty('namespace');
    expect(docs[2].metadata.namespace).toBe('node-acme-corp');
    expect(docs[1].spec.forProvider.allocatedStorage).toBe(50);
    expect(docs[1].spec.forProvider.multiAZ).toBe(false);
    expect(docs[1].spec.forProvider.finalDBSnapshotIdentifier).toBe('acme-corp-final-snapshot-20241105123456');
    const comments = out.stdout.split('\n').filter((l) => l.startsWith('# id:'));
    expect(comments).toHaveLength(3);
    expect(comments[1]).toMatch(/^# id: rds-instance {2}level: 2 {2}creationPolicy: Once {2}deletionPolicy: Retain .*timeoutSeconds: 1800$/);
  });

  test('--uid sets the uid column, --values gives the row inline, --json prints an array', () => {
    const row = JSON.parse(readFileSync(ROWS, 'utf8'));
    const out = cli('render', EXAMPLE, '--uid', 'globex-corp', '--values', JSON.stringify({ ...row, plan_type: 'enterprise', db_multi_az: 1 }), '--json', '--now', '2024-01-01T00:00:00Z');
    expect(out.code).toBe(0);
    const items = JSON.parse(out.stdout);
    expect(items.map((i: any) => [i.id, i.level])).toEqual([['node-namespace', 1], ['rds-instance', 2], ['app', 3]]);
    expect(items[1]).toMatchObject({ creationPolicy: 'Once', deletionPolicy: 'Retain', timeoutSeconds: 1800 });
    expect(items[1].manifest.metadata.name).toBe('globex-corp-postgres');
    expect(items[1].manifest.metadata).not.toHaveProperty('namespace');
    expect(items[1].manifest.spec.forProvider.multiAZ).toBe(true);
    expect(items[2].manifest.spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '1000m', memory: '2Gi' });
  });

  test('a row the sync would reject is a clear error', () => {
    const out = cli('render', EXAMPLE, '--uid', 'Not_A_Label', '--values-file', ROWS);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("column 'node_id': uid \"Not_A_Label\" is not a DNS label");
    expect(out.stdout).toBe('');
  });

  test('missing columns, bad JSON, bad --now and an unknown form are clear errors', () => {
    expect(cli('render', EXAMPLE, '--uid', 'acme-corp').stderr).toContain("mapped column 'is_active' is missing from the row");
    expect(cli('render', EXAMPLE, '--values', '{nope').stderr).toContain('--values is not valid JSON');
    expect(cli('render', EXAMPLE, '--values-file', ROWS, '--now', 'yesterday').stderr).toContain("--now must be an ISO 8601 time, got 'yesterday'");
    const unknown = cli('render', EXAMPLE, '--values-file', ROWS, '--form', 'other');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no form named 'other' (forms: database-provisioning)");
  });

  test('validate catches a variable the hub does not provide', () => {
    const dir = join(tmp, 'typo');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'form.yaml'), readFileSync(join(dir, 'form.yaml'), 'utf8').replace('"<%= dbInstanceClass %>"', '"<%= dbInstanceClas %>"'));
    const out = cli('validate', dir);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("resource 'rds-instance': spec.spec.forProvider.dbInstanceClass: undefined variable 'dbInstanceClas'");
  });

  test('a template that fails on the real row names the node, resource and field', () => {
    const dir = join(tmp, 'throws');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'form.yaml'), readFileSync(join(dir, 'form.yaml'), 'utf8').replace('"<%= dbInstanceClass %>"', '"<%= dbInstanceClass.toUpperCase() %>"'));
    const row = { ...JSON.parse(readFileSync(ROWS, 'utf8')), db_instance_class: null };
    const out = cli('render', dir, '--values', JSON.stringify(row));
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("node 'acme-corp'");
    expect(out.stderr).toContain("resource 'rds-instance', field spec.forProvider.dbInstanceClass: template threw:");
  });

  test('an inactive row still renders, with a note', () => {
    const out = cli('render', EXAMPLE, '--values', JSON.stringify({ ...JSON.parse(readFileSync(ROWS, 'utf8')), is_active: 0 }));
    expect(out.code).toBe(0);
    expect(out.stderr).toContain("note: node 'acme-corp' is inactive");
  });
});
