// A loopback HTTP server that answers with responses recorded from a real kube-apiserver v1.28
// (../shared/kube-conformance). It lets adapter tests see exactly what a real cluster says
// (message forms, Status shapes, 403/410 bodies) through the unmodified client and real HTTP,
// without depending on how faithful the emulator is.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

const CORPUS_DIR = join(__dirname, '..', '..', '..', 'shared', 'kube-conformance');

export interface RecordedResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
}

interface RecordedStep {
  name: string;
  request: { method: string; path: string; query?: Record<string, string> };
  response: RecordedResponse;
}

/** The recorded step `index` of a scenario file such as `03-server-side-apply.json`. */
export function recordedStep(file: string, index: number): RecordedStep {
  const scenario = JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')) as { steps: RecordedStep[] };
  const step = scenario.steps[index];
  if (!step) throw new Error(`${file} has no step ${index}`);
  return step;
}

/** The recorded response of one step. */
export function recordedResponse(file: string, index: number): RecordedResponse {
  return recordedStep(file, index).response;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
}

/**
 * Answers for one method and path (without query). A list of answers is served in order, the last
 * one repeating; a function decides from the request.
 */
export interface Route {
  method: string;
  path: string;
  answer: RecordedResponse | RecordedResponse[] | ((request: SeenRequest) => RecordedResponse);
}

export interface RecordedApiServer {
  kubeConfig: KubeConfig;
  requests: SeenRequest[];
  stop(): Promise<void>;
}

/** Discovery of the core and apps groups as the real server answered it (01-discovery). */
function discoveryRoutes(): Route[] {
  return [
    { method: 'GET', path: '/api/v1', answer: recordedResponse('01-discovery.json', 0) },
    { method: 'GET', path: '/apis/apps/v1', answer: recordedResponse('01-discovery.json', 3) },
  ];
}

export async function startRecordedApiServer(routes: Route[]): Promise<RecordedApiServer> {
  const all = [...routes, ...discoveryRoutes()];
  const served = new Map<Route, number>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://recorded');
      const seen: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const route = all.find((r) => r.method === seen.method && r.path === seen.path);
      let response: RecordedResponse;
      if (!route) {
        response = { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: '404 page not found\n' };
      } else if (typeof route.answer === 'function') {
        response = route.answer(seen);
      } else if (Array.isArray(route.answer)) {
        const n = served.get(route) ?? 0;
        served.set(route, n + 1);
        response = route.answer[Math.min(n, route.answer.length - 1)];
      } else {
        response = route.answer;
      }
      const headers: Record<string, string | string[]> = { 'Content-Type': 'application/json', ...(response.headers ?? {}) };
      res.writeHead(response.status, headers);
      res.end(typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    // client-node 1.x refuses plain http unless TLS verification is marked skipped.
    clusters: [{ name: 'recorded', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'recorded' }],
    contexts: [{ name: 'recorded', cluster: 'recorded', user: 'recorded' }],
    currentContext: 'recorded',
  });
  return {
    kubeConfig,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => { resolve(); })),
  };
}
