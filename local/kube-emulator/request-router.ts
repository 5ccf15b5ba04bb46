// Maps a REST request (method, path, query, body) to discovery or to a resource operation,
// the way the apiserver lays out its URLs.
import { KubeApiError, UndecodableBody, badRequest, pageNotFound, unknownResource } from './api-error';
import { coreVersions, group, groupList, resourceList, versionInfo } from './discovery';
import { parseFieldSelector } from './field-selector';
import type { JsonObject, KubeObject } from './json-types';
import { parseLabelSelector } from './label-selector';
import type { PatchType, ResourceOperations, Target, WriteOptions } from './resource-operations';
import { allowsDeleteCollection } from './resource-type';
import { toTable } from './table-printer';
import { metadataOnlyRequest, partialObjectMetadata, partialObjectMetadataList } from './partial-object-metadata';
import type { WatchRequest } from './watch-stream';

export interface ApiRequest {
  method: string;
  pathname: string;
  query: URLSearchParams;
  contentType: string;
  accept: string;
  userAgent: string;
  host: string;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: JsonObject;
  /** Sent as `Warning: 299 - "<text>"` headers (unknown fields of custom resources...). */
  warnings?: string[];
  /** A watch: the HTTP side streams its events instead of sending `body`. */
  watch?: WatchRequest;
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/apply-patch+yaml': 'apply',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/json-patch+json': 'json',
};

function ok(body: JsonObject, status = 200): ApiResponse {
  return { status, body };
}

/** Manager of a non-apply write: `fieldManager`, else the User-Agent's program name (`kubectl`). */
function writeOptions(req: ApiRequest): WriteOptions {
  const explicit = req.query.get('fieldManager');
  const fromAgent = req.userAgent.split('/')[0].trim() || 'unknown';
  return {
    manager: explicit || fromAgent,
    explicitManager: Boolean(explicit),
    force: req.query.get('force') === 'true',
    fieldValidation: req.query.get('fieldValidation') ?? undefined,
    dryRun: req.query.getAll('dryRun').includes('All'),
  };
}

function wantsTable(req: ApiRequest): boolean {
  return /as=Table/.test(req.accept);
}

function discovery(ops: ResourceOperations, req: ApiRequest, segments: string[]): ApiResponse | undefined {
  const path = `/${segments.join('/')}`;
  if (path === '/version') return ok(versionInfo());
  if (path === '/api') return ok(coreVersions(req.host));
  if (path === '/apis') return ok(groupList(ops.registry));
  if (segments[0] === 'api' && segments.length === 2) return found(resourceList(ops.registry, '', segments[1]));
  if (segments[0] === 'apis' && segments.length >= 2 && !ops.registry.groups().has(segments[1])) throw pageNotFound();
  if (segments[0] === 'apis' && segments.length === 2) return found(group(ops.registry, segments[1]));
  if (segments[0] === 'apis' && segments.length === 3) return found(resourceList(ops.registry, segments[1], segments[2]));
  return undefined;
}

function found(body: JsonObject | undefined): ApiResponse {
  if (!body) throw unknownResource();
  return ok(body);
}

interface ResolvedPath {
  target: Target;
  /** Request addresses a collection (no object name). */
  collection: boolean;
}

function resolveResourcePath(ops: ResourceOperations, segments: string[]): ResolvedPath {
  let groupName: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') [groupName, version, rest] = ['', segments[1], segments.slice(2)];
  else if (segments[0] === 'apis') [groupName, version, rest] = [segments[1], segments[2], segments.slice(3)];
  else throw unknownResource();
  let namespace: string | undefined;
  const namespaceSubresource = groupName === '' && rest[0] === 'namespaces' && rest.length === 3 && rest[2] === 'status';
  if (rest[0] === 'namespaces' && rest.length >= 3 && !namespaceSubresource) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, ...extra] = rest;
  if (groupName !== '' && !ops.registry.groups().has(groupName)) throw pageNotFound();
  const type = ops.registry.byPlural(groupName, version, plural ?? '');
  // A group served only by CRDs answers unknown paths from the apiserver's mux: plain text.
  const crdGroup = groupName !== '' && ops.registry.all().every((t) => t.group !== groupName || t.definedByCrd);
  if ((!type || extra.length > 0 || (!type.namespaced && namespace !== undefined)) && crdGroup) throw pageNotFound();
  if (!type || extra.length > 0) throw unknownResource();
  if (!type.namespaced && namespace !== undefined) throw unknownResource();
  if (type.namespaced && namespace === undefined && name !== undefined) throw unknownResource();
  if (subresource !== undefined) {
    const served = type.versions.find((v) => v.name === version);
    if (subresource !== 'status' || !served?.hasStatus) throw unknownResource();
  }
  return {
    target: { type, version, namespace, name, scope: subresource === 'status' ? 'status' : 'main' },
    collection: name === undefined,
  };
}

