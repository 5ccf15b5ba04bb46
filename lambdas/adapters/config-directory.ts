// Loads a configuration directory from disk: every *.yaml / *.yml file in it (not recursive).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigDirectory, ProjectConfig } from '../core/config/config-model';
import { ConfigError } from '../core/config/config-error';
import { validateConfigFiles, type ConfigFile } from '../core/config/config-validation';
import { HubSelectionError, selectHub } from '../core/config/hub-lookup';

const CONFIG_FILE = /\.ya?ml$/i;

/** Reads and validates the directory (every hub and form); throws ConfigError listing every problem. */
export function loadConfigDirectory(dir: string): ConfigDirectory {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ConfigError([{ file: dir, message: 'is not a directory' }]);
    names = readdirSync(dir).filter((name) => CONFIG_FILE.test(name)).sort();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([{ file: dir, message: `cannot read the configuration directory: ${(error as Error).message}` }]);
  }
  const files: ConfigFile[] = names.map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
  const { directory, problems } = validateConfigFiles(dir, files);
  if (!directory) throw new ConfigError(problems);
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
