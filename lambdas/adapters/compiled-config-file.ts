// Loads the configuration the synth compiled into each function's asset (writeCompiledConfig):
// one JSON file holding the validated configuration, without a YAML parser or a check run again.
import { readFileSync } from 'node:fs';
import type { ConfigDirectory } from '../core/config/config-model';
import { ConfigError } from '../core/config/config-error';
import { decodeCompiledConfig } from '../core/config/compiled-config';

/** Throws ConfigError naming `file` when it cannot be read, is not JSON, or is not a configuration this code reads. */
export function loadCompiledConfig(file: string): ConfigDirectory {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ file, message: `cannot read the compiled configuration: ${(error as Error).message}` }]);
  }
  return decodeCompiledConfig(value, file);
}
