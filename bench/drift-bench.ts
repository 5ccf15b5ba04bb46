// Benchmark: one drift detection round over 10,000 settled nodes of the example form (30,000
// managed objects: Namespace, RDSInstance, Deployment), with a few Deployments tampered with by
// another field manager. Real MariaDB, the emulated cluster over HTTP, the real round; only the
// starter counts instead of starting. Reports the API calls, bytes and time of the round, and the
// bytes a full (not metadata-only) LIST of the Deployments would have cost.
import { join } from 'node:path';
import { mapHubRows, templateVariables } from '../lambdas/core/sync/row-mapping';
import { desiredHash } from '../lambdas/core/apply/desired-hash';
import { desiredObject } from '../lambdas/core/apply/desired-object';
import { appliedHash, withApplyAnnotations } from '../lambdas/core/apply/applied-hash';
import { renderResources } from '../lambdas/core/template/template-render';
import { lynqNodeLabels, lynqNodeName, readySummary } from '../lambdas/core/lynqnode/lynqnode-status';
import { DEFAULT_SYNC_SETTINGS } from '../lambdas/core/sync/sync-settings';
import { DEFAULT_DRIFT_SETTINGS } from '../lambdas/core/sync/drift-settings';
import { KubeRest } from '../lambdas/adapters/kube-rest';
import { LABEL_HUB, LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../lambdas/core/apply/tracking-labels';
import { managedObjectsSelector, type ListCost } from '../lambdas/adapters/managed-object-metadata';
import { runDriftRound } from '../lambdas/workflow/drift-round';
import { driftRoundDeps } from '../lambdas/adapters/drift-round-deps';
import { EXAMPLE_DIR, startLocalEnvironment } from '../local/local-environment';
import { silentLog } from '../local/local-deps';

export interface DriftBenchResult {
  nodes: number;
  objects: number;
  tampered: number;
  drifted: number;
  repairsStarted: number;
  /** Metadata-only LIST requests of managed objects (all pages of all kinds). */
  listCalls: number;
  listBytes: number;
  /** LIST pages of the LynqNode records the round reads too. */
  recordPages: number;
  recordBytes: number;
  /** Bytes of a full LIST of the Deployments alone, for comparison. */
  fullDeploymentListBytes: number;
  metadataDeploymentListBytes: number;
  seconds: number;
  peakRssMb: number;
}

export async function runDriftBench(count = 10_000, tampered = 10): Promise<DriftBenchResult> {
  const env = await startLocalEnvironment({ configDir: EXAMPLE_DIR, sqlFiles: [join(EXAMPLE_DIR, 'schema.sql')] });
  const db = env.db;
  const server = env.kube.getCurrentCluster()?.server;
  if (!db || !server) throw new Error('the drift bench needs the throwaway database and the emulated cluster');
  try {
    for (let start = 0; start < count; start += 1000) {
      const values = Array.from({ length: Math.min(1000, count - start) }, (_, i) => {
        const n = start + i;
        return [`node-${n}`, `node-${n}.example.com`, 1, n % 3 === 0 ? 'db.m5.large' : 'db.t3.small', 20 + (n % 50), n % 7 === 0 ? 1 : 0, ['basic', 'pro', 'enterprise'][n % 3]];
      });
      await db.query(
        `INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, db_multi_az, plan_type) VALUES ${values.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        values.flat(),
      );
    }
    // Every node reconciled and Ready, its objects applied as its execution applies them.
    const rest = KubeRest.for(env.kube);
    const form = env.config.forms[0];
    const hub = env.config.hub.name;
    const { nodes } = mapHubRows(env.config.hub, await env.deps.readRows(env.config.hub));
    const now = new Date();
    const queue = [...nodes];
    let objects = 0;
    // Many writes in flight: the emulator's controllers then settle once per batch, not once per write.
    await Promise.all(Array.from({ length: 48 }, async () => {
      for (let node = queue.pop(); node; node = queue.pop()) {
        const values = templateVariables(node, form);
        const hash = desiredHash(values, form);
        const name = lynqNodeName(node.uid, form.name);
        const identity = { nodeName: name, recordNamespace: env.deps.records.namespace, uid: node.uid, form: form.name, hubId: hub };
        // Namespaces first: the objects in them need them to exist.
        for (const rendered of renderResources(form, values, { now }).sort((a, b) => Number(b.manifest.kind === 'Namespace') - Number(a.manifest.kind === 'Namespace'))) {
          const info = await rest.resourceInfo(rendered.manifest.apiVersion, rendered.manifest.kind);
          const desired = desiredObject(rendered, identity, info.namespaced);
          await rest.serverSideApply(withApplyAnnotations(desired, appliedHash(desired), now.toISOString()), true);
          objects++;
        }
        const created = await env.deps.records.create({ name, namespace: env.deps.records.namespace, labels: lynqNodeLabels(hub, node.uid, form.name), spec: { uid: node.uid, form: form.name, hubId: hub, desiredHash: hash, values } });
        const status = {
          desiredResources: 3, readyResources: 3, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
          appliedResources: [], retryCount: 0, reconciledHash: hash, lastExecution: `${name}-bench`,
          conditions: [{ type: 'Ready' as const, status: 'True' as const, reason: 'Reconciled', message: 'Successfully reconciled all resources', lastTransitionTime: now.toISOString() }],
        };
        await env.deps.records.replaceStatus({ ...created, status: { ...status, readySummary: readySummary(status) } });
      }
    }));
    // Someone edits a few apps by hand: a patch by another field manager takes the image.
    for (let n = 0; n < tampered; n++) {
      const response = await fetch(`${server}/apis/apps/v1/namespaces/node-node-${n}/deployments/node-${n}-app?fieldManager=kubectl-edit`, {
        method: 'PATCH', headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
        body: JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:hand-edited' }] } } } }),
      });
      if (!response.ok) throw new Error(`tampering with node-${n}-app failed: ${response.status} ${await response.text()}`);
    }

    // What a full LIST of one kind would cost, against the metadata-only one.
    let fullDeploymentListBytes = 0;
    let metadataDeploymentListBytes = 0;
    const selector = managedObjectsSelector(hub);
    await rest.listMapped('apps/v1', 'Deployment', { labelSelector: selector, onPage: (p) => { fullDeploymentListBytes += p.bytes; } }, () => 0);
    await rest.listMetadata('apps/v1', 'Deployment', { labelSelector: selector, onPage: (p) => { metadataDeploymentListBytes += p.bytes; } }, () => 0);

    // The round also lists the hub's LynqNode records (as the sync does): their pages and bytes.
    let recordPages = 0;
    let recordBytes = 0;
    await rest.listMapped(LYNQNODE_API_VERSION, LYNQNODE_KIND, {
      namespace: env.deps.records.namespace, labelSelector: `${LABEL_HUB}=${hub}`, onPage: (p) => { recordPages++; recordBytes += p.bytes; },
    }, () => 0);

    let started = 0;
    const starter = { start: (): Promise<'started'> => { started++; return Promise.resolve('started'); } };
    const cost: ListCost = { calls: 0, bytes: 0, items: 0 };
    const deps = driftRoundDeps({ ...env.deps, log: silentLog }, env.config, starter, { cost });

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
    const t0 = process.hrtime.bigint();
    const report = await runDriftRound(deps, env.config, DEFAULT_SYNC_SETTINGS, { ...DEFAULT_DRIFT_SETTINGS, maxConcurrentRepairs: 1000 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      nodes: count, objects, tampered, drifted: report.drifted.length, repairsStarted: started,
      listCalls: cost.calls, listBytes: cost.bytes, recordPages, recordBytes, fullDeploymentListBytes, metadataDeploymentListBytes,
      seconds, peakRssMb: Math.round(peak / 1048576),
    };
  } finally {
    await env.stop();
  }
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 10_000);
  runDriftBench(count).then((r) => { process.stdout.write(`${JSON.stringify(r)}\n`); process.exit(0); }, (e: unknown) => { process.stderr.write(`${String(e instanceof Error ? e.stack : e)}\n`); process.exit(1); });
}
