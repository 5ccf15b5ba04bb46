// The HTTP side: a node:http server on loopback that parses bodies (JSON, or YAML for apply),
// serves faults, logs requests and writes JSON answers.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { KubeApiError, badRequest, reasonForCode } from './api-error';
import type { FaultInjector } from './fault-injection';
import type { ResourceOperations } from './resource-operations';
import { type ApiRequest, route } from './request-router';

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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`the request body could not be decoded: ${(e as Error).message}`);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
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
    server.listen(port, '127.0.0.1', () => resolve());
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
      accept: String(req.headers.accept ?? ''),
      userAgent: String(req.headers['user-agent'] ?? ''),
      host: String(req.headers.host ?? ''),
      body: parseBody(text, contentType),
    };
    const response = route(deps.ops, apiRequest);
    record(response.status);
    send(res, response.status, response.body);
  } catch (e) {
    const error = e instanceof KubeApiError ? e : new KubeApiError(500, 'InternalError', `emulator error: ${(e as Error).stack ?? String(e)}`);
    record(error.code);
    send(res, error.code, error.toStatus());
  } finally {
    if (method !== 'GET') deps.afterWrite?.();
  }
}
