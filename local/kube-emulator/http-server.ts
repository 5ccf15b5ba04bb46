// The HTTP side: a node:http server on loopback that parses bodies (JSON, or YAML for apply),
// serves faults, logs requests and writes JSON answers.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { KubeApiError, UndecodableBody, reasonForCode } from './api-error';
import type { FaultInjector } from './fault-injection';
import type { ResourceOperations } from './resource-operations';
import { type ApiRequest, route } from './request-router';
import { serveWatch } from './watch-stream';

export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  contentType: string;
  status: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { resolve(Buffer.concat(chunks).toString('utf8')); });
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch {
    return new UndecodableBody(text); // the router words the error the way the real server does for that verb
  }
}

/** Items serialised per write when a list is streamed. */
const LIST_WRITE_BATCH = 200;

/**
 * A large list goes out as it is serialised, in chunks (as the apiserver streams its encoder's
 * output), so neither side holds the whole text and the client parses while the server encodes.
 */
async function sendList(res: ServerResponse, body: { items: unknown[] }, headers: Record<string, string | string[]>): Promise<void> {
  const { items, ...envelope } = body;
  const head = JSON.stringify({ ...envelope, items: [] });
  res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
  // A client that hung up gets no more writes (and no 'drain' would ever come).
  const write = (text: string) => (res.destroyed || res.write(text) ? Promise.resolve() : new Promise<void>((resolve) => {
    // Whichever comes first; the other listener goes too, or a long list piles them up on `res`.
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  }));
  await write(head.slice(0, -2)); // the envelope up to and including "items":[

  for (let i = 0; i < items.length && !res.destroyed; i += LIST_WRITE_BATCH) {
    const batch = items.slice(i, i + LIST_WRITE_BATCH).map((item) => JSON.stringify(item)).join(',');
    await write(i === 0 ? batch : `,${batch}`);
  }
  res.end(']}');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const plain = typeof body === 'string';
  const text = plain ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': plain ? 'text/plain; charset=utf-8' : 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface HttpServerDeps {
  ops: ResourceOperations;
  /** Runs the control-plane controllers after a write has been answered. */
  afterWrite?(): void;
  faults: FaultInjector;
  log: RecordedRequest[];
}

export async function listen(deps: HttpServerDeps, port = 0): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void handle(deps, req, res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { resolve(); });
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${address.port}` };
}

async function handle(deps: HttpServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = req.url ?? '/';
  const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const record = (status: number) => deps.log.push({ method, path, contentType, status });
  try {
    const text = await readBody(req);
    const fault = deps.faults.take(method, path);
    if (fault === 'connection-reset') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault !== undefined) {
      const error = new KubeApiError(fault, reasonForCode(fault), `injected fault: ${fault} for ${method} ${path}`, fault === 429 ? { retryAfterSeconds: 1 } : undefined);
      record(fault);
      send(res, fault, error.toStatus(), fault === 429 ? { 'Retry-After': '1' } : {});
      return;
    }
    const url = new URL(path, 'http://emulator');
    const apiRequest: ApiRequest = {
      method,
      pathname: url.pathname,
      query: url.searchParams,
      contentType,
      accept: req.headers.accept ?? '',
      userAgent: req.headers['user-agent'] ?? '',
      host: req.headers.host ?? '',
      body: parseBody(text, contentType),
    };
    const response = route(deps.ops, apiRequest);
    record(response.status);
    if (response.watch) {
      serveWatch(deps.ops, response.watch, res);
      return;
    }
    const headers: Record<string, string | string[]> = response.warnings?.length ? { Warning: response.warnings.map((w) => `299 - ${JSON.stringify(w)}`) } : {};
    const items = response.body.items;
    const envelopeLast = Object.keys(response.body).pop() === 'items';
    if (method === 'GET' && response.status === 200 && Array.isArray(items) && items.length > LIST_WRITE_BATCH && envelopeLast) await sendList(res, response.body as { items: unknown[] }, headers);
    else send(res, response.status, response.body, headers);
  } catch (e) {
    const error = e instanceof KubeApiError ? e : new KubeApiError(500, 'InternalError', `emulator error: ${(e as Error).stack ?? String(e)}`);
    record(error.code);
    // Paths outside any served group answer like the real mux: plain text, not a Status.
    send(res, error.code, error.plainText ? '404 page not found\n' : error.toStatus());
  } finally {
    if (method !== 'GET') deps.afterWrite?.();
  }
}
