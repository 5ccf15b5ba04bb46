// Custom resources checked against their CRD's structural schema, as the apiextensions server
// does: unknown fields are pruned (one Warning each, or a 400 with fieldValidation=Strict), then
// types, required fields, enums and minimums are validated (422 with one cause each).
import type { StatusCause } from './api-error';
import { type JsonObject, type JsonValue, isJsonObject } from './json-types';

type Schema = JsonObject;

function goTypeName(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value; // string, boolean, object
}

function matchesType(type: string, value: JsonValue): boolean {
  switch (type) {
    case 'object': return isJsonObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    default: return true;
  }
}

const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** Removes fields the schema does not know; returns their paths (sorted, as the warnings list them). */
export function pruneUnknown(schema: Schema | undefined, value: JsonValue | undefined, prefix = '', top = true): string[] {
  if (!schema || !isJsonObject(value) || schema['x-kubernetes-preserve-unknown-fields'] === true) return [];
  const unknown: string[] = [];
  const props = isJsonObject(schema.properties) ? schema.properties : undefined;
  const additional = isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
  for (const key of Object.keys(value)) {
    if (top && (key === 'apiVersion' || key === 'kind' || key === 'metadata')) continue;
    const sub = props?.[key];
    if (isJsonObject(sub)) unknown.push(...pruneItems(sub, value[key], join(prefix, key)));
    else if (additional) unknown.push(...pruneItems(additional, value[key], join(prefix, key)));
    else if (schema.additionalProperties !== true) {
      unknown.push(join(prefix, key));
      delete value[key];
    }
  }
  return unknown.sort();
}

function pruneItems(schema: Schema, value: JsonValue | undefined, path: string): string[] {
  if (Array.isArray(value) && isJsonObject(schema.items)) return value.flatMap((item, i) => pruneUnknown(schema.items as Schema, item, `${path}[${i}]`, false));
  return pruneUnknown(schema, value, path, false);
}

/** Validation errors, in the order the real validator reports them for one property. */
export function validateAgainst(schema: Schema | undefined, value: JsonValue | undefined, path = '', top = true): StatusCause[] {
  if (!schema || value === undefined) return [];
  const causes: StatusCause[] = [];
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  if (type && value !== null && !matchesType(type, value) && !(top && path === '')) {
    const got = goTypeName(value);
    return [{ reason: 'FieldValueTypeInvalid', field: path, message: `Invalid value: "${got}": ${path} in body must be of type ${type}: "${got}"` }];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    causes.push({ reason: 'FieldValueNotSupported', field: path, message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) {
    causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: ${path} in body should be greater than or equal to ${schema.minimum}` });
  }
  if (typeof schema.maximum === 'number' && typeof value === 'number' && value > schema.maximum) {
    causes.push({ reason: 'FieldValueInvalid', field: path, message: `Invalid value: ${value}: ${path} in body should be less than or equal to ${schema.maximum}` });
  }
  if (isJsonObject(value)) {
    const props = isJsonObject(schema.properties) ? schema.properties : {};
    for (const req of Array.isArray(schema.required) ? schema.required : []) {
      if (typeof req === 'string' && (value[req] === undefined || value[req] === null)) causes.push({ reason: 'FieldValueRequired', field: join(path, req), message: 'Required value' });
    }
    for (const [key, v] of Object.entries(value)) {
      if (top && path === '' && (key === 'metadata' || key === 'apiVersion' || key === 'kind')) continue;
      const sub = isJsonObject(props[key]) ? props[key] : isJsonObject(schema.additionalProperties) ? schema.additionalProperties : undefined;
      causes.push(...validateAgainst(sub, v, join(path, key), false));
    }
  }
  if (Array.isArray(value) && isJsonObject(schema.items)) {
    value.forEach((item, i) => causes.push(...validateAgainst(schema.items as Schema, item, `${path}[${i}]`, false)));
  }
  return causes;
}
