// The paths a Lynq user walks in the first hour (issue 15), through the CLI as a user runs it:
// `lynq-sfn validate`, `render` and `run --once` as child processes, with the README's examples.
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { startKubeEmulator, type KubeEmulator } from '../../local/kube-emulator';
import { installCrossplaneRdsCrd, RDS_GROUP, RDS_PLURAL, RDS_VERSION } from '../../local/controller-simulators';
import { EXAMPLE_DIR } from '../../local/local-environment';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { TEMPLATE_HELPERS } from '../../lambdas/core/template/template-helpers';
import { CLI } from '../support/built-cli';
import { scenario } from './e2e-helpers';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface CliResult { code: number; stdout: string; stderr: string }

/** Asynchronously: the emulated API server answers from this process. */
async function lynqSfn(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [CLI, ...args], { timeout: 150_000, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let tmp: string;
beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'lynq-everyday-')); });
afterAll(() => { rmSync(tmp, { recursive: true, force: true }); });

/** A config directory holding the example's hub (and form, unless told otherwise). */
function exampleCopy(name: string, withForm = true): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  copyFileSync(join(EXAMPLE_DIR, 'hub.yaml'), join(dir, 'hub.yaml'));
  if (withForm) copyFileSync(join(EXAMPLE_DIR, 'form.yaml'), join(dir, 'form.yaml'));
  return dir;
}

describe('template helpers as the README writes them', () => {
  // The README's helper paragraph: every `name(args)` it lists and every `<%= ... %>` example in it.
  const paragraph = /\*\*Helpers\*\*[\s\S]*?\n\n/.exec(README)![0];
  const calls = [...paragraph.matchAll(/`([A-Za-z][A-Za-z0-9]*)\(([^`()]*)\)`/g)].map((m) => ({ name: m[1], args: m[2].split(',').map((a) => a.trim()) }));
  const examples = [...paragraph.matchAll(/`(<%=[^`]*%>)`/g)].map((m) => m[1]);
  // The README's parameter names become columns of the hub, so each call renders exactly as written.
  const params = [...new Set(calls.flatMap((c) => c.args))];
  const row: Record<string, unknown> = {
    node_id: 'acme-corp', is_active: 1, plan_type: null,
    col_s: 'acme-corp', col_url: 'https://acme.example.com:8443/app', col_v: '42', col_value: '', col_fallback: 'basic',
    col_layout: '20060102150405', col_time: '2024-11-05T12:34:56Z',
  };

  function helperConfig(name: string, template: (call: string) => string): string {
    const dir = join(tmp, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'hub.yaml'), `apiVersion: sfn.lynq.sh/v1
kind: LynqHub
metadata: {name: helpers}
spec:
  source: {type: mysql, mysql: {host: 127.0.0.1, database: nodes_db, username: reader, table: nodes}}
  valueMappings: {uid: node_id, activate: is_active}
  extraValueMappings:
    planType: plan_type
${params.map((p) => `    ${p}: col_${p}`).join('\n')}
`);
    const data = [...calls.map((c) => `${c.name}(${c.args.join(', ')})`), ...examples.map((e) => e.slice(3, -2).trim())]
      .map((call, i) => `          k${i}: "${template(call).replace(/"/g, '\\"')}"`).join('\n');
    writeFileSync(join(dir, 'form.yaml'), `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: {name: helpers}
spec:
  hubId: helpers
  configMaps:
    - id: all-helpers
      nameTemplate: "<%= uid %>-helpers"
      targetNamespace: lynq-system
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
${data}
`);
    return dir;
  }

  test('the README documents exactly the helpers templates have, each with a name that parses', () => {
    expect(calls.map((c) => c.name).sort()).toEqual(Object.keys(TEMPLATE_HELPERS).sort());
    expect(examples).toEqual(["<%= defaultTo(planType, 'basic') %>", "<%= planType === 'enterprise' ? '1000m' : '500m' %>"]);
  });

  test('validate accepts every helper call and example as written, and render gives Lynq\'s results', async () => {
    const dir = helperConfig('readme-helpers', (call) => `<%= ${call} %>`);
    const validate = await lynqSfn(['validate', dir]);
    expect(validate.stderr).toBe('');
    expect(validate.code).toBe(0);

    const render = await lynqSfn(['render', dir, '--values', JSON.stringify(row), '--json']);
    expect(render.stderr).toBe('');
    const data: Record<string, string> = JSON.parse(render.stdout)[0].manifest.data;
    const values: Record<string, unknown> = Object.fromEntries(params.map((p) => [p, row[`col_${p}`]]));
    calls.forEach((call, i) => {
      const helper = TEMPLATE_HELPERS[call.name] as (...args: unknown[]) => unknown;
      expect([call.name, data[`k${i}`]]).toEqual([call.name, String(helper(...call.args.map((a) => values[a])))]);
    });
    const byName = (name: string) => data[`k${calls.findIndex((c) => c.name === name)}`];
    expect(byName('defaultTo')).toBe('basic'); // value is '' (empty): the fallback
    expect(byName('date')).toBe('20241105123456');
    expect(byName('toHost')).toBe('acme.example.com');
    expect(byName('trunc63')).toBe('acme-corp');
    // The README's own examples: planType is NULL in this row.
    expect(data[`k${calls.length}`]).toBe('basic');
    expect(data[`k${calls.length + 1}`]).toBe('500m');
  }, 180_000);

  test('`default(...)` as a Lynq user writes it is refused by validate, naming the helper to write', async () => {
    const dir = helperConfig('lynq-default', () => "<%= default(planType, 'basic') %>");
    const validate = await lynqSfn(['validate', dir]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("ejs syntax error: Unexpected token 'default'");
    expect(validate.stderr).toContain("'default' is a JavaScript reserved word: write defaultTo(value, fallback)");
  }, 120_000);
});