/** dryRun accepts only "All"; the error names the options kind of the verb. */
function checkDryRun(req: ApiRequest): void {
  const values = req.query.getAll('dryRun');
  const bad = values.filter((v) => v !== 'All');
  if (bad.length === 0) return;
  const kind = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' }[req.method] ?? 'CreateOptions';
  const message = `Unsupported value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`;
  throw new KubeApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
    group: 'meta.k8s.io', kind, causes: [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }],
  });
}

/** Go's encoding/json wording for a body that ends early or holds a stray character. */
function jsonSyntaxError(text: string): string {
  try {
    JSON.parse(text);
    return 'invalid JSON';
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? Number(m[1]) : text.length;
    return at >= text.trimEnd().length || /end of JSON/i.test((e as Error).message) ? 'unexpected end of JSON input' : `invalid character '${text[at]}' looking for beginning of value`;
  }
}

function undecodable(req: ApiRequest, kind: string): KubeApiError {
  const text = (req.body as UndecodableBody).text;
  if (req.method === 'PATCH') return badRequest(`error decoding patch: ${jsonSyntaxError(text)}`);
  const preview = text.length > 30 ? `${text.slice(0, 30)} ...` : text;
  return badRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${jsonSyntaxError(text)} (${preview})`);
}

export function route(ops: ResourceOperations, req: ApiRequest): ApiResponse {
  ops.warnings = [];
  const response = routeRequest(ops, req);
  return ops.warnings.length > 0 ? { ...response, warnings: ops.warnings } : response;
}

function routeRequest(ops: ResourceOperations, req: ApiRequest): ApiResponse {
  const segments = req.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  if (['/healthz', '/readyz', '/livez'].includes(req.pathname)) return ok({ status: 'ok' });
  if (req.method === 'GET') {
    const doc = discovery(ops, req, segments);
    if (doc) return doc;
  }
  const { target, collection } = resolveResourcePath(ops, segments);
  const opts = writeOptions(req);
  checkDryRun(req);
  if (req.body instanceof UndecodableBody) throw undecodable(req, target.type.kind);
  const labels = parseLabelSelector(req.query.get('labelSelector'));
  const fields = parseFieldSelector(req.query.get('fieldSelector'), target.type);
  const table = (objects: KubeObject[]) =>
    ok(toTable(target.type, target.version, objects, ops.store.currentResourceVersion(), req.query.get('includeObject')));

  if (collection) {
    switch (req.method) {
      case 'GET': {
        if (req.query.get('watch') === 'true' || req.query.get('watch') === '1') {
          const timeout = Number(req.query.get('timeoutSeconds') ?? '');
          return {
            status: 200, body: {},
            watch: { target, labels, fields, resourceVersion: req.query.get('resourceVersion') ?? undefined, timeoutSeconds: timeout > 0 ? timeout : undefined },
          };
        }
        const limit = Number(req.query.get('limit') ?? '0');
        const list = ops.list(target, labels, fields, {
          limit: Number.isFinite(limit) ? limit : 0,
          continueToken: req.query.get('continue') ?? undefined,
          filtered: Boolean(req.query.get('labelSelector') || req.query.get('fieldSelector')),
          resourceVersion: req.query.get('resourceVersion') ?? undefined,
        });
        const metadataOnly = metadataOnlyRequest(req.accept);
        if (metadataOnly?.as === 'PartialObjectMetadataList') return ok(partialObjectMetadataList(list, metadataOnly.apiVersion));
        return wantsTable(req) ? table(list.items as unknown as KubeObject[]) : ok(list);
      }
      case 'POST':
        if (target.type.namespaced && target.namespace === undefined) throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        return ok(ops.create(target, req.body, opts), 201);
      case 'DELETE':
        if (!allowsDeleteCollection(target.type)) throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
        return ok(ops.deleteCollection(target, labels, fields, opts));
      default:
        throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    }
  }
  switch (req.method) {
    case 'GET': {
      const obj = ops.get(target);
      const metadataOnly = metadataOnlyRequest(req.accept);
      if (metadataOnly?.as === 'PartialObjectMetadata') return ok(partialObjectMetadata(obj, metadataOnly.apiVersion));
      return wantsTable(req) ? table([obj]) : ok(obj);
    }
    case 'PUT':
      return ok(ops.update(target, req.body, opts));
    case 'PATCH': {
      const patchType = PATCH_TYPES[req.contentType];
      if (patchType === 'strategic' && target.type.definedByCrd) {
        throw new KubeApiError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
      }
      if (!patchType) {
        throw new KubeApiError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
      }
      const result = ops.patch(target, patchType, req.body, opts);
      return ok(result.obj, result.created ? 201 : 200);
    }
    case 'DELETE': {
      if (target.scope === 'status') throw new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      return ok(ops.delete(target, req.body, opts));
    }
    default:
      throw badRequest(`unsupported method ${req.method}`);
  }
}
