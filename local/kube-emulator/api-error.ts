// Errors answered as Kubernetes `Status` bodies, the shape clients parse (reason, code, details).
import type { JsonObject } from './json-types';

export type StatusReason =
  | 'NotFound'
  | 'Expired'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout'
  | 'Unauthorized';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
  type?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** A request body that is neither JSON nor YAML; how it is reported depends on the verb. */
export class UndecodableBody {
  constructor(readonly text: string) {}
}

export class KubeApiError extends Error {
  /** Answered as the real server's mux does for unknown paths: `404 page not found`, text/plain. */
  plainText = false;
  /** `metadata` of the Status (a 410 Expired carries a fresh continue token there). */
  statusMetadata: JsonObject = {};

  constructor(
    readonly code: number,
    /** Absent for the server's internal errors (a 500 carries no reason). */
    readonly reason: StatusReason | undefined,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  toStatus(): JsonObject {
    const body: JsonObject = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.statusMetadata,
      status: 'Failure',
      message: this.message,
      ...(this.reason ? { reason: this.reason } : {}),
      code: this.code,
    };
    if (this.details) body.details = JSON.parse(JSON.stringify(this.details)) as JsonObject;
    return body;
  }
}

/** Default reason the real apiserver uses for a bare status code (fault injection). */
export function reasonForCode(code: number): StatusReason {
  switch (code) {
    case 400: return 'BadRequest';
    case 401: return 'Unauthorized';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 409: return 'Conflict';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return 'InternalError';
  }
}

export function notFound(resource: string, name: string, group = ''): KubeApiError {
  const qualified = group ? `${resource}.${group}` : resource;
  return new KubeApiError(404, 'NotFound', `${qualified} "${name}" not found`, { name, group: group || undefined, kind: resource });
}

export function pageNotFound(): KubeApiError {
  const e = new KubeApiError(404, 'NotFound', '404 page not found');
  e.plainText = true;
  return e;
}

export function unknownResource(): KubeApiError {
  return new KubeApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function badRequest(message: string): KubeApiError {
  return new KubeApiError(400, 'BadRequest', message);
}

export function invalid(kind: string, name: string, group: string, causes: StatusCause[]): KubeApiError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const list = causes.length > 1 ? `[${summary}]` : summary;
  return new KubeApiError(422, 'Invalid', `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${list}`, {
    name: name || undefined,
    group: group || undefined,
    kind,
    causes: causes.map((c) => ({ reason: c.reason ?? 'FieldValueInvalid', message: c.message, field: c.field })),
  });
}
