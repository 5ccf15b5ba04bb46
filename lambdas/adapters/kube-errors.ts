// Kubernetes API failures, classified for the state machine (which routes on error.name):
// retryable (429, 5xx, network, stale writes) vs permanent (validation, RBAC, conflicts).
// Messages name kind/namespace/name and fields only; a Secret's body or a token never appears.
import { ERROR_PERMANENT, ERROR_RETRYABLE } from '../core/contracts/workflow-contracts';
import { FIELD_MANAGER } from '../core/apply/tracking-labels';
import { builtInPlural, groupOfApiVersion, guessPlural } from '../core/apply/kind-plurals';
import { describeConflicts, isApplyConflict, parseApplyConflicts, type ApplyConflict } from './kube-apply-conflicts';

export type KubeVerb = 'get' | 'list' | 'create' | 'patch' | 'update' | 'delete' | 'discover';

/** What was being done when the call failed. */
export interface KubeTarget {
  verb: KubeVerb;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** Plural resource, e.g. `deployments`. */
  plural?: string;
  /** A subresource such as `status`. */
  subresource?: string;
}

interface KubeErrorDetails {
  statusCode?: number;
  reason?: string;
  target: KubeTarget;
}

/**
 * A non-2xx answer from the API server, before classification. Same shape as
 * @kubernetes/client-node's ApiException (code, body, headers), which the classifier also accepts.
 */
export class KubeHttpStatusError extends Error {
  constructor(readonly code: number, readonly body: unknown, readonly headers: Record<string, unknown>) {
    super(`Kubernetes API answered ${code}`);
  }
}

export abstract class KubeError extends Error {
  readonly statusCode?: number;
  readonly reason?: string;
  readonly target: KubeTarget;
  constructor(message: string, details: KubeErrorDetails) {
    super(message);
    this.statusCode = details.statusCode;
    this.reason = details.reason;
    this.target = details.target;
  }
}

/** Worth retrying with backoff: throttling, server errors, network trouble, optimistic-concurrency losses. */
export class KubeRetryableError extends KubeError {
  override name = ERROR_RETRYABLE;
  /** The server's Retry-After (429, 503), in seconds: no retry should come sooner. */
  retryAfterSeconds?: number;
}

/**
 * Content cannot be created in a namespace that is being terminated (403, cause NamespaceTerminating).
 * Not an RBAC problem: the namespace will be gone soon, and then it can be created again.
 */
export class KubeNamespaceTerminatingError extends KubeRetryableError {}

/** A list's continue token is too old (410 Expired): the list must start again. */
export class KubeExpiredError extends KubeRetryableError {}

/** A write based on a resourceVersion that is no longer current: re-read and try again. */
export class KubeStaleWriteError extends KubeRetryableError {}

/** Will fail the same way again until someone changes the form, the cluster or RBAC. */
export class KubePermanentError extends KubeError {
  override name = ERROR_PERMANENT;
}

export class KubeNotFoundError extends KubePermanentError {}

/** Server-side apply without force hit fields owned by another field manager (conflictPolicy: Stuck). */
export class KubeConflictError extends KubePermanentError {
  readonly managers: string[];
  readonly fields: string[];
  /** Fields per manager, as the API server reported them. */
  readonly conflicts: ApplyConflict[];
  constructor(message: string, details: KubeErrorDetails & { managers: string[]; fields: string[]; conflicts?: ApplyConflict[] }) {
    super(message, details);
    this.managers = details.managers;
    this.fields = details.fields;
    this.conflicts = details.conflicts ?? [];
  }
}

/** Node.js/OpenSSL codes of a certificate that cannot be verified against the configured CA. */
const TLS_TRUST_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH',
]);

const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'ESOCKETTIMEDOUT',
]);

interface StatusCause {
  /** The cause type; a real API server sends it as `reason` (Go's StatusCause.Type). */
  reason?: string;
  type?: string;
  message?: string;
  field?: string;
}
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
}

export function describeTarget(target: KubeTarget): string {
  const kind = target.kind ?? target.plural ?? 'object';
  if (!target.name) return target.namespace ? `${kind} in namespace ${target.namespace}` : kind;
  return target.namespace ? `${kind} ${target.namespace}/${target.name}` : `${kind} ${target.name}`;
}

/**
 * Turns anything thrown by a Kubernetes call into a KubeError; KubeErrors pass through unchanged.
 * `sent` is the request body, used only to name the largest fields of a request too large for etcd.
 */
