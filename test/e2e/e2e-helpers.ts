// Small reads the end-to-end tests share: what a user would look at with kubectl.
import { quoteIdentifier } from '../../lambdas/adapters/sql-identifier';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { KubeObject } from '../../lambdas/core/template/rendered-resource';
import type { LynqNodeRecord } from '../../lambdas/core/contracts/workflow-contracts';
import { readLiveObject } from '../../lambdas/adapters/resource-read';
import type { LocalEnvironment } from '../../local/local-environment';

export const SCHEMA_SQL = join(__dirname, '..', '..', 'examples', 'database-per-node', 'schema.sql');
export const HEALTH_CHECK = join(__dirname, '..', '..', 'examples', 'database-per-node', 'verify-database-per-node.sh');

/**
 * The emulated cluster by default; with LYNQ_TEST_KUBECONFIG the same suite runs against that real
 * cluster, the controller simulators acting as its controllers (through the API, as clients).
 */
export const E2E_CLUSTER = { kubeconfig: process.env.LYNQ_TEST_KUBECONFIG || undefined, simulate: true };

/** Tags everything this test run creates, so that runs sharing a real cluster never meet. */
export const RUN_ID = randomBytes(3).toString('hex');

/** A node uid unique to this run (namespaces `node-<uid>` and cluster-scoped `<uid>-postgres` follow). */
export const runUid = (base: string) => `${base}-${RUN_ID}`;

/**
 * The cluster options of one e2e suite: its own LynqNode record namespace (no suite sees another's
 * records, so no mass-deletion guard trips over them), and simulators that act only on this
 * run's objects (names or namespaces carrying RUN_ID).
 */
export function e2eCluster(suite: string) {
  return {
    ...E2E_CLUSTER,
    recordNamespace: `lynq-e2e-${suite}-${RUN_ID}`,
    simulatorScope: (o: { name: string; namespace?: string }) => o.name.includes(RUN_ID) || (o.namespace ?? '').includes(RUN_ID),
  };
}

/** Removes what this run left in the cluster: its namespaces (records and nodes) and RDS instances. */
/** A suite's teardown: let running executions finish, remove this run's objects while the cluster still answers, then stop. */
export async function stopRunEnvironment(env: LocalEnvironment | undefined): Promise<void> {
  await env?.settle().catch(() => undefined);
  await removeRunObjects(env);
  await env?.stop();
}

export async function removeRunObjects(env: LocalEnvironment | undefined): Promise<void> {
  if (!env) return;
  const core = env.kube.makeApiClient(CoreV1Api);
  const custom = env.kube.makeApiClient(CustomObjectsApi);
  const namespaces = await core.listNamespace();
  for (const ns of namespaces.items) {
    if (ns.metadata?.name?.includes(RUN_ID)) await core.deleteNamespace({ name: ns.metadata.name }).catch(() => undefined);
  }
  const rds = (await custom.listClusterCustomObject({ group: 'database.aws.crossplane.io', version: 'v1beta1', plural: 'rdsinstances' }).catch(() => ({ items: [] }))) as { items: KubeObject[] };
  for (const obj of rds.items) {
    if (obj.metadata.name?.includes(RUN_ID)) await custom.deleteClusterCustomObject({ group: 'database.aws.crossplane.io', version: 'v1beta1', plural: 'rdsinstances', name: obj.metadata.name }).catch(() => undefined);
  }
}

export const NODE_NS = (uid: string) => `node-${uid}`;

export async function insertNode(env: LocalEnvironment, uid: string, overrides: Record<string, unknown> = {}): Promise<void> {
  const row: Record<string, unknown> = {
    node_id: uid, domain: `${uid}.example.com`, is_active: 1, db_instance_class: 'db.t3.small', db_storage_gb: 50, plan_type: 'pro', ...overrides,
  };
  const columns = Object.keys(row);
  await env.db!.query(`INSERT INTO nodes (${columns.map(quoteIdentifier).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c]));
}

export async function updateNode(env: LocalEnvironment, uid: string, changes: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(changes);
  await env.db!.query(`UPDATE nodes SET ${columns.map((c) => `${quoteIdentifier(c)} = ?`).join(', ')} WHERE node_id = ?`, [...columns.map((c) => changes[c]), uid]);
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

/**
 * Waits until `read` finds nothing: deletion is asynchronous on a real cluster (a namespace stays
 * Terminating for seconds after the execution that deleted it has finished).
 */
export async function gone(what: string, read: () => Promise<unknown>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let found = await read(); found !== undefined; found = await read()) {
    if (Date.now() > deadline) throw new Error(`${what} still exists ${timeoutMs / 1000} s after its deletion`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const QUANTITY_SUFFIX: Record<string, number> = {
  m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40,
};

/** A resource quantity's value: a real server canonicalises `1000m` to `1`, so tests compare values. */
export function quantity(text: unknown): number {
  const m = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(text));
  if (!m) throw new Error(`not a quantity: ${String(text)}`);
  return Number(m[1]) * QUANTITY_SUFFIX[m[2] ?? ''];
}

export function labels(obj: KubeObject | undefined): Record<string, string> {
  return obj?.metadata.labels ?? {};
}

/**
 * A `kubectl` first on PATH that reads records from the run's record namespace where the seed
 * script names lynq-system, and gives `kubectl exec` a short --pod-running-timeout: the seed
 * script's connectivity step would otherwise wait a minute for a running pod on clusters without
 * a kubelet (the emulator, or a control-plane-only test cluster). Everything else goes to kubectl.
 */
function kubectlWithShortExecWait(recordNamespace: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lynq-kubectl-'));
  const real = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  const wrapper = join(dir, 'kubectl');
  // The seed script reads records from lynq-system; a test run keeps its own record namespace.
  const script = [
    '#!/bin/bash',
    'args=()',
    `for a in "$@"; do if [ "$a" = "lynq-system" ]; then args+=("${recordNamespace}"); else args+=("$a"); fi; done`,
    `if [ "\${args[0]}" = "exec" ]; then exec "${real}" exec --pod-running-timeout=2s "\${args[@]:1}"; fi`,
    `exec "${real}" "\${args[@]}"`,
  ];
  writeFileSync(wrapper, `${script.join('\n')}\n`);
  chmodSync(wrapper, 0o755);
  return dir;
}

/** Runs the seed's health-check script with kubectl against the environment's cluster (asynchronously: the emulator serves from this process). */
export async function runHealthCheck(env: LocalEnvironment, uid: string): Promise<string> {
  const bin = kubectlWithShortExecWait(env.deps.records.namespace);
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

/** One step of a scenario: a name that says what it shows, and the code that shows it. */
export type ScenarioStep = readonly [name: string, run: () => Promise<void> | void];

/**
 * A story told in steps that build on each other (a rollout, a node's life): one test, so it passes
 * run alone too, with each step's name on its failure. Steps that stand alone are tests of their own.
 */
export function scenario(name: string, steps: readonly ScenarioStep[], stepTimeoutMs = 60_000): void {
  test(name, async () => {
    for (const [stepName, run] of steps) {
      try {
        await run();
      } catch (error) {
        if (error instanceof Error) error.message = `step "${stepName}": ${error.message}`;
        throw error;
      }
    }
  }, stepTimeoutMs * steps.length);
}
