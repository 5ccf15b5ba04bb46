// Copies the hub and forms into every function bundle, so the functions read the
// exact config that was validated at synth, and a form change changes the asset
// hash (NodejsFunction hashes the bundle output) and therefore rolls out.
import * as path from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

/** Where the config lands inside the bundle; Lambda unpacks the bundle to /var/task. */
export const BUNDLED_CONFIG_DIR_NAME = 'lynq-config';
export const LAMBDA_CONFIG_DIR = `/var/task/${BUNDLED_CONFIG_DIR_NAME}`;

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `configFiles` are absolute paths inside `configDir` (the files the loader read). */
export function configCopyHooks(configDir: string, configFiles: readonly string[]): ICommandHooks {
  const relativeFiles = configFiles.map((file) => {
    const relative = path.relative(configDir, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(`config file ${file} is outside the config directory ${configDir}`);
    }
    return relative;
  });
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => {
      const target = path.join(outputDir, BUNDLED_CONFIG_DIR_NAME);
      const directories = [...new Set(relativeFiles.map((file) => path.dirname(path.join(target, file))))];
      return [
        ...directories.map((dir) => `mkdir -p ${shellQuote(dir)}`),
        ...relativeFiles.map((file) => `cp ${shellQuote(path.join(configDir, file))} ${shellQuote(path.join(target, file))}`),
      ];
    },
  };
}
