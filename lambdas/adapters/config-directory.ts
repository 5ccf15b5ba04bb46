// Loads a configuration directory from disk: every *.yaml / *.yml file in it (not recursive).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectConfig } from '../core/config/config-model';
import { ConfigError } from '../core/config/config-error';
import { validateConfigFiles, type ConfigFile } from '../core/config/config-validation';

const CONFIG_FILE = /\.ya?ml$/i;

/** Reads and validates the directory; throws ConfigError listing every problem. */
export function loadProjectConfig(dir: string): ProjectConfig {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ConfigError([{ file: dir, message: 'is not a directory' }]);
    names = readdirSync(dir).filter((name) => CONFIG_FILE.test(name)).sort();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError([{ file: dir, message: `cannot read the configuration directory: ${(error as Error).message}` }]);
  }
  const files: ConfigFile[] = names.map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
  const { project, problems } = validateConfigFiles(dir, files);
  if (!project) throw new ConfigError(problems);
  return project;
}
