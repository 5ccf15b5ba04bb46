// The checks the real apiserver makes on every write: name format, label syntax, then the spec of
// the built-in kinds (builtin-validation.ts).
import { type StatusCause, invalid } from './api-error';
import { builtinSpecCauses } from './builtin-validation';
import type { KubeObject } from './json-types';
import type { ResourceType } from './resource-type';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Kinds whose names must be DNS labels (they become hostnames or namespace names). */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

function checkName(type: ResourceType, name: string): StatusCause[] {
  if (type.kind === 'Service' && type.group === '') {
    if (name.length > 63 || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
      return [{ field: 'metadata.name', message: `Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')` }];
    }
    return [];
  }
  if (LABEL_NAMED_KINDS.has(type.kind) && type.group === '') {
    if (name.length > 63 || !DNS_LABEL.test(name)) {
      return [{ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')` }];
    }
    return [];
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return [{ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')` }];
  }
  return [];
}

function checkLabels(labels: unknown): StatusCause[] {
  if (labels === undefined || labels === null) return [];
  if (typeof labels !== 'object' || Array.isArray(labels)) return [{ field: 'metadata.labels', message: 'Invalid value: must be a map of strings' }];
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels as Record<string, unknown>)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : '';
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((slash >= 0 && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) || name.length > 63 || !LABEL_NAME.test(name)) {
      causes.push({ field: 'metadata.labels', message: `Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')` });
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push({ field: `metadata.labels`, message: `Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` });
    }
  }
  return causes;
}

function checkAnnotations(annotations: unknown): StatusCause[] {
  if (annotations === undefined || annotations === null) return [];
  const bad = typeof annotations !== 'object' || Array.isArray(annotations) || Object.values(annotations).some((v) => typeof v !== 'string');
  return bad ? [{ field: 'metadata.annotations', message: 'Invalid value: annotations must be a map of strings' }] : [];
}

export function validateObject(type: ResourceType, obj: KubeObject): void {
  const name = obj.metadata.name ?? '';
  const causes: StatusCause[] =
    name === ''
      ? [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }]
      : checkName(type, name);
  causes.push(...checkLabels(obj.metadata.labels), ...checkAnnotations(obj.metadata.annotations));
  if (!type.definedByCrd) causes.push(...builtinSpecCauses(type.kind, obj));
  if (causes.length > 0) throw invalid(type.kind, name, type.group, causes);
}
