// Compiles the hubs and forms at synth into one JSON file (compiled-config) and copies it into
// every function bundle, so the functions read the exact config that was validated at synth
// without a YAML parser, and a form change changes the asset hash (NodejsFunction hashes the
// bundle output) and therefore rolls out.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { compileConfigDirectory } from '../lambdas/adapters/config-directory';
import type { ConfigDirectory } from '../lambdas/core/config/config-model';

/** Where the compiled config lands inside the bundle; Lambda unpacks the bundle to /var/task. */
export const BUNDLED_CONFIG_FILE_NAME = 'lynq-config.json';
export const LAMBDA_CONFIG_FILE = `/var/task/${BUNDLED_CONFIG_FILE_NAME}`;

/**
 * Validates and compiles `configDir` into `stagingDir` (the cloud assembly's asset directory: the
 * file is synth output, removed with it), named by its content so that constructs with different
 * configs never share one. Throws ConfigError naming file, resource and field.
 */
export function stageCompiledConfig(configDir: string, stagingDir: string): { directory: ConfigDirectory; file: string } {
  const { directory, text } = compileConfigDirectory(configDir);
  const file = path.join(stagingDir, `lynq-config-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
  fs.writeFileSync(file, text);
  return { directory, file };
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `compiledConfigFile` is the staged file (stageCompiledConfig). */
export function configCopyHooks(compiledConfigFile: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      `cp ${shellQuote(compiledConfigFile)} ${shellQuote(path.join(outputDir, BUNDLED_CONFIG_FILE_NAME))}`,
    ],
  };
}
