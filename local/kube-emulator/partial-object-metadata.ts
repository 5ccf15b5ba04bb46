// Metadata-only answers, as the apiserver gives them when asked with
// `Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1` (lists) or
// `...;as=PartialObjectMetadata;...` (one object): each object is reduced to its whole
// metadata (labels, annotations, managedFields included) under kind PartialObjectMetadata, and the
// list keeps its resourceVersion, continue and remainingItemCount (an empty continue is omitted,
// as Go's omitempty does). The answer's Content-Type stays `application/json`, as for Tables.
import { cloneJson, type JsonObject } from './json-types';

export type MetadataOnlyRequest = { as: 'PartialObjectMetadata' | 'PartialObjectMetadataList'; apiVersion: string };

/** The first media type of the Accept header that asks for metadata only (v1 or v1beta1), if any. */
export function metadataOnlyRequest(accept: string): MetadataOnlyRequest | undefined {
  for (const mediaType of accept.split(',')) {
    const [type, ...params] = mediaType.split(';').map((p) => p.trim());
    if (type !== 'application/json') continue;
    const values = Object.fromEntries(params.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (values.g !== 'meta.k8s.io' || !['v1', 'v1beta1'].includes(values.v)) continue;
    if (values.as === 'PartialObjectMetadata' || values.as === 'PartialObjectMetadataList') return { as: values.as, apiVersion: `meta.k8s.io/${values.v}` };
  }
  return undefined;
}

export function partialObjectMetadata(obj: JsonObject, apiVersion: string): JsonObject {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: cloneJson(obj.metadata ?? {}) };
}

export function partialObjectMetadataList(list: JsonObject, apiVersion: string): JsonObject {
  const source = (list.metadata ?? {}) as JsonObject;
  const metadata: JsonObject = { resourceVersion: source.resourceVersion ?? '' };
  if (source.continue) metadata.continue = source.continue;
  if (source.remainingItemCount !== undefined) metadata.remainingItemCount = source.remainingItemCount;
  const items = ((list.items ?? []) as JsonObject[]).map((item) => partialObjectMetadata(item, apiVersion));
  return { kind: 'PartialObjectMetadataList', apiVersion, metadata, items };
}
