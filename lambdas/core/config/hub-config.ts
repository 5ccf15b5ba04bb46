// hub.yaml -> HubConfig (DESIGN §2), with Lynq's defaults (lynq-behaviour.md §1.1).
// The password never comes from YAML: `passwordRef` names the Kubernetes Secret that holds it.
import * as z from '../contracts/zod-api';
import type { HubConfig, SecretKeyRef } from './config-model';
import type { ConfigProblem } from './config-error';
import { describe, HUB_DOCUMENT_SCHEMA, optionalText, requiredText, SYNC_INTERVAL, type YamlMap } from './config-schemas';
import { readDocument } from './config-schema-reader';
import { RESERVED_VARIABLE_NAMES } from '../template/template-helpers';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `30s`, `1m`, `2h` -> seconds; null when the text does not match ^[0-9]+(s|m|h)$. */
export function parseSyncInterval(text: string): number | null {
  const match = SYNC_INTERVAL.exec(text);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : null;
}

/** Decodes one parsed LynqHub document: its shape by HUB_DOCUMENT_SCHEMA, then the variable names. */
export function decodeHubDocument(doc: YamlMap, file: string, problems: ConfigProblem[]): HubConfig {
  const { metadata, spec } = readDocument(HUB_DOCUMENT_SCHEMA, doc, { file, problems });
  const { source, valueMappings: mappings } = spec;

  const valueMappings: HubConfig['valueMappings'] = { uid: mappings.uid, activate: mappings.activate };
  if (mappings.hostOrUrl !== '') valueMappings.hostOrUrl = mappings.hostOrUrl;

  const extraValueMappings: Record<string, string> = {};
  for (const [variable, column] of Object.entries(spec.extraValueMappings)) {
    const field = `spec.extraValueMappings.${variable}`;
    if (!IDENTIFIER.test(variable)) {
      problems.push({ file, field, message: 'variable name must be a JavaScript identifier (letters, digits, _ and $) so templates can use it' });
      continue;
    }
    if (RESERVED_VARIABLE_NAMES.has(variable)) {
      problems.push({ file, field, message: `'${variable}' is a built-in variable or helper name; choose another variable name` });
      continue;
    }
    extraValueMappings[variable] = column;
  }

  const { host, port, database, username, table } = source.mysql;
  const passwordRef = source.mysql.passwordRef && readPasswordRef(source.mysql.passwordRef, file, problems);
  const { namespace } = readDocument(HUB_METADATA_SCHEMA, doc.metadata, { file, problems }, ['metadata']);
  return {
    name: metadata.name,
    file,
    ...(namespace ? { namespace } : {}),
    source: {
      type: source.type,
      syncIntervalSeconds: parseSyncInterval(source.syncInterval) ?? 30,
      mysql: { host, port, database, username, table, ...(passwordRef ? { passwordRef } : {}) },
    },
    valueMappings,
    extraValueMappings,
  };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SECRET_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** metadata.namespace: where passwordRef's Secret is (the rest of metadata is not the hub's business). */
const HUB_METADATA_SCHEMA = z.looseObject({
  namespace: optionalText().refine((text) => text === '' || DNS_LABEL.test(text), { error: (issue) => `must be a namespace name (a DNS label), got ${describe(issue.input)}` }),
});

/** `passwordRef: {name, key}`: a Secret name and one of its data keys, as Kubernetes spells them. */
const PASSWORD_REF_SCHEMA = z.strictObject({
  name: requiredText().refine((text) => SECRET_NAME.test(text), {
    error: (issue) => `must be a Kubernetes object name (lowercase letters, digits, '-' and '.'), got ${describe(issue.input)}`,
  }),
  key: requiredText().refine((text) => SECRET_KEY.test(text), {
    error: (issue) => `must be a Secret data key (letters, digits, '-', '_' and '.'), got ${describe(issue.input)}`,
  }),
});

function readPasswordRef(ref: YamlMap, file: string, problems: ConfigProblem[]): SecretKeyRef | undefined {
  const before = problems.length;
  const { name, key } = readDocument(PASSWORD_REF_SCHEMA, ref, { file, problems }, ['spec', 'source', 'mysql', 'passwordRef']);
  return problems.length === before ? { name, key } : undefined;
}
