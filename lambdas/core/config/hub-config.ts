// hub.yaml -> HubConfig (DESIGN §2), with Lynq's defaults (lynq-behaviour.md §1.1).
// The password never comes from YAML: `passwordRef` names a Kubernetes Secret key that holds it
// (read by mysql-password when no Secrets Manager secret is configured).
import type { HubConfig, SecretKeyRef } from './config-model';
import type { ConfigProblem } from './config-error';
import { FieldReader, describe, readDocumentHeader, type YamlMap } from './config-fields';
import { parseSingleDocument } from './config-document';
import { RESERVED_VARIABLE_NAMES } from '../template/template-helpers';

export interface HubParseResult {
  hub: HubConfig | null;
  problems: ConfigProblem[];
}

const SYNC_INTERVAL = /^([0-9]+)(s|m|h)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `30s`, `1m`, `2h` -> seconds; null when the text does not match ^[0-9]+(s|m|h)$. */
export function parseSyncInterval(text: string): number | null {
  const match = SYNC_INTERVAL.exec(text);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : null;
}

/** Decodes one parsed LynqHub document. */
export function decodeHubDocument(doc: YamlMap, file: string, problems: ConfigProblem[]): HubConfig {
  const read = new FieldReader(file, problems);
  const name = readDocumentHeader(read, doc, 'LynqHub');
  read.unknownKeys(doc, new Set(['apiVersion', 'kind', 'metadata', 'spec', 'status']), '');
  const spec = read.map(doc, 'spec', 'spec', true);
  read.unknownKeys(spec, new Set(['source', 'valueMappings', 'extraValueMappings']), 'spec');

  const source = read.map(spec, 'source', 'spec.source', true);
  read.unknownKeys(source, new Set(['type', 'syncInterval', 'mysql']), 'spec.source');
  read.enumValue(source, 'type', 'spec.source.type', ['mysql'] as const, 'mysql');
  const intervalText = read.string(source, 'syncInterval', 'spec.source.syncInterval', { fallback: '30s' });
  let syncIntervalSeconds = parseSyncInterval(intervalText);
  if (syncIntervalSeconds === null) {
    read.problem('spec.source.syncInterval', `must match ^[0-9]+(s|m|h)$ (e.g. 30s, 1m), got ${describe(intervalText)}`);
    syncIntervalSeconds = 30;
  }

  const mysql = read.map(source, 'mysql', 'spec.source.mysql', true);
  read.unknownKeys(mysql, new Set(['host', 'port', 'database', 'username', 'table', 'passwordRef']), 'spec.source.mysql');
  const passwordRef = decodePasswordRef(read, mysql);
  const mysqlSource = {
    host: read.string(mysql, 'host', 'spec.source.mysql.host', { required: true }),
    port: read.integer(mysql, 'port', 'spec.source.mysql.port', 3306, 1, 65535),
    database: read.string(mysql, 'database', 'spec.source.mysql.database', { required: true }),
    username: read.string(mysql, 'username', 'spec.source.mysql.username', { required: true }),
    table: read.string(mysql, 'table', 'spec.source.mysql.table', { required: true }),
    ...(passwordRef ? { passwordRef } : {}),
  };

  const mappings = read.map(spec, 'valueMappings', 'spec.valueMappings', true);
  read.unknownKeys(mappings, new Set(['uid', 'activate', 'hostOrUrl']), 'spec.valueMappings');
  const valueMappings: HubConfig['valueMappings'] = {
    uid: read.string(mappings, 'uid', 'spec.valueMappings.uid', { required: true }),
    activate: read.string(mappings, 'activate', 'spec.valueMappings.activate', { required: true }),
  };
  const hostOrUrl = read.string(mappings, 'hostOrUrl', 'spec.valueMappings.hostOrUrl');
  if (hostOrUrl !== '') valueMappings.hostOrUrl = hostOrUrl;

  const extras = read.map(spec, 'extraValueMappings', 'spec.extraValueMappings');
  const extraValueMappings: Record<string, string> = {};
  for (const variable of Object.keys(extras)) {
    const field = `spec.extraValueMappings.${variable}`;
    if (!IDENTIFIER.test(variable)) {
      read.problem(field, 'variable name must be a JavaScript identifier (letters, digits, _ and $) so templates can use it');
      continue;
    }
    if (RESERVED_VARIABLE_NAMES.has(variable)) {
      read.problem(field, `'${variable}' is a built-in variable or helper name; choose another variable name`);
      continue;
    }
    const column = read.string(extras, variable, field, { required: true });
    if (column !== '') extraValueMappings[variable] = column;
  }

  const namespace = hubNamespace(read, doc);
  return { name, file, ...(namespace ? { namespace } : {}), source: { type: 'mysql', syncIntervalSeconds, mysql: mysqlSource }, valueMappings, extraValueMappings };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** `passwordRef: {name, key}`: a Secret name and one of its data keys, as Kubernetes spells them. */
function decodePasswordRef(read: FieldReader, mysql: YamlMap): SecretKeyRef | undefined {
  if (mysql.passwordRef === undefined || mysql.passwordRef === null) return undefined;
  if (!read.isMap(mysql.passwordRef)) {
    read.problem('spec.source.mysql.passwordRef', 'must be a mapping (name, key)');
    return undefined;
  }
  const ref = mysql.passwordRef;
  read.unknownKeys(ref, new Set(['name', 'key']), 'spec.source.mysql.passwordRef');
  const name = read.string(ref, 'name', 'spec.source.mysql.passwordRef.name', { required: true });
  const key = read.string(ref, 'key', 'spec.source.mysql.passwordRef.key', { required: true });
  if (name !== '' && !SECRET_NAME.test(name)) read.problem('spec.source.mysql.passwordRef.name', `must be a Kubernetes object name (lowercase letters, digits, '-' and '.'), got ${describe(name)}`);
  if (key !== '' && !SECRET_KEY.test(key)) read.problem('spec.source.mysql.passwordRef.key', `must be a Secret data key (letters, digits, '-', '_' and '.'), got ${describe(key)}`);
  return name !== '' && key !== '' ? { name, key } : undefined;
}

/** metadata.namespace: where passwordRef's Secret is. */
function hubNamespace(read: FieldReader, doc: YamlMap): string | undefined {
  if (!read.isMap(doc.metadata) || doc.metadata.namespace === undefined) return undefined;
  const namespace = read.string(doc.metadata, 'namespace', 'metadata.namespace');
  if (namespace !== '' && !DNS_LABEL.test(namespace)) read.problem('metadata.namespace', `must be a namespace name (a DNS label), got ${describe(namespace)}`);
  return namespace === '' ? undefined : namespace;
}

/** Parses a hub file (one LynqHub document). */
export function parseHubConfig(text: string, file: string): HubParseResult {
  const { value, problems } = parseSingleDocument(text, file, 'LynqHub', decodeHubDocument);
  return { hub: value, problems };
}
