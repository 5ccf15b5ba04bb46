// One HTTP exchange with the Kubernetes API server over node:http/https. The connection supplies
// the server, the credentials and the agent (TLS trust, keep-alive, proxy); bodies are JSON text.
// Own transport instead of @kubernetes/client-node's: the deployed functions then bundle no
// Kubernetes client at all (it and its dependencies were half of every task bundle).
import * as http from 'node:http';
import * as https from 'node:https';
import { createGunzip } from 'node:zlib';
import type { KubeConnection } from './kube-connection';

export interface KubeHttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface KubeHttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** Sends one request; resolves with any HTTP status, rejects on transport errors (Node's error codes). */
export async function sendKubeHttp(connection: KubeConnection, request: KubeHttpRequest): Promise<KubeHttpResponse> {
  const server = connection.getCurrentCluster()?.server;
  if (!server) throw new Error('no current cluster in the kubeconfig');
  const url = new URL(`${server.replace(/\/+$/, '')}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  // Large LISTs come compressed from a real API server, as they did through the client's fetch.
  const headers: Record<string, string> = { ...request.headers, 'Accept-Encoding': 'gzip' };
  let agent: http.Agent | undefined;
  await connection.applySecurityAuthentication({
    setHeaderParam: (name, value) => {
      headers[name] = value;
    },
    setAgent: (chosen) => {
      agent = chosen;
    },
  });
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  if (body) headers['Content-Length'] = String(body.length);
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise<KubeHttpResponse>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, agent, signal: AbortSignal.timeout(request.timeoutMs) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('error', reject); // aborted mid-body (timeout, reset)
      const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
