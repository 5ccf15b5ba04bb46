// The local commands as a user runs them: child processes, real output.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { startKubeEmulator, type KubeEmulator } from '../../local/kube-emulator';
import { EXAMPLE_DIR } from '../../local/local-environment';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeRest } from '../../lambdas/adapters/kube-rest';
import { CLI } from '../support/built-cli';

const run = promisify(execFile);

describe('lynq-sfn demo', () => {
  test('provisions the example nodes, verifies them and deprovisions one, exit 0', async () => {
    const { stdout } = await run('node', [CLI, 'demo'], { timeout: 120_000 });
    expect(stdout).toContain('started 3');
    expect(stdout).toMatch(/acme-corp-database-provisioning\s+3\/3\s+3\s+0/);
    expect(stdout).toContain('RDSInstance acme-corp-postgres: available');
    expect(stdout).toContain('secret acme-corp-db-conn keys: ["endpoint","password","port","username"]');
    expect(stdout).toContain('deployment acme-corp-app: 2/2 ready');
    expect(stdout).toContain('namespace node-basic-co: gone');
    expect(stdout).toContain('RDSInstance basic-co-postgres: available (retained, orphaned: LynqNodeDeleted)');
    expect(stdout).toContain('All executions succeeded.');
  }, 150_000); // the child may use its whole 120 s on a loaded machine: wait for it, not for a fixed 60 s
});

describe('lynq-sfn run', () => {
  let db: TestDatabase;
  let emulator: KubeEmulator;
  beforeAll(async () => {
    db = await startTestDatabase({ database: 'nodes_db' });
    await db.loadSqlFile(join(EXAMPLE_DIR, 'schema.sql'));
    await db.loadSqlFile(join(EXAMPLE_DIR, 'rows.sql'));
    emulator = await startKubeEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
    await db?.stop();
  });

  test('--once syncs any MySQL to any cluster and prints the LynqNodes', async () => {
    // Async child process: the emulated API server answers from this process.
    const { stdout } = await run('node', [CLI, 'run', EXAMPLE_DIR, '--mysql-url', db.url, '--kubeconfig', emulator.kubeconfigPath, '--once', '--simulate'], { timeout: 120_000 });
    expect(stdout).toContain('sync: 3 started, 0 deletions');
    expect(stdout).toMatch(/globex-corp-database-provisioning\s+3\/3\s+3\s+0/);
  });

  test('--simulate twice in a row: the second run finds every database still available and starts nothing', async () => {
    const once = () => run('node', [CLI, 'run', EXAMPLE_DIR, '--mysql-url', db.url, '--kubeconfig', emulator.kubeconfigPath, '--once', '--simulate'], { timeout: 120_000 });
    const kc = new KubeConfig();
    kc.loadFromFile(emulator.kubeconfigPath);
    const databases = async () => Object.fromEntries((await KubeRest.for(kc).list('database.aws.crossplane.io/v1beta1', 'RDSInstance'))
      .map((rds) => [rds.metadata.name, (rds as { status?: { atProvider?: { dbInstanceStatus?: string } } }).status?.atProvider?.dbInstanceStatus]));
    await once();
    const first = await databases();
    expect(Object.keys(first).sort()).toEqual(['acme-corp-postgres', 'basic-co-postgres', 'globex-corp-postgres']);
    expect(Object.values(first).every((status) => status === 'available')).toBe(true);
    // A new process, so new simulators: they read the creation time from the object, not from memory.
    const { stdout } = await once();
    expect(stdout).toContain('sync: 0 started, 0 deletions');
    expect(await databases()).toEqual(first);
  }, 250_000);

  test('a database it cannot read: nothing started, a clear error, exit 1', async () => {
    const wrong = db.url.replace(/:[^:@/]+@/, ':wrong-password@');
    const failure = await run('node', [CLI, 'run', EXAMPLE_DIR, '--mysql-url', wrong, '--kubeconfig', emulator.kubeconfigPath, '--once'], { timeout: 60_000 })
      .catch((error: { code: number; stderr: string }) => error);
    expect((failure as { code: number }).code).toBe(1);
    expect((failure as { stderr: string }).stderr).toMatch(/sync failed, nothing started or deleted: .*access denied/i);
    expect((failure as { stderr: string }).stderr).not.toContain('wrong-password');
  });
});
