import { createHash, createHmac } from 'node:crypto';
import { EKS_TOKEN_PREFIX, presignEksToken } from '../../lambdas/adapters/eks-token';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2026-03-04T05:06:07.000Z');

function decode(token: string): URL {
  expect(token.startsWith(EKS_TOKEN_PREFIX)).toBe(true);
  const encoded = token.slice(EKS_TOKEN_PREFIX.length);
  // base64url without padding: no '=', '+' or '/'.
  expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** SigV4 query-presign signature, computed independently of the SDK. */
function expectedSignature(url: URL, secret: string, clusterName: string): string {
  const params = [...url.searchParams.entries()].filter(([k]) => k !== 'X-Amz-Signature');
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonicalQuery = params.map(([k, v]) => `${enc(k)}=${enc(v)}`).sort().join('&');
  const canonicalRequest = [
    'GET', '/', canonicalQuery,
    `host:${url.hostname}`, `x-k8s-aws-id:${clusterName}`, '',
    'host;x-k8s-aws-id',
    createHash('sha256').update('').digest('hex'),
  ].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const scope = url.searchParams.get('X-Amz-Credential')!.split('/').slice(1).join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const [date, region, service] = scope.split('/');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return hmac(key, stringToSign).toString('hex');
}

describe('presignEksToken', () => {
  it('builds a k8s-aws-v1 token for a presigned STS GetCallerIdentity bound to the cluster', async () => {
    const token = await presignEksToken({ clusterName: 'lynq-prod', region: 'us-west-2', credentials, now });
    const url = decode(token);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toBe('sts.us-west-2.amazonaws.com');
    expect(url.pathname).toBe('/');
    const q = url.searchParams;
    expect(q.get('Action')).toBe('GetCallerIdentity');
    expect(q.get('Version')).toBe('2011-06-15');
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20260304/us-west-2/sts/aws4_request');
    expect(q.get('X-Amz-Date')).toBe('20260304T050607Z');
    expect(q.get('X-Amz-Expires')).toBe('60');
    expect(q.get('X-Amz-SignedHeaders')).toBe('host;x-k8s-aws-id');
    expect(q.get('X-Amz-Security-Token')).toBeNull();
    expect(q.get('X-Amz-Signature')).toBe(expectedSignature(url, credentials.secretAccessKey, 'lynq-prod'));
  });

  it('signs the cluster name: another cluster gives another signature', async () => {
    const a = decode(await presignEksToken({ clusterName: 'a', region: 'us-west-2', credentials, now }));
    const b = decode(await presignEksToken({ clusterName: 'b', region: 'us-west-2', credentials, now }));
    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(b.searchParams.get('X-Amz-Signature'));
    expect(b.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(b, credentials.secretAccessKey, 'b'));
  });

  it('carries the session token of temporary credentials and accepts a credential provider', async () => {
    const provider = async () => ({ ...credentials, sessionToken: 'FQoGZXIvYXdzEXAMPLE+/=' });
    const url = decode(await presignEksToken({ clusterName: 'c', region: 'eu-central-1', credentials: provider, now }));
    expect(url.hostname).toBe('sts.eu-central-1.amazonaws.com');
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe('FQoGZXIvYXdzEXAMPLE+/=');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, credentials.secretAccessKey, 'c'));
  });

  it('rejects a missing cluster name', async () => {
    await expect(presignEksToken({ clusterName: '', region: 'us-west-2', credentials, now })).rejects.toThrow(/clusterName/);
  });
});
