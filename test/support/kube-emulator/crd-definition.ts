// Turns a stored CustomResourceDefinition into a served ResourceType, validating what the
// real apiextensions server validates before it serves a kind.
import { type StatusCause, invalid } from './api-error';
import { type JsonObject, type KubeObject, isJsonObject } from './json-types';
import type { PrinterColumn, ResourceType, ServedVersion } from './resource-type';

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function resourceTypeFromCrd(crd: KubeObject): ResourceType {
  const name = crd.metadata.name ?? '';
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const causes: StatusCause[] = [];
  const group = str(spec.group);
  const plural = str(names.plural);
  const kind = str(names.kind);
  if (!group) causes.push({ field: 'spec.group', message: 'Required value' });
  if (!plural) causes.push({ field: 'spec.names.plural', message: 'Required value' });
  if (!kind) causes.push({ field: 'spec.names.kind', message: 'Required value' });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({ field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"` });
  }
  if (group && plural && name !== `${plural}.${group}`) {
    causes.push({ field: 'metadata.name', message: `Invalid value: "${name}": must be spec.names.plural+"."+spec.group` });
  }
  const rawVersions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  if (rawVersions.length === 0) causes.push({ field: 'spec.versions', message: 'Invalid value: must have exactly one version marked as storage version' });
  const versions: ServedVersion[] = rawVersions
    .filter((v) => v.served !== false && str(v.name))
    .map((v) => ({
      name: v.name as string,
      hasStatus: isJsonObject(v.subresources) && isJsonObject(v.subresources.status),
      printerColumns: readColumns(v.additionalPrinterColumns),
    }));
  if (causes.length > 0) throw invalid('CustomResourceDefinition', name, 'apiextensions.k8s.io', causes);
  // The storage version is served first so that it is the preferred one, like the real server does.
  const storage = rawVersions.find((v) => v.storage === true);
  versions.sort((a, b) => Number(b.name === storage?.name) - Number(a.name === storage?.name));
  return {
    group: group!,
    kind: kind!,
    listKind: str(names.listKind) ?? `${kind}List`,
    plural: plural!,
    singular: str(names.singular) ?? kind!.toLowerCase(),
    shortNames: Array.isArray(names.shortNames) ? names.shortNames.filter((s): s is string => typeof s === 'string') : [],
    namespaced: spec.scope === 'Namespaced',
    versions,
    hasGeneration: true,
    definedByCrd: name,
  };
}

function readColumns(raw: unknown): PrinterColumn[] {
  if (!Array.isArray(raw)) return [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
  return raw.filter(isJsonObject).map((c: JsonObject) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? 'string'),
    jsonPath: String(c.jsonPath ?? ''),
    description: typeof c.description === 'string' ? c.description : undefined,
    format: typeof c.format === 'string' ? c.format : undefined,
    priority: typeof c.priority === 'number' ? c.priority : 0,
  }));
}

/** The status the apiextensions controller writes once names are accepted and the kind is served. */
export function establishedCrdStatus(crd: KubeObject, now: string): JsonObject {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isJsonObject) : [];
  const storage = versions.find((v) => v.storage === true) ?? versions[0];
  const condition = (type: string, reason: string, message: string): JsonObject => ({
    type, status: 'True', lastTransitionTime: now, reason, message,
  });
  return {
    acceptedNames: isJsonObject(spec.names) ? spec.names : {},
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    storedVersions: storage && typeof storage.name === 'string' ? [storage.name] : [],
  };
}
