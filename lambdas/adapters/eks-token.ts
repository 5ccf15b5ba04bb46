// EKS bearer token, presigned locally (what `aws eks get-token` does): a SigV4-presigned STS
// GetCallerIdentity URL bound to the cluster by the signed header x-k8s-aws-id.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The URL stays valid this long; EKS accepts a token for up to 15 minutes after signing. */
export const EKS_TOKEN_URL_EXPIRES_SECONDS = 60;

export interface EksTokenRequest {
  clusterName: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Signing time; defaults to the system clock. */
  now?: Date;
}

/** The regional STS endpoint, in the region's partition (China: amazonaws.com.cn; the ISO partitions their own). */
export function stsHostname(region: string): string {
  if (region.startsWith('cn-')) return `sts.${region}.amazonaws.com.cn`;
  if (region.startsWith('us-isob-')) return `sts.${region}.sc2s.sgov.gov`;
  if (region.startsWith('us-iso-')) return `sts.${region}.c2s.ic.gov`;
  return `sts.${region}.amazonaws.com`;
}

export async function presignEksToken(req: EksTokenRequest): Promise<string> {
  if (!req.clusterName) throw new Error('presignEksToken: clusterName is required');
  if (!req.region) throw new Error('presignEksToken: region is required');
  const hostname = stsHostname(req.region);
  const signer = new SignatureV4({ credentials: req.credentials, region: req.region, service: 'sts', sha256: Sha256 });
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: hostname, 'x-k8s-aws-id': req.clusterName },
  });
  const signed = await signer.presign(request, { expiresIn: EKS_TOKEN_URL_EXPIRES_SECONDS, signingDate: req.now ?? new Date() });
  const url = `https://${hostname}/?${queryString(signed.query ?? {})}`;
  return EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}

function queryString(query: Record<string, string | string[] | null>): string {
  return Object.keys(query)
    .sort()
    .flatMap((key) => {
      const value = query[key];
      const values = Array.isArray(value) ? value : [value ?? ''];
      return values.map((v) => `${encodeRfc3986(key)}=${encodeRfc3986(v)}`);
    })
    .join('&');
}

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
