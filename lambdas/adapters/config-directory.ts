// Loads a configuration directory from disk: every *.yaml / *.yml file in it (not recursive).
// The CLI, local runs and the synth read it; the synth also compiles it for the functions.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import type { ConfigDirectory, ProjectConfig } from '../core/config/config-model';
import { ConfigError } from '../core/config/config-error';
import { parseConfigFile } from '../core/config/config-text';
import { validateParsedConfig, type ParsedConfigFile } from '../core/config/config-validation';
import { encodeCompiledConfig } from '../core/config/compiled-config';
import { HubSelectionError, selectHub } from '../core/config/hub-lookup';

const CONFIG_FILE = /\.ya?ml$/i;

/** Every config file of the directory, parsed. */
function parseDirectory(dir: string): ParsedConfigFile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ConfigError([{ file: dir, message: 'is not a directory' }]);
    names = readdirSync(dir).filter((name) => CONFIG_FILE.test(name)).sort();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([{ file: dir, message: `cannot read the configuration directory: ${(error as Error).message}` }]);
  }
  return names.map((name) => parseConfigFile({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
}

function validated(dir: string, files: ParsedConfigFile[]): ConfigDirectory {
  const { directory, problems } = validateParsedConfig(dir, files);
  if (!directory) throw new ConfigError(problems);
  return directory;
}

/** Reads and validates the directory (every hub and form); throws ConfigError listing every problem. */
export function loadConfigDirectory(dir: string): ConfigDirectory {
  return validated(dir, parseDirectory(dir));
}

/**
 * Reads and validates the directory and compiles it (compiled-config): `text` is the one file the
 * deployed functions read (compiled-config-file). Throws ConfigError as loadConfigDirectory.
 */
export function compileConfigDirectory(dir: string): { directory: ConfigDirectory; text: string } {
  const directory = validated(dir, parseDirectory(dir));
  return { directory, text: JSON.stringify(encodeCompiledConfig(namedBy(directory, dir, basename(resolve(dir))))) };
}

/**
 * The directory as the functions' copy names it: by its own name, its files in it
 * (`database-per-node/hub.yaml`), so the same config gives the same assets on every machine.
 */
function namedBy(directory: ConfigDirectory, dir: string, name: string): ConfigDirectory {
  const file = (path: string) => join(name, relative(dir, path));
  return {
    dir: name,
    hubs: directory.hubs.map((project) => ({
      ...project,
      dir: name,
      hub: { ...project.hub, file: file(project.hub.file) },
      forms: project.forms.map((form) => ({ ...form, file: file(form.file) })),
    })),
  };
}

/** compileConfigDirectory, written to `file`. */
export function writeCompiledConfig(dir: string, file: string): ConfigDirectory {
  const { directory, text } = compileConfigDirectory(dir);
  writeFileSync(file, text);
  return directory;
}

/**
 * One hub of the directory with its forms: the named one, or the only one. The whole directory is
 * validated either way; naming no hub where there are several is a ConfigError naming them.
 */
export function loadProjectConfig(dir: string, hubName?: string): ProjectConfig {
  const directory = loadConfigDirectory(dir);
  try {
    return selectHub(directory, hubName);
  } catch (error) {
    if (error instanceof HubSelectionError) throw new ConfigError([{ file: dir, message: error.message }]);
    throw error;
  }
}
