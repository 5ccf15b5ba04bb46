// `limit` and `continue` as the apiserver (etcd3 storage) serves them: the continue token is
// base64url JSON {"v":"meta.k8s.io/v1","rv":<list revision>,"start":"<next key>\u0000"}, an
// undecodable token is 400, a token older than the compacted revision is 410 Expired with a fresh
// token, and `remainingItemCount` is given only when no selector filters the list.
import { KubeApiError, badRequest } from './api-error';

export interface ContinueToken {
  rv: number;
  /** Key (namespace/name) at which the next page starts. */
  start: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.rv, start: `${token.start}\u0000` })).toString('base64url');
}

/** Go's %q-like rendering of a byte in encoding/json's "invalid character" errors. */
function quoteChar(byte: number): string {
  if (byte >= 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  return `'\\u00${byte.toString(16).padStart(2, '0')}'`;
}

export function decodeContinue(raw: string): ContinueToken {
  const bytes = Buffer.from(raw, 'base64url');
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('latin1'));
  } catch {
    const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x09 && b !== 0x0d);
    throw badRequest(`invalid continue token: continue key is not valid: invalid character ${quoteChar(first ?? 0)} looking for beginning of value`);
  }
  const t = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw badRequest('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  return { rv: t.rv, start: t.start.replace(/\u0000$/, '') };
}

export function expired(freshToken: string): KubeApiError {
  const e = new KubeApiError(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
  e.statusMetadata = { continue: freshToken };
  return e;
}
