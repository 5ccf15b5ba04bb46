// passwordRef as in Lynq (issue 12 point 4): with no Secrets Manager secret and no local password
// setting, a hub's MySQL password is read from the Kubernetes Secret it names, in the hub's
// namespace. Real MariaDB with a user of its own password, the (emulated or real) cluster, the
// deployed functions' dependencies and the real state machine. The password never shows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { startTestDatabase, type TestDatabase } from '../../local/mariadb-harness';
import { startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { clearMysqlPasswordCache } from '../../lambdas/adapters/mysql-password';
import { runtimeDeps } from '../../lambdas/handlers/runtime-deps';
import { hubTableReader } from '../../lambdas/handlers/hub-table-reader';
import { kubeConfigFromFile } from '../../lambdas/adapters/kube-config-file';
import { writeCompiledConfig } from '../../lambdas/adapters/config-directory';
import { connectTestCluster, type TestCluster } from '../support/test-cluster';

describe('passwordRef', () => {
  const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
  const USER = `lynq_ref_${randomBytes(3).toString('hex')}`;
  let cluster: TestCluster;
  let db: TestDatabase;
  let dir: string;
  let secretNamespace: string;
  let recordNamespace: string;
  let uid: string;
  let core: CoreV1Api;
  const savedEnv = { ...process.env };

  const writeSecret = async (data: Record<string, string>) => {
    const body = { metadata: { name: 'mysql-credentials', namespace: secretNamespace }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) };
    await core.deleteNamespacedSecret({ name: 'mysql-credentials', namespace: secretNamespace }).catch(() => undefined);
    await core.createNamespacedSecret({ namespace: secretNamespace, body });
  };

  beforeAll(async () => {
    // No other password source: passwordRef is the only one.
    for (const name of ['LYNQ_MYSQL_PASSWORD', 'LYNQ_MYSQL_PASSWORD_FILE', 'LYNQ_MYSQL_SECRET_ARN', 'LYNQ_MYSQL_HOST']) delete process.env[name];
    cluster = await connectTestCluster();
    core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    db = await startTestDatabase();
    await db.exec(`CREATE TABLE nodes (node_id VARCHAR(63) PRIMARY KEY, is_active BOOLEAN)`);
    uid = cluster.uniqueName('ref').slice(0, 30).replace(/-+$/, '');
    await db.query('INSERT INTO nodes VALUES (?, TRUE)', [uid]);
    await db.query(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`);
    await db.query(`GRANT SELECT ON \`${db.database}\`.* TO '${USER}'@'%'`);
    secretNamespace = cluster.uniqueName('mysql-secrets');
    recordNamespace = cluster.uniqueName('records');
    await core.createNamespace({ body: { metadata: { name: secretNamespace } } });
    dir = mkdtempSync(join(tmpdir(), 'lynq-password-ref-'));
    writeFileSync(join(dir, 'hub.yaml'), `apiVersion: operator.lynq.sh/v1
kind: LynqHub
metadata: { name: refs, namespace: ${secretNamespace} }
spec:
  source:
    type: mysql
    mysql: { host: ${db.host}, port: ${db.port}, database: ${db.database}, username: ${USER}, table: nodes, passwordRef: { name: mysql-credentials, key: password } }
  valueMappings: { uid: node_id, activate: is_active }
`);
    writeFileSync(join(dir, 'form.yaml'), `apiVersion: operator.lynq.sh/v1
kind: LynqForm
metadata: { name: settings }
spec:
  hubId: refs
  configMaps:
    - id: settings
      nameTemplate: "{{ .uid }}-settings"
      targetNamespace: ${recordNamespace}
      spec: { apiVersion: v1, kind: ConfigMap, data: { uid: "{{ .uid }}" } }
`);
  });
  afterAll(async () => {
    process.env = savedEnv;
    rmSync(dir, { recursive: true, force: true });
    await db?.stop();
    await cluster?.cleanupNamespaces();
    await cluster?.stop();
  });
  beforeEach(() => { clearMysqlPasswordCache(); });

  test('the deployed functions read the password from the Secret; a missing Secret or key is named, the password never', async () => {
    // Compiled as the synth compiles it into the functions' bundles.
    writeCompiledConfig(dir, join(dir, 'lynq-config.json'));
    const deps = await runtimeDeps({ LYNQ_CONFIG_FILE: join(dir, 'lynq-config.json'), KUBECONFIG: cluster.kubeconfigPath, LYNQ_RECORD_NAMESPACE: recordNamespace }, { readsHubTable: hubTableReader, kubeconfigFile: kubeConfigFromFile });
    const hub = deps.config.hubs[0].hub;

    await expect(deps.readRows(hub)).rejects.toThrow(`cannot read the MySQL password: Secret ${secretNamespace}/mysql-credentials (the hub's passwordRef) does not exist`);

    await writeSecret({ username: USER, pass: PASSWORD });
    const missingKey = await deps.readRows(hub).catch((e: unknown) => e as Error);
    expect((missingKey as Error).message).toContain(`Secret ${secretNamespace}/mysql-credentials (the hub's passwordRef) has no key 'password' (its keys: pass, username)`);
    expect((missingKey as Error).message).not.toContain(PASSWORD);

    await writeSecret({ password: `${PASSWORD}-wrong` });
    const denied = await deps.readRows(hub).catch((e: Error) => e);
    expect(denied).toMatchObject({ name: 'Lynq.DatasourceError', kind: 'auth' });
    expect(`${(denied as Error).message} ${(denied as Error).stack ?? ''}`).not.toContain(PASSWORD);

    // The function re-reads the Secret after an authentication failure (a rotated password).
    await writeSecret({ password: PASSWORD });
    expect(await deps.readRows(hub, { uid })).toEqual([{ node_id: uid, is_active: true }]);
  });

  test('a sync and its execution connect with the password from the Secret; it appears in no log line and no execution payload', async () => {
    await writeSecret({ password: PASSWORD });
    let env: LocalEnvironment | undefined;
    try {
      env = await startLocalEnvironment({ configDir: dir, hubDatabases: true, kubeconfig: cluster.kubeconfigPath, recordNamespace });
      const report = await env.sync();
      expect(report.started).toHaveLength(1);
      const [result] = await env.settle();
      expect(result.status).toBe('SUCCEEDED');
      const settings = await core.readNamespacedConfigMap({ name: `${uid}-settings`, namespace: recordNamespace });
      expect(settings.data).toEqual({ uid });
      const everything = JSON.stringify({ log: env.log.lines, executions: [...env.starter.executions.values()], record: await env.deps.records.get(`${uid}-settings`) });
      expect(everything).not.toContain(PASSWORD);
    } finally {
      await env?.stop();
    }
  });
});
