// hub.yaml -> HubConfig (DESIGN §2), with Lynq's defaults (lynq-behaviour.md §1.1).
// The password never comes from YAML: `passwordRef` is accepted (so Lynq files load) and ignored.
import type { HubConfig } from './config-model';
import type { ConfigProblem } from './config-error';
import { HUB_DOCUMENT_SCHEMA, SYNC_INTERVAL, type YamlMap } from './config-schemas';
import { readDocument } from './config-schema-reader';
import { parseSingleDocument } from './config-document';
import { RESERVED_VARIABLE_NAMES } from '../template/template-helpers';

export interface HubParseResult {
  hub: HubConfig | null;
  problems: ConfigProblem[];
}

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
  return {
    name: metadata.name,
    file,
    source: { type: source.type, syncIntervalSeconds: parseSyncInterval(source.syncInterval) ?? 30, mysql: { host, port, database, username, table } },
    valueMappings,
    extraValueMappings,
  };
}

/** Parses a hub file (one LynqHub document). */
export function parseHubConfig(text: string, file: string): HubParseResult {
  const { value, problems } = parseSingleDocument(text, file, 'LynqHub', decodeHubDocument);
  return { hub: value, problems };
}
