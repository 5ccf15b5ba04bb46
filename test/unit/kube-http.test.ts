// The functions' own HTTP transport to the API server: what the connection's auth sets goes on the
// request, and a gzip-compressed answer (a real API server compresses large LISTs) is decoded.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { KubeConnection } from '../../lambdas/adapters/kube-connection';
import { sendKubeHttp } from '../../lambdas/adapters/kube-http';

describe('sendKubeHttp', () => {
  let server: http.Server;
  let base: string;
  const seen: { url?: string; method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ url: req.url, method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString() });
        const answer = Buffer.from(JSON.stringify({ kind: 'List', items: [{ metadata: { name: 'a' } }] }));
        if (req.url?.startsWith('/gzip') && String(req.headers['accept-encoding']).includes('gzip')) {
          res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
          res.end(gzipSync(answer));
          return;
        }
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'Content-Type': 'application/json', 'Retry-After': '3' });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const agent = new http.Agent({ keepAlive: false });
  const connection: KubeConnection = {
    getCurrentCluster: () => ({ server: base }),
    applySecurityAuthentication: async (context) => {
      context.setHeaderParam('Authorization', 'Bearer t0ken');
      context.setAgent(agent);
    },
  };

  it('sends method, path, query, body and the connection\'s credentials', async () => {
    const response = await sendKubeHttp(connection, {
      method: 'PATCH', path: '/api/v1/namespaces/a b', query: { fieldManager: 'lynq-sfn', force: 'true' },
      headers: { 'Content-Type': 'application/apply-patch+yaml' }, body: '{"x":"é"}', timeoutMs: 5000,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.text)).toEqual({ kind: 'List', items: [{ metadata: { name: 'a' } }] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/api/v1/namespaces/a%20b?fieldManager=lynq-sfn&force=true', method: 'PATCH', body: '{"x":"é"}' });
    expect(seen[0].headers).toMatchObject({ authorization: 'Bearer t0ken', 'content-type': 'application/apply-patch+yaml', 'content-length': String(Buffer.byteLength('{"x":"é"}')) });
  });

  it('decodes a gzip-compressed answer', async () => {
    const response = await sendKubeHttp(connection, { method: 'GET', path: '/gzip/list', timeoutMs: 5000 });
    expect(seen[0].headers['accept-encoding']).toBe('gzip');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(response.text).items[0].metadata.name).toBe('a');
  });

  it('resolves with an error status and its headers (classification is the caller\'s)', async () => {
    const response = await sendKubeHttp(connection, { method: 'GET', path: '/missing', timeoutMs: 5000 });
    expect(response.status).toBe(404);
    expect(response.headers['retry-after']).toBe('3');
  });

  it('rejects with Node\'s error code when nothing listens', async () => {
    const closed: KubeConnection = { ...connection, getCurrentCluster: () => ({ server: 'http://127.0.0.1:1' }) };
    await expect(sendKubeHttp(closed, { method: 'GET', path: '/api', timeoutMs: 5000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