export function classifyKubeError(err: unknown, target: KubeTarget, sent?: unknown): KubeError {
  if (err instanceof KubeError) return err;
  if (isHttpError(err)) {
    const code = (err as { code: number }).code;
    const classified = classifyStatus(code, parseBody((err as { body?: unknown }).body), target, sent);
    if (classified instanceof KubeRetryableError && (code === 429 || code === 503)) {
      classified.retryAfterSeconds = retryAfterSeconds((err as { headers?: unknown }).headers);
      if (classified.retryAfterSeconds !== undefined) classified.message += ` (the server asks to retry after ${classified.retryAfterSeconds}s)`;
    }
    return classified;
  }
  return classifyTransport(err, target);
}

function classifyStatus(code: number, body: StatusBody, target: KubeTarget, sent: unknown): KubeError {
  const what = describeTarget(target);
  const reason = body.reason;
  const serverMessage = safeServerMessage(body, target);
  const details = { statusCode: code, reason, target };

  if (isTooLarge(code, body)) {
    // Retrying cannot help: the same row values make the same request. Name the fields that make it large.
    return new KubePermanentError(
      `${what} is too large for the Kubernetes API (${code}: ${serverMessage || 'request is too large'}); ${largestFieldsText(sent)}`,
      details,
    );
  }
  if (code === 403 && (body.details?.causes ?? []).some((c) => c.reason === 'NamespaceTerminating')) {
    const namespace = target.namespace ?? body.details?.causes?.find((c) => c.reason === 'NamespaceTerminating')?.message?.split(' ')[1];
    return new KubeNamespaceTerminatingError(
      `${what}: its namespace is being terminated (${namespace ?? '?'}); it cannot be created there until the namespace is gone (retried with backoff)`,
      { ...details, reason: 'NamespaceTerminating' },
    );
  }
  if (code === 403) {
    const resource = resourceName(body, target);
    const scope = target.namespace ? `in namespace ${target.namespace}` : 'at cluster scope';
    // manifests/admission-policy.yaml refused it: its message says why, RBAC is not the cause.
    const policy = /ValidatingAdmissionPolicy '[^']+'(?: with binding '[^']+')? denied request: (.*)$/s.exec(body.message ?? '');
    if (policy) {
      return new KubePermanentError(`forbidden: cannot ${target.verb} ${resource} ${scope}: admission policy: ${(policy[1] ?? '').slice(0, 300)}`, details);
    }
    return new KubePermanentError(
      `forbidden: cannot ${target.verb} ${resource} ${scope} (check the RBAC ClusterRole bound to the ${FIELD_MANAGER} group)`,
      details,
    );
  }
  if (code === 401) {
    // Usually an expired EKS token; the next attempt presigns a new one.
    return new KubeRetryableError(`unauthorized: the Kubernetes API rejected the credentials while trying to ${target.verb} ${what}`, details);
  }
  if (code === 404) return new KubeNotFoundError(`${what} not found${serverMessage ? `: ${serverMessage}` : ''}`, details);
  if (code === 409) {
    const causes = body.details?.causes ?? [];
    if (isApplyConflict(body.message, causes)) {
      const conflicts = parseApplyConflicts(body.message, causes);
      const fields = [...new Set(conflicts.flatMap((c) => c.fields))];
      const managers = [...new Set(conflicts.map((c) => c.manager).filter((m) => m !== ''))];
      return new KubeConflictError(
        `conflict applying ${what}: ${describeConflicts(conflicts)}; set conflictPolicy: Force to take ${fields.length === 1 ? 'it' : 'them'} over`,
        { ...details, managers, fields, conflicts },
      );
    }
    if (reason === 'AlreadyExists') return new KubeStaleWriteError(`${what} already exists (created concurrently); it will be re-read`, details);
    return new KubeStaleWriteError(`stale write to ${what}: it was modified since it was read (resourceVersion mismatch)`, details);
  }
  if (code === 410) return new KubeExpiredError(`the list of ${what} expired while it was read page by page (410 ${reason ?? 'Expired'}); it must start again`, details);
  if (code === 429) return new KubeRetryableError(`Kubernetes API throttled the request to ${target.verb} ${what} (429 Too Many Requests)`, details);
  // A 500 for an applied manifest the server cannot turn into its type (a value of the wrong type,
  // a quantity it cannot parse) comes back for the same manifest every time: rejected, not retried.
  if (code >= 500 && !isUndecodableApply(body.message)) {
    return new KubeRetryableError(`Kubernetes API failed to ${target.verb} ${what} (${code}${reason ? ` ${reason}` : ''})${serverMessage ? `: ${serverMessage}` : ''}`, details);
  }
  return new KubePermanentError(`Kubernetes API rejected ${target.verb} of ${what} (${code}${reason ? ` ${reason}` : ''})${serverMessage ? `: ${serverMessage}` : ''}`, details);
}

