// Small reads the end-to-end tests share: what a user would look at with kubectl.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { KubeObject } from '../../lambdas/core/rendered-resource';
import type { LynqNodeRecord } from '../../lambdas/core/workflow-contracts';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import type { LocalEnvironment } from '../../local/local-environment';

export const SCHEMA_SQL = join(__dirname, '..', '..', 'examples', 'database-per-node', 'schema.sql');
export const HEALTH_CHECK = join(__dirname, '..', '..', 'examples', 'database-per-node', 'verify-database-per-node.sh');

/**
 * The emulated cluster by default; with LYNQ_TEST_KUBECONFIG the same suite runs against that real
 * cluster, the controller simulators acting as its controllers (through the API, as clients).
 */
export const E2E_CLUSTER = { kubeconfig: process.env.LYNQ_TEST_KUBECONFIG || undefined, simulate: true };

export const NODE_NS = (uid: string) => `node-${uid}`;

export async function insertNode(env: LocalEnvironment, uid: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const row: Record<string, unknown> = {
    node_id: uid, domain: `${uid}.example.com`, is_active: 1, db_instance_class: 'db.t3.small', db_storage_gb: 50, plan_type: 'pro', ...overrides,
  };
  const columns = Object.keys(row);
  await env.db!.query(`INSERT INTO nodes (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c]));
}

export async function updateNode(env: LocalEnvironment, uid: string, changes: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(changes);
  await env.db!.query(`UPDATE nodes SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE node_id = ?`, [...columns.map((c) => changes[c]), uid]);
}

export function lynqNode(env: LocalEnvironment, uid: string): Promise<LynqNodeRecord | undefined> {
  return env.deps.records.get(`${uid}-database-provisioning`);
}

export function condition(record: LynqNodeRecord | undefined, type: string) {
  return record?.status?.conditions.find((c) => c.type === type);
}

export const rdsInstance = (env: LocalEnvironment, uid: string) =>
  readLiveObject(env.kube, { apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', name: `${uid}-postgres` });
export const appDeployment = (env: LocalEnvironment, uid: string) =>
  readLiveObject(env.kube, { apiVersion: 'apps/v1', kind: 'Deployment', name: `${uid}-app`, namespace: NODE_NS(uid) });
export const nodeNamespace = (env: LocalEnvironment, uid: string) =>
  readLiveObject(env.kube, { apiVersion: 'v1', kind: 'Namespace', name: NODE_NS(uid) });
export const connectionSecret = (env: LocalEnvironment, uid: string) =>
  readLiveObject(env.kube, { apiVersion: 'v1', kind: 'Secret', name: `${uid}-db-conn`, namespace: NODE_NS(uid) });

export function labels(obj: KubeObject | undefined): Record<string, string> {
  return obj?.metadata.labels ?? {};
}

/**
 * A `kubectl` first on PATH that gives `kubectl exec` a short --pod-running-timeout: the seed
 * script's connectivity step would otherwise wait a minute for a running pod on clusters without
 * a kubelet (the emulator, or a control-plane-only test cluster). Everything else goes to kubectl.
 */
function kubectlWithShortExecWait(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lynq-kubectl-'));
  const real = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  const wrapper = join(dir, 'kubectl');
  writeFileSync(wrapper, `#!/bin/sh\nif [ "$1" = "exec" ]; then shift; exec "${real}" exec --pod-running-timeout=2s "$@"; fi\nexec "${real}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

/** Runs the seed's health-check script with kubectl against the environment's cluster (asynchronously: the emulator serves from this process). */
export async function runHealthCheck(env: LocalEnvironment, uid: string): Promise<string> {
  const bin = kubectlWithShortExecWait();
  try {
    const { stdout } = await promisify(execFile)('bash', [HEALTH_CHECK, uid], { env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, KUBECONFIG: env.kubeconfigPath } });
    return stdout;
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
}

/** A latch a test opens when it has looked at the intermediate state. */
export class Gate {
  private isOpened = false;
  private release!: () => void;
  readonly opened = new Promise<void>((resolve) => { this.release = resolve; });
  private reachedResolve!: () => void;
  readonly reached = new Promise<void>((resolve) => { this.reachedResolve = resolve; });
  arrive(): Promise<void> { this.reachedResolve(); return this.opened; }
  open(): void { this.isOpened = true; this.release(); }
  isOpen(): boolean { return this.isOpened; }
}
