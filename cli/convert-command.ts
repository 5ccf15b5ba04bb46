// `lynq-sfn convert <dir> [--out <dir>]`: rewrites the Go templates of a configuration directory
// (Lynq's syntax) into ejs, for teams that want one syntax, and prints what it could not convert
// (those strings keep their Go template, which still works). The result is validated.
import type { Command } from 'commander';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertFormText } from '../lambdas/core/template/go-template/convert-form-text';
import { validateDirectory, type CommandOutput } from './validate-command';

export interface ConvertOptions {
  /** Write the converted files here instead of over the originals. */
  out?: string;
}

const CONFIG_FILE = /\.ya?ml$/i;

export function convertDirectory(dir: string, options: ConvertOptions = {}): CommandOutput {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { stdout: '', stderr: `error: ${dir} is not a directory\n`, exitCode: 1 };
  const target = options.out ?? dir;
  if (options.out) mkdirSync(options.out, { recursive: true });
  const out: string[] = [];
  let total = 0;
  let left = 0;
  for (const name of readdirSync(dir).filter((file) => CONFIG_FILE.test(file)).sort()) {
    const original = readFileSync(join(dir, name), 'utf8');
    const result = convertFormText(original);
    total += result.converted;
    left += result.notConverted.length;
    if (result.text !== original || options.out) writeFileSync(join(target, name), result.text);
    if (result.converted > 0 || result.notConverted.length > 0) {
      out.push(`${name}: ${result.converted} template(s) converted to ejs${result.notConverted.length > 0 ? `, ${result.notConverted.length} left as Go templates:` : ''}`);
      for (const note of result.notConverted) out.push(`  ${name}:${note.line}: ${note.field}: not converted: ${note.reason}`);
    }
  }
  if (total === 0 && left === 0) out.push('no Go templates found');
  const check = validateDirectory(target);
  out.push(check.exitCode === 0 ? `the converted configuration validates (${target})` : `the converted configuration does NOT validate (${target}):`);
  return { stdout: `${out.join('\n')}\n`, stderr: check.stderr, exitCode: check.exitCode };
}

export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .description('rewrite the Go templates of the forms in <dir> into ejs; prints what it could not convert')
    .argument('<dir>', 'config directory (hub.yaml and forms)')
    .option('--out <dir>', 'write the converted files to this directory instead of over the originals')
    .action((dir: string, options: ConvertOptions) => {
      const result = convertDirectory(dir, options);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      process.exitCode = result.exitCode;
    });
}