/** etcd's request limit (a 500 `etcdserver: request is too large`) or the API server's own (413). */
function isTooLarge(code: number, body: StatusBody): boolean {
  return code === 413 || /request is too large|request entity too large/i.test(body.message ?? '');
}

const SIZE_REPORT_FIELDS = 3;

/** The largest string fields of the request, with their sizes: where a row value too large for etcd went. */
function largestFieldsText(sent: unknown): string {
  const sizes: { path: string; bytes: number }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') sizes.push({ path, bytes: Buffer.byteLength(value, 'utf8') });
    else if (Array.isArray(value)) value.forEach((v, i) => { walk(v, `${path}[${i}]`); });
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(sent, '');
  const total = sent === undefined ? 0 : Buffer.byteLength(JSON.stringify(sent), 'utf8');
  const largest = sizes.sort((a, b) => b.bytes - a.bytes).slice(0, SIZE_REPORT_FIELDS).filter((f) => f.bytes > 0);
  if (largest.length === 0) return 'the object is larger than the API server accepts (about 1.5 MiB in etcd)';
  const list = largest.map((f) => `${f.path} (${formatBytes(f.bytes)})`).join(', ');
  return `the object is ${formatBytes(total)}, more than the API server accepts (about 1.5 MiB in etcd); largest fields: ${list}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** Retry-After as seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(headers: unknown, now: Date = new Date()): number | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const entry = Object.entries(headers as Record<string, unknown>).find(([key]) => key.toLowerCase() === 'retry-after')?.[1];
  const value: unknown = Array.isArray(entry) ? entry[0] : entry;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

function classifyTransport(err: unknown, target: KubeTarget): KubeError {
  const what = describeTarget(target);
  const e = (err ?? {}) as { code?: string; errno?: string; type?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.errno ?? e.cause?.code;
  // A certificate the cluster CA does not vouch for fails the same way on every attempt.
  if (code && TLS_TRUST_CODES.has(code)) {
    return new KubePermanentError(`TLS: the Kubernetes API's certificate is not trusted (${code}) while trying to ${target.verb} ${what}; check the cluster endpoint and CA`, { target });
  }
  if ((code && RETRYABLE_NETWORK_CODES.has(code)) || e.type === 'request-timeout' || e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new KubeRetryableError(`cannot reach the Kubernetes API (${code ?? e.type ?? e.name}) while trying to ${target.verb} ${what}`, { target });
  }
  if (e.name === 'FetchError' || (code && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code))) {
    return new KubeRetryableError(`network error (${code ?? 'FetchError'}) while trying to ${target.verb} ${what}`, { target });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new KubePermanentError(`failed to ${target.verb} ${what}: ${message}`, { target });
}

/** A KubeHttpStatusError, or an ApiException from @kubernetes/client-node (the local simulators use it). */
function isHttpError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number' && 'body' in err;
}

function parseBody(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return {};
    }
  }
  return typeof body === 'object' && body !== null ? body : {};
}

function resourceName(body: StatusBody, target: KubeTarget): string {
  const targetGroup = target.apiVersion ? groupOfApiVersion(target.apiVersion) : '';
  // The API server's own name first; a plural only guessed when no discovery ran (a message, never a request).
  const plural = body.details?.kind ?? target.plural ?? (target.kind ? builtInPlural(targetGroup, target.kind) ?? guessPlural(target.kind) : 'resources');
  const group = body.details?.group ?? targetGroup;
  const sub = target.subresource ? `/${target.subresource}` : '';
  return `${group ? `${plural}.${group}` : plural}${sub}`;
}

/** The 500s of a server-side apply whose manifest cannot be decoded into the kind's type. */
function isUndecodableApply(message: string | undefined): boolean {
  return /^failed to (create typed patch object|convert new object to proper version)\b/.test(message ?? '');
}

/**
 * The API server's own explanation, shortened. For Secrets it is replaced by the names of the
 * offending fields: validation messages quote invalid values, and a Secret's values are secret.
 */
function safeServerMessage(body: StatusBody, target: KubeTarget): string {
  if (target.kind === 'Secret') {
    const fields = (body.details?.causes ?? []).map((c) => c.field).filter((f): f is string => !!f);
    return fields.length ? `invalid fields ${fields.join(', ')}` : '';
  }
  const message = body.message ?? '';
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}
