// Benchmark: one refresh of `lynq-sfn run`'s progress view with 20k running nodes (issue #14
// goal 5). The records are followed by a watch on the emulated API server (or the cluster named
// by LYNQ_BENCH_KUBECONFIG); a refresh reads no list, it looks each execution's record up.
import { randomBytes } from 'node:crypto';
import { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import { LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../lambdas/core/apply/tracking-labels';
import type { LynqNodeRecord, LynqNodeStatus } from '../lambdas/core/contracts/workflow-contracts';
import { lynqNodeLabels, readySummary } from '../lambdas/core/lynqnode/lynqnode-status';
import type { TrackedExecution } from '../local/local-execution-starter';
import { followLynqNodes } from '../local/lynqnode-follower';
import { ProgressView } from '../local/progress-view';
import { closeBenchCluster, openBenchCluster } from './bench-cluster';

export interface ProgressBenchResult {
  nodes: number;
  /** The API server: `emulated`, or the kubeconfig's with its version. */
  cluster: string;
  /** The first refresh: a line for every node. */
  firstRefreshMs: number;
  /** A later refresh, after one record changed (median of several). */
  refreshMs: number;
  /** CPU time of that refresh (wall time on a shared machine includes waiting for a core). */
  refreshCpuMs: number;
}

const CREATE_CONCURRENCY = 32;

function status(ready: number): LynqNodeStatus {
  return {
    desiredResources: 3, readyResources: ready, failedResources: 0, skippedResources: 0, failedResourceIds: [], skippedResourceIds: [],
    appliedResources: [], retryCount: 0,
    conditions: [{ type: 'Progressing', status: 'True', reason: 'Reconciling', message: 'Waiting for rds-instance to become ready', lastTransitionTime: new Date().toISOString() }],
  };
}

export async function runProgressBench(nodes = 20_000): Promise<ProgressBenchResult> {
  const cluster = await openBenchCluster();
  const { kc, emulator } = cluster;
  const namespace = `lynq-progress-${randomBytes(3).toString('hex')}`;
  const store = new LynqNodeStore(kc, namespace);
  try {
    await store.ensureCrd();
    const records: LynqNodeRecord[] = Array.from({ length: nodes }, (_, i) => {
      const uid = `node-${i}`;
      return { name: `${uid}-web`, namespace, labels: lynqNodeLabels('hub', uid, 'web'), spec: { uid, form: 'web', hubId: 'hub', desiredHash: 'h', values: { uid, activate: true } } };
    });
    if (emulator) {
      emulator.seed(records.map((r) => {
        const s = status(1);
        return { apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, metadata: { name: r.name, namespace, labels: r.labels }, spec: r.spec, status: { ...s, readySummary: readySummary(s) } };
      }));
    } else {
      const queue = [...records];
      await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, async () => {
        for (let r = queue.pop(); r; r = queue.pop()) {
          const created = await store.create(r);
          await store.replaceStatus({ ...created, status: status(1) });
        }
      }));
    }
    const executions: TrackedExecution[] = records.map((r) => ({
      name: `exec-${r.spec.uid}`, input: { uid: r.spec.uid, form: 'web' }, rawInput: '{}', startDate: new Date(), status: 'RUNNING', state: 'CheckReady', done: new Promise(() => undefined),
    }));
    let delivered = 0;
    let allDelivered: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => { allDelivered = resolve; });
    let changed: (() => void) | undefined;
    const view = new ProgressView(store, () => executions, () => undefined, (changes) => followLynqNodes(kc, namespace, {
      onChange: (r) => {
        changes.onChange(r);
        if (++delivered === nodes) allDelivered();
        changed?.();
      },
      onDelete: (r) => { changes.onDelete(r); },
    }));
    view.start(3_600_000); // refreshes are timed below, not by the timer
    await ready;
    let t0 = process.hrtime.bigint();
    view.render();
    const firstRefreshMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      const next = new Promise<void>((resolve) => { changed = resolve; });
      const current = await store.get(records[round].name);
      if (!current) throw new Error(`record ${records[round].name} is gone`);
      await store.replaceStatus({ ...current, status: status(2) });
      await next;
      changed = undefined;
      t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      view.render();
      const cpu = process.cpuUsage(cpu0);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    await view.stop();
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return { nodes, cluster: cluster.label, firstRefreshMs, refreshMs: median(times), refreshCpuMs: median(cpuTimes) };
  } finally {
    await closeBenchCluster(cluster, namespace);
  }
}
