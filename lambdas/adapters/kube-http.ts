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

/** A response whose body is still arriving (gunzipped when the server compressed it). */
export interface KubeHttpStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: NodeJS.ReadableStream;
}

/** Opens one request; resolves when the response headers arrive, with any HTTP status. Rejects on transport errors. */
export async function openKubeHttp(connection: KubeConnection, request: KubeHttpRequest): Promise<KubeHttpStream> {
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
  return new Promise<KubeHttpStream>((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, agent, signal: AbortSignal.timeout(request.timeoutMs) }, (response) => {
      const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
      // Aborted mid-body (timeout, reset): the reader of the body sees the error.
      if (stream !== response) response.on('error', (error) => stream.destroy(error));
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: stream });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The whole body of a response as text. */
export async function readKubeHttpBody(body: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends one request and reads its whole body; resolves with any HTTP status, rejects on transport errors (Node's error codes). */
export async function sendKubeHttp(connection: KubeConnection, request: KubeHttpRequest): Promise<KubeHttpResponse> {
  const response = await openKubeHttp(connection, request);
  return { status: response.status, headers: response.headers, text: await readKubeHttpBody(response.body) };
}
