// Public entry of the emulated Kubernetes API server (DESIGN §9): real HTTP on loopback, the
// real REST protocol, so @kubernetes/client-node and kubectl work against it unmodified.
import type { Server } from 'node:http';
import { ControlPlane } from './control-plane';
import { FaultInjector, type FaultMatch, type FaultResponse } from './fault-injection';
import { type RecordedRequest, listen } from './http-server';
import { kubeconfigYamlFor, writeKubeconfig } from './kubeconfig-file';
import { ResourceOperations } from './resource-operations';
import type { JsonObject } from './json-types';

export type { FaultMatch, FaultResponse } from './fault-injection';
export type { RecordedRequest } from './http-server';

export interface KubeEmulator {
  url: string;
  /** A temporary kubeconfig file (no auth) pointing at `url`; removed by stop(). */
  kubeconfigPath: string;
  kubeconfigYaml: string;
  /**
   * The next `times` requests matching `match` answer `response` (a status such as 429, 500, 403,
   * with a Status body; 429 also carries Retry-After: 1) or have their connection reset.
   */
  failNext(match: FaultMatch, response: FaultResponse, times?: number): void;
  /** Requests served so far (method, path with query, content type, status), oldest first. */
  requests(): readonly RecordedRequest[];
  clearRequests(): void;
  /**
   * Creates objects in-process, exactly as a POST by `manager` would (validation, defaults,
   * managedFields), then writes each object's `status` through the status subresource when the
   * kind has one. For benchmarks that need 100k objects faster than HTTP can create them.
   */
  seed(objects: SeedObject[], manager?: string): void;
  /** etcd compaction: continue tokens handed out so far answer 410 Expired from now on. */
  compact(): void;
  /** Forgets every object and CRD-defined kind, and pending faults; system namespaces stay. */
  reset(): void;
  stop(): Promise<void>;
}

export interface KubeEmulatorOptions {
  port?: number;
  /** How long a deleted namespace waits for the namespace controller (default NAMESPACE_CONTROLLER_DELAY_MS). */
  namespaceDelayMs?: number;
}

export async function startKubeEmulator(opts: KubeEmulatorOptions = {}): Promise<KubeEmulator> {
  const ops = new ResourceOperations();
  const faults = new FaultInjector();
  const controlPlane = new ControlPlane(ops, opts.namespaceDelayMs);
  const log: RecordedRequest[] = [];
  const { server, url } = await listen({ ops, faults, log, afterWrite: () => { controlPlane.kick(); } }, opts.port ?? 0);
  const kubeconfigYaml = kubeconfigYamlFor(url);
  const file = writeKubeconfig(kubeconfigYaml);
  let stopped = false;
  return {
    url,
    kubeconfigPath: file.path,
    kubeconfigYaml,
    failNext: (match, response, times = 1) => { faults.add(match, response, times); },
    requests: () => [...log],
    clearRequests: () => {
      log.length = 0;
    },
    seed: (objects, manager = 'lynq-sfn') => {
      seedObjects(ops, objects, manager);
      controlPlane.kick();
    },
    compact: () => { ops.compact(); },
    reset: () => {
      ops.reset();
      faults.clear();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      controlPlane.stop();
      file.remove();
      await closeServer(server);
    },
  };
}

export interface SeedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

function seedObjects(ops: ResourceOperations, objects: SeedObject[], manager: string): void {
  const opts = { manager, explicitManager: true, force: false, dryRun: false };
  for (const obj of objects) {
    const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    const type = ops.registry.byKind(group, obj.kind);
    if (!type) throw new Error(`seed: the emulator does not serve ${obj.kind} in ${obj.apiVersion}`);
    const target = { type, version, namespace: obj.metadata.namespace, name: obj.metadata.name, scope: 'main' as const };
    const { status, ...main } = obj;
    const created = ops.create(target, main, opts);
    const hasStatus = type.versions.find((v) => v.name === version)?.hasStatus ?? false;
    if (status !== undefined && hasStatus) ops.update({ ...target, scope: 'status' }, { ...created, status: status as JsonObject }, opts);
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => { if (err) reject(err); else resolve(); });
    server.closeAllConnections(); // keep-alive sockets of clients would otherwise hold close() open
  });
}
