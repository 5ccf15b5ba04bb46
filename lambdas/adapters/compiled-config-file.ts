// Loads the configuration the synth compiled into each function's asset (writeCompiledConfig):
// one JSON file, decoded and validated as the YAML directory it came from, without a YAML parser.
import { readFileSync } from 'node:fs';
import type { ConfigDirectory } from '../core/config/config-model';
import { ConfigError } from '../core/config/config-error';
import { decodeCompiledConfig } from '../core/config/compiled-config';
import { validateParsedConfig } from '../core/config/config-validation';

/** Throws ConfigError naming `file` when it cannot be read, is not JSON, or is not a configuration this code reads. */
export function loadCompiledConfig(file: string): ConfigDirectory {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ file, message: `cannot read the compiled configuration: ${(error as Error).message}` }]);
  }
  const { dir, files } = decodeCompiledConfig(value, file);
  // The synth compiles only a directory that passed every check, the run of every template with
  // sample values included: a cold start need not run the templates again.
  const { directory, problems } = validateParsedConfig(dir, files, { checkTemplateVariables: false });
  if (!directory) throw new ConfigError(problems);
  return directory;
}
