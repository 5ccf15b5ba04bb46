// Public entry of the emulated Kubernetes API server (DESIGN §9): real HTTP on loopback, the
// real REST protocol, so @kubernetes/client-node and kubectl work against it unmodified.
import type { Server } from 'node:http';
import { ControlPlane } from './control-plane';
import { FaultInjector, type FaultMatch, type FaultResponse } from './fault-injection';
import { type RecordedRequest, listen } from './http-server';
import { kubeconfigYamlFor, writeKubeconfig } from './kubeconfig-file';
import { ResourceOperations } from './resource-operations';

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
  /** etcd compaction: continue tokens handed out so far answer 410 Expired from now on. */
  compact(): void;
  /** Forgets every object and CRD-defined kind, and pending faults; system namespaces stay. */
  reset(): void;
  stop(): Promise<void>;
}

export async function startKubeEmulator(opts: { port?: number } = {}): Promise<KubeEmulator> {
  const ops = new ResourceOperations();
  const faults = new FaultInjector();
  const controlPlane = new ControlPlane(ops);
  const log: RecordedRequest[] = [];
  const { server, url } = await listen({ ops, faults, log, afterWrite: () => controlPlane.kick() }, opts.port ?? 0);
  const kubeconfigYaml = kubeconfigYamlFor(url);
  const file = writeKubeconfig(kubeconfigYaml);
  let stopped = false;
  return {
    url,
    kubeconfigPath: file.path,
    kubeconfigYaml,
    failNext: (match, response, times = 1) => faults.add(match, response, times),
    requests: () => [...log],
    clearRequests: () => {
      log.length = 0;
    },
    compact: () => ops.compact(),
    reset: () => {
      ops.reset();
      faults.clear();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      file.remove();
      await closeServer(server);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections(); // keep-alive sockets of clients would otherwise hold close() open
  });
}
