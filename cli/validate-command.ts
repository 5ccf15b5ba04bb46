// `lynq-sfn validate <dir>`: loads the hub and forms the way the functions and `cdk synth` do,
// and prints either a summary or every problem found.
import type { Command } from 'commander';
import { loadConfigDirectory } from '../lambdas/adapters/config-directory';
import { allForms } from '../lambdas/core/config/hub-lookup';
import type { ProjectConfig } from '../lambdas/core/config/config-model';
import { ConfigError, formatConfigProblem } from '../lambdas/core/config/config-error';
import { dependencyLevels } from '../lambdas/core/apply/dependency-graph';
import { defaultPlacementNotes } from '../lambdas/core/config/default-placement';
import { describePlaceholder, placeholderFindings } from '../lambdas/core/config/placeholder-values';

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function validateDirectory(dir: string): CommandOutput {
  try {
    const directory = loadConfigDirectory(dir);
    const lines = [`OK: ${dir}`, ...directory.hubs.flatMap(hubSummary)];
    // Valid, and fine for local runs; a deployment needs real values there (cdk synth warns too).
    const warnings = placeholderFindings(allForms(directory)).map((finding) => `WARNING: ${describePlaceholder(finding)}\n`);
    return { stdout: `${lines.join('\n')}\n`, stderr: warnings.join(''), exitCode: 0 };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.problems.length === 1 ? '1 problem' : `${error.problems.length} problems`;
    return { stdout: '', stderr: `INVALID: ${dir} (${count})\n${error.problems.map((p) => `  ${formatConfigProblem(p)}`).join('\n')}\n`, exitCode: 1 };
  }
}

function hubSummary(project: ProjectConfig): string[] {
  const { hub } = project;
  const password = hub.source.mysql.passwordRef ? `, password from Secret ${hub.namespace ?? '<record namespace>'}/${hub.source.mysql.passwordRef.name} key ${hub.source.mysql.passwordRef.key} unless another source is set` : '';
  return [
    `  hub '${hub.name}': mysql ${hub.source.mysql.host}:${hub.source.mysql.port}/${hub.source.mysql.database} table ${hub.source.mysql.table}, sync every ${hub.source.syncIntervalSeconds}s${password}`,
    ...project.forms.flatMap((form) => {
      const levels = dependencyLevels(form.resources).map((level) => level.join(', ')).join(' -> ');
      return [
        `  form '${form.name}': ${form.resources.length} resource(s), apply order: ${levels}`,
        ...defaultPlacementNotes(form).map((note) => `    ${note}`),
      ];
    }),
    ...(project.forms.length === 0
      ? [`  no form: the sync deprovisions every node of hub '${hub.name}' (the mass-deletion guard applies)`]
      : []),
  ];
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check the hub and forms in <dir>; prints every problem (exit 1) or a summary')
    .argument('<dir>', 'config directory (hub.yaml and forms)')
    .action((dir: string) => {
      const out = validateDirectory(dir);
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.exitCode;
    });
}
