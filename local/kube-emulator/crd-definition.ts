// Turns a stored CustomResourceDefinition into a served ResourceType, validating what the
// real apiextensions server validates before it serves a kind.
import { type StatusCause, invalid } from './api-error';
import { type JsonObject, type KubeObject, isJsonObject, objectItems } from './json-types';
import type { PrinterColumn, ResourceType, ServedVersion } from './resource-type';
import { jsonText } from './json-types';

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
  const rawVersions = objectItems(spec.versions);
  if (rawVersions.length === 0) causes.push({ field: 'spec.versions', message: 'Invalid value: must have exactly one version marked as storage version' });
  const versions: ServedVersion[] = rawVersions
    .filter((v) => v.served !== false && str(v.name))
    .map((v) => ({
      name: v.name as string,
      hasStatus: isJsonObject(v.subresources) && isJsonObject(v.subresources.status),
      printerColumns: readColumns(v.additionalPrinterColumns),
      schema: isJsonObject(v.schema) && isJsonObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined,
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
    categories: Array.isArray(names.categories) ? names.categories.filter((s): s is string => typeof s === 'string') : [],
    namespaced: spec.scope === 'Namespaced',
    versions,
    hasGeneration: true,
    definedByCrd: name,
  };
}

/** ObjectMeta's own field documentation, which the default Age column of a CRD carries. */
const CREATION_TIMESTAMP_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

function readColumns(raw: unknown): PrinterColumn[] {
  if (!Array.isArray(raw)) return [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: CREATION_TIMESTAMP_DESCRIPTION }];
  return raw.filter(isJsonObject).map((c: JsonObject) => ({
    name: jsonText(c.name),
    type: jsonText(c.type, 'string'),
    jsonPath: jsonText(c.jsonPath),
    description: typeof c.description === 'string' ? c.description : `Custom resource definition column (in JSONPath format): ${jsonText(c.jsonPath)}`,
    format: typeof c.format === 'string' ? c.format : undefined,
    priority: typeof c.priority === 'number' ? c.priority : 0,
  }));
}

function versionsOf(crd: KubeObject): JsonObject[] {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  return objectItems(spec.versions);
}

/** The status a CRD is created with, before the controllers accept its names. */
export function initialCrdStatus(crd: KubeObject): JsonObject {
  const storage = versionsOf(crd).find((v) => v.storage === true) ?? versionsOf(crd)[0];
  return { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: storage && typeof storage.name === 'string' ? [storage.name] : [] };
}

/** The names as the naming controller accepts them (defaults filled in). */
export function acceptedNames(crd: KubeObject): JsonObject {
  const spec = isJsonObject(crd.spec) ? crd.spec : {};
  const names = isJsonObject(spec.names) ? spec.names : {};
  const kind = jsonText(names.kind);
  return {
    plural: names.plural ?? '',
    singular: names.singular ?? kind.toLowerCase(),
    ...(Array.isArray(names.shortNames) ? { shortNames: names.shortNames } : {}),
    kind,
    listKind: names.listKind ?? `${kind}List`,
    ...(Array.isArray(names.categories) ? { categories: names.categories } : {}),
  };
}

/** What the naming and establishing controllers write once the names are accepted. */
export function establishedConditions(now: string): JsonObject[] {
  return [
    { type: 'NamesAccepted', status: 'True', lastTransitionTime: now, reason: 'NoConflicts', message: 'no conflicts found' },
    { type: 'Established', status: 'True', lastTransitionTime: now, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
  ];
}

/** The DELETE of a CRD adds the Terminating condition in the same write (not a managed field). */
export function crdTerminatingStatus(crd: KubeObject): JsonObject {
  const status = isJsonObject(crd.status) ? crd.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions.filter((c) => isJsonObject(c) && c.type !== 'Terminating') : [];
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  conditions.push({ type: 'Terminating', status: 'True', lastTransitionTime: now, reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon' });
  return { ...status, conditions };
}
