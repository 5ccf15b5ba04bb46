// The deployed sync function with several hubs: the schedule's event {"hub": name} syncs that hub
// alone (its view, its records), and the metrics carry the hub as a second dimension set next to
// the `service` one the alarms watch. Real MariaDB and the (emulated or real) cluster; Step
// Functions cannot run here, so StartExecution is answered at the SDK client's edge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';
import { LynqNodeStore } from '../../lambdas/adapters/lynqnode-store';
import { allowKubeconfigFiles } from '../../lambdas/handlers/runtime-deps';
import { kubeConfigFromFile } from '../../lambdas/adapters/kube-config-file';
import { writeCompiledConfig } from '../../lambdas/adapters/config-directory';

const PLAN_TIERS = join(__dirname, '..', '..', 'examples', 'plan-tiers');

describe('the sync function, one hub per invocation', () => {
  let cluster: TestCluster;
  let db: TestDatabase;
  let handler: (event?: unknown) => Promise<{ started: string[] }>;
  const started: { name: string; input: unknown }[] = [];
  const savedEnv = { ...process.env };
  const work = mkdtempSync(join(tmpdir(), 'lynq-sync-hubs-'));
  let uid: (base: string) => string;

  beforeAll(async () => {
    cluster = await connectTestCluster();
    db = await startTestDatabase();
    await db.loadSqlFile(join(PLAN_TIERS, 'schema.sql'));
    uid = (base) => cluster.uniqueName(base).slice(0, 40);
    for (const [id, plan] of [[uid('ent'), 'enterprise'], [uid('bas'), 'basic']]) {
      await db.query('INSERT INTO nodes (node_id, domain, is_active, plan_type) VALUES (?, ?, TRUE, ?)', [id, `${id}.example.com`, plan]);
    }
    // Compiled as the synth compiles it into the functions' bundles.
    writeCompiledConfig(PLAN_TIERS, join(work, 'lynq-config.json'));
    Object.assign(process.env, {
      LYNQ_CONFIG_FILE: join(work, 'lynq-config.json'), KUBECONFIG: cluster.kubeconfigPath, LYNQ_MYSQL_URL: db.url,
      LYNQ_RECORD_NAMESPACE: cluster.uniqueName('records'), LYNQ_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:reconcile-node',
      LYNQ_METRICS_SERVICE: 'tiers-sync', AWS_REGION: 'eu-west-1',
    });
    delete process.env.LYNQ_EKS_CLUSTER;
    // send's overloads include a callback form returning void; the SDK code under test uses the promise form.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    jest.spyOn(SFNClient.prototype, 'send').mockImplementation((command: unknown) => {
      const input = (command as StartExecutionCommand).input;
      started.push({ name: input.name!, input: JSON.parse(input.input!) });
      return Promise.resolve({ executionArn: `${process.env.LYNQ_STATE_MACHINE_ARN}:${input.name}`, startDate: new Date() } as never);
    });
    // The CRD and the record namespace, as the deploy guide has users apply them.
    await new LynqNodeStore(cluster.kubeConfig, process.env.LYNQ_RECORD_NAMESPACE).ensureCrd();
    allowKubeconfigFiles(kubeConfigFromFile);
    ({ handler } = await import('../../lambdas/handlers/sync'));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = savedEnv;
    rmSync(work, { recursive: true, force: true });
    await db?.stop();
    await cluster?.cleanupNamespaces();
    await cluster?.stop();
  });

  test("the schedule's event names the hub; that hub's view alone is read; metrics carry the hub", async () => {
    const written: string[] = [];
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { written.push(String(chunk)); return true; });
    let result: { started: string[] };
    try {
      result = await handler({ hub: 'enterprise-tier' });
    } finally {
      stdout.mockRestore();
    }
    expect(result.started).toHaveLength(1);
    expect(started.map((s) => (s.input as { form: string }).form)).toEqual(['enterprise-stack']);
    const emf = written.flatMap((line) => line.split('\n')).filter((line) => line.includes('"CloudWatchMetrics"')).map((line) => JSON.parse(line));
    expect(emf.length).toBeGreaterThan(0);
    expect(emf[0]._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service'], ['service', 'hub']]);
    expect(emf[0]).toMatchObject({ service: 'tiers-sync', hub: 'enterprise-tier' });
  });

  test('with several hubs an event without a hub is refused, naming them', async () => {
    await expect(handler({})).rejects.toThrow("has 2 hubs ('basic-tier', 'enterprise-tier'); name one");
    await expect(handler({ hub: 'premium' })).rejects.toThrow("hub 'premium' is not in the configuration");
  });
});