describe('validate and render say what will happen', () => {
  test('validate reports every dependency cycle, not only the first (a <-> b and c -> c)', async () => {
    const dir = exampleCopy('two-cycles', false);
    const cm = (id: string, deps: string) => `    - id: ${id}
      nameTemplate: "<%= uid %>-${id}"
      targetNamespace: lynq-system
      dependIds: [${deps}]
      spec: {apiVersion: v1, kind: ConfigMap}
`;
    writeFileSync(join(dir, 'form.yaml'), `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: {name: cycles}
spec:
  hubId: database-per-node
  configMaps:
${cm('a', 'b')}${cm('b', 'a')}${cm('c', 'c')}`);
    const out = await lynqSfn(['validate', dir]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(`INVALID: ${dir} (2 problems)
  ${dir}/form.yaml: resource 'a': dependIds: circular dependency: a -> b -> a
  ${dir}/form.yaml: resource 'c': dependIds: circular dependency: c -> c
`);
  }, 120_000);

  test('render shows the cluster-scoped RDSInstance without the namespace the apply drops', async () => {
    const out = await lynqSfn(['render', EXAMPLE_DIR, '--uid', 'acme-corp', '--values-file', join(EXAMPLE_DIR, 'rows.json'), '--json']);
    expect(out.code).toBe(0);
    const manifests = JSON.parse(out.stdout).map((item: { manifest: { kind: string; metadata: Record<string, unknown> } }) => item.manifest);
    expect(manifests.map((m: { kind: string; metadata: Record<string, unknown> }) => [m.kind, m.metadata.namespace])).toEqual([
      ['Namespace', undefined], ['RDSInstance', undefined], ['Deployment', 'node-acme-corp'],
    ]);
  }, 120_000);
});

/** The example's table in a throwaway MariaDB, and an emulated cluster, for `lynq-sfn run` to work on. */
async function startExampleCluster(): Promise<{ db: TestDatabase; emulator: KubeEmulator; kube: KubeConfig }> {
  const db = await startTestDatabase({ database: 'nodes_db' });
  await db.loadSqlFile(join(EXAMPLE_DIR, 'schema.sql'));
  await db.loadSqlFile(join(EXAMPLE_DIR, 'rows.sql'));
  const emulator = await startKubeEmulator();
  const kube = new KubeConfig();
  kube.loadFromFile(emulator.kubeconfigPath);
  return { db, emulator, kube };
}

describe('lynq-sfn run --once, round after round', () => {
  let db: TestDatabase;
  let emulator: KubeEmulator;
  let kube: KubeConfig;
  let records: LynqNodeStore;
  beforeAll(async () => {
    ({ db, emulator, kube } = await startExampleCluster());
    records = new LynqNodeStore(kube, 'lynq-system');
  });
  afterAll(async () => {
    await emulator?.stop();
    await db?.stop();
  });
  const runOnce = (dir: string, extra: string[] = [], env: Record<string, string> = {}) =>
    lynqSfn(['run', dir, '--mysql-url', db.url, '--kubeconfig', emulator.kubeconfigPath, '--once', '--simulate', ...extra], env);

  scenario('lynq-sfn run, round after round: skipped rows, a failed node waiting for its retry, the last form removed', [
    ['skipped rows are printed with row, uid and field, counted, and fail --once unless --allow-skipped', async () => {
    await db.query("INSERT INTO nodes (node_id, domain, is_active) VALUES ('Bad_Node', 'bad.example.com', TRUE)");
    const first = await runOnce(EXAMPLE_DIR);
    expect(first.stdout).toContain('sync: 3 started, 0 deletions, 1 skipped, 0 waiting for retry\n');
    expect(first.stdout).toMatch(/\n {2}skipped: row \d+, field 'node_id': uid "Bad_Node" is not a DNS label/);
    expect(first.stdout).toMatch(/acme-corp-database-provisioning\s+3\/3\s+3\s+0/);
    expect(first.stdout).toContain('exit 1: 1 row(s) skipped (--allow-skipped accepts them)');
    expect(first.code).toBe(1);

    const accepted = await runOnce(EXAMPLE_DIR, ['--allow-skipped']);
    expect(accepted.stdout).toContain('sync: 0 started, 0 deletions, 1 skipped, 0 waiting for retry\n');
    expect(accepted.stdout).toMatch(/skipped: row \d+, field 'node_id': uid "Bad_Node"/);
    expect(accepted.code).toBe(0);
    }],

    ['a failed node whose cause is fixed waits for its retry: printed with its due time, counted, on the LynqNode too', async () => {
    // The cause: an RDSInstance of that name that lynq-sfn did not create, which it never takes over.
    await installCrossplaneRdsCrd(kube);
    const custom = kube.makeApiClient(CustomObjectsApi);
    const foreign = { apiVersion: `${RDS_GROUP}/${RDS_VERSION}`, kind: 'RDSInstance', metadata: { name: 'initech-postgres' }, spec: { forProvider: { region: 'us-west-2' } } };
    await custom.createClusterCustomObject({ group: RDS_GROUP, version: RDS_VERSION, plural: RDS_PLURAL, body: foreign });
    await db.query("INSERT INTO nodes (node_id, domain, is_active, db_storage_gb, plan_type) VALUES ('initech', 'initech.example.com', TRUE, 20, 'basic')");

    // `run` syncing every 2 s, as a user leaves it running: rounds follow each other in one process,
    // so however slow this machine, the rounds inside the 30 s backoff come.
    const child = spawn('node', [CLI, 'run', EXAMPLE_DIR, '--mysql-url', db.url, '--kubeconfig', emulator.kubeconfigPath, '--simulate', '--interval', '2']);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code); }));
    /** Waits until `pattern` appears in what run printed after offset `from`. */
    const waitFor = async (pattern: RegExp, from = 0): Promise<RegExpExecArray> => {
      for (;;) {
        const match = pattern.exec(out.slice(from));
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`run exited ${child.exitCode} before printing ${pattern}:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    try {
      await waitFor(/sync: 1 started, 0 deletions, 1 skipped, 0 waiting for retry\n/);
      await waitFor(/initech\/database-provisioning\s+FAILED/);
      const failed = await records.get('initech-database-provisioning');
      const due = failed?.status?.nextRetryTime;
      expect(Date.parse(due!) - Date.parse(failed!.status!.lastFailureTime!)).toBe(30_000); // first failure: 30 s backoff
      expect(failed?.status?.conditions.find((c) => c.type === 'Progressing')?.message).toMatch(new RegExp(`failed; the sync retries the node at ${due}$`));

      // The user fixes the cause; the rounds inside the backoff start nothing and say so.
      await custom.deleteClusterCustomObject({ group: RDS_GROUP, version: RDS_VERSION, plural: RDS_PLURAL, name: 'initech-postgres' });
      const fixedAt = out.length;
      await waitFor(new RegExp(`sync: 0 started, 0 deletions, 1 skipped, 1 waiting for retry\n {2}skipped: [^\n]*\n {2}waiting for retry: initech/database-provisioning, due ${due} \\(in \\d+s\\)\n`), fixedAt);

      // The first round after the due time retries the node, and it becomes ready.
      await waitFor(/initech\/database-provisioning\s+SUCCEEDED/);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(due!));
      expect((await records.get('initech-database-provisioning'))?.status?.nextRetryTime).toBeUndefined();
    } finally {
      child.kill('SIGINT');
      await exited;
    }
    expect(out).toMatch(/initech-database-provisioning\s+3\/3\s+3\s+0/);
    }],

    ['removing the hub\'s last form deprovisions its nodes, through the mass-deletion guard', async () => {
    const dir = exampleCopy('form-removed', false);
    const validate = await lynqSfn(['validate', dir]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("no form: the sync deprovisions every node of hub 'database-per-node' (the mass-deletion guard applies)");

    const held = await runOnce(dir, ['--allow-skipped']);
    expect(held.stdout).toMatch(/sync: 0 started, 0 deletions, 1 skipped, 0 waiting for retry, GUARD TRIPPED: Mass-deletion guard: this sync would deprovision 4 of 4 recorded nodes/);
    expect((await records.listOfHub('database-per-node')).length).toBe(4);

    const lifted = await runOnce(dir, ['--allow-skipped'], { LYNQ_ALLOW_MASS_DELETE: 'true' });
    // Deletions are not counted as "started".
    expect(lifted.stdout).toContain('sync: 0 started, 4 deletions, 1 skipped, 0 waiting for retry\n');
    expect(lifted.code).toBe(0);
    expect(await records.listOfHub('database-per-node')).toEqual([]);
    }],
  ], 300_000);
});

describe('a namespaced resource with neither targetNamespace nor metadata.namespace', () => {
  let db: TestDatabase;
  let emulator: KubeEmulator;
  let kube: KubeConfig;
  let dir: string;
  beforeAll(async () => {
    ({ db, emulator, kube } = await startExampleCluster());
    dir = exampleCopy('record-namespace', false);
    writeFileSync(join(dir, 'form.yaml'), [
      'apiVersion: operator.lynq.sh/v1', 'kind: LynqForm', 'metadata:', '  name: settings', 'spec:', '  hubId: database-per-node',
      '  configMaps:', '    - id: settings', '      nameTemplate: "<%= uid %>-settings"', '      spec:', '        apiVersion: v1',
      '        kind: ConfigMap', '        data:', '          plan: "<%= planType %>"', '',
    ].join('\n'));
  });
  afterAll(async () => {
    await emulator?.stop();
    await db?.stop();
  });
  const configMap = (name: string) => readLiveObject(kube, { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'lynq-system' });

  test('validate names where it lands; run places, checks and deletes it in the record namespace', async () => {
    const validated = await lynqSfn(['validate', dir]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain("resource 'settings' (ConfigMap) has no targetNamespace: it lands in the LynqNode record namespace");

    const run = await lynqSfn(['run', dir, '--mysql-url', db.url, '--kubeconfig', emulator.kubeconfigPath, '--once', '--simulate']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/acme-corp-settings\s+1\/1\s+1\s+0/);
    expect(await configMap('acme-corp-settings')).toBeDefined();
    const record = await new LynqNodeStore(kube, 'lynq-system').get('basic-co-settings');
    expect(record?.status?.appliedRefs).toEqual([{ id: 'settings', apiVersion: 'v1', kind: 'ConfigMap', name: 'basic-co-settings', namespace: 'lynq-system' }]);

    await db.query("UPDATE nodes SET is_active = FALSE WHERE node_id = 'basic-co'");
    const removed = await lynqSfn(['run', dir, '--mysql-url', db.url, '--kubeconfig', emulator.kubeconfigPath, '--once', '--simulate']);
    expect(removed.stdout).toContain('sync: 0 started, 1 deletions');
    expect(removed.code).toBe(0);
    expect(await configMap('basic-co-settings')).toBeUndefined();
    expect(await new LynqNodeStore(kube, 'lynq-system').get('basic-co-settings')).toBeUndefined();
    expect(await configMap('acme-corp-settings')).toBeDefined();
  }, 300_000);
});
