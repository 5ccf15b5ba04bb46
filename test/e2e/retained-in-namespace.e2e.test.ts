// deletionPolicy Retain must keep the data even when the object lives in a namespace the node
// deletes: deleting a namespace deletes everything in it, so that namespace is retained too.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../../local/simulated-clock';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { e2eCluster, insertNode, labels, removeRunObjects, runUid, SCHEMA_SQL, updateNode } from './e2e-helpers';

const FORM = `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata:
  name: keeps-data
spec:
  hubId: database-per-node
  namespaces:
    - id: ns
      nameTemplate: "data-<%= uid %>"
      spec:
        apiVersion: v1
        kind: Namespace
  configMaps:
    - id: scratch
      nameTemplate: scratch
      targetNamespace: "data-<%= uid %>"
      dependIds: [ns]
      spec:
        apiVersion: v1
        kind: ConfigMap
        data: { temporary: "yes" }
  persistentVolumeClaims:
    - id: volume
      nameTemplate: data
      targetNamespace: "data-<%= uid %>"
      dependIds: [ns]
      deletionPolicy: Retain
      spec:
        apiVersion: v1
        kind: PersistentVolumeClaim
        spec:
          accessModes: [ReadWriteOnce]
          resources: { requests: { storage: 1Gi } }
`;

describe('a Retain object inside a namespace the node deletes', () => {
  const KEEPER = runUid('keeper');
  let env: LocalEnvironment;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lynq-retain-ns-'));
    copyFileSync(join(EXAMPLE_DIR, 'hub.yaml'), join(dir, 'hub.yaml'));
    writeFileSync(join(dir, 'form.yaml'), FORM);
    env = await startLocalEnvironment({ ...e2eCluster('retain'), configDir: dir, sqlFiles: [SCHEMA_SQL], clock: new SimulatedClock() });
  });
  afterAll(async () => {
    await env?.settle().catch(() => undefined);
    await removeRunObjects(env);
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps the volume and its namespace, with orphan markers; deletes the rest', async () => {
    await insertNode(env, KEEPER);
    await env.sync();
    expect((await env.settle()).map((r) => r.status)).toEqual(['SUCCEEDED']);

    await updateNode(env, KEEPER, { is_active: 0 });
    await env.sync();
    expect((await env.settle()).map((r) => r.status)).toEqual(['SUCCEEDED']);

    const volume = await readLiveObject(env.kube, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'data', namespace: `data-${KEEPER}` });
    const namespace = await readLiveObject(env.kube, { apiVersion: 'v1', kind: 'Namespace', name: `data-${KEEPER}` });
    expect(labels(volume)['lynq.sh/orphaned']).toBe('true');
    expect(labels(namespace)['lynq.sh/orphaned']).toBe('true');
    expect(await readLiveObject(env.kube, { apiVersion: 'v1', kind: 'ConfigMap', name: 'scratch', namespace: `data-${KEEPER}` })).toBeUndefined();
    expect(env.log.lines.some((l) => l.message === 'namespace retained: it holds resources with deletionPolicy Retain')).toBe(true);
  });
});
