// Config files as YAML text: parsed (template-document, the one module that needs the `yaml`
// package), then decoded and validated. The CLI, local runs and the synth read config this way;
// the deployed functions read the compiled form of the same parse (compiled-config) instead.
import type { ConfigProblem } from './config-error';
import type { FormConfig, HubConfig } from './config-model';
import type { YamlMap } from './config-schemas';
import { decodeFormDocument } from './form-config';
import { decodeHubDocument } from './hub-config';
import { validateParsedConfig, type ParsedConfigFile, type ProjectValidation } from './config-validation';
import { parseTemplateDocuments } from '../template/template-document';

export interface ConfigFile {
  /** Name used in messages (e.g. `form.yaml`). */
  file: string;
  text: string;
}

export interface HubParseResult {
  hub: HubConfig | null;
  problems: ConfigProblem[];
}

export interface FormParseResult {
  form: FormConfig | null;
  problems: ConfigProblem[];
}

export function parseConfigFile({ file, text }: ConfigFile): ParsedConfigFile {
  return { file, ...parseTemplateDocuments(text, file) };
}

/** Parses and validates every file of a configuration directory. */
export function validateConfigFiles(dir: string, files: readonly ConfigFile[]): ProjectValidation {
  return validateParsedConfig(dir, files.map(parseConfigFile));
}

/** One config file = one YAML document of one kind: the shared first steps before the kind's own decoder. */
function parseSingleDocument<T>(
  text: string, file: string, kind: 'LynqHub' | 'LynqForm',
  decode: (doc: YamlMap, file: string, problems: ConfigProblem[]) => T,
): { value: T | null; problems: ConfigProblem[] } {
  const parsed = parseTemplateDocuments(text, file);
  const problems = [...parsed.problems];
  if (parsed.problems.length > 0) return { value: null, problems };
  if (parsed.documents.length !== 1) {
    problems.push({ file, message: `expected one ${kind} document, found ${parsed.documents.length}` });
    return { value: null, problems };
  }
  const doc = parsed.documents[0]?.tree;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ file, message: 'the document must be a mapping' });
    return { value: null, problems };
  }
  const value = decode(doc as YamlMap, file, problems);
  return { value: problems.length === parsed.problems.length ? value : null, problems };
}

/** Parses a hub file (one LynqHub document). */
export function parseHubConfig(text: string, file: string): HubParseResult {
  const { value, problems } = parseSingleDocument(text, file, 'LynqHub', decodeHubDocument);
  return { hub: value, problems };
}

/** Parses a form file (one LynqForm document). Checks fields and templates, not the dependency graph. */
export function parseFormConfig(text: string, file: string): FormParseResult {
  const { value, problems } = parseSingleDocument(text, file, 'LynqForm', decodeFormDocument);
  return { form: value, problems };
}
