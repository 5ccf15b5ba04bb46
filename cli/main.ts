// The `lynq-sfn` command line. bin/lynq-sfn.js loads this file's JavaScript build (dist/cli/main.js) and calls main().
import { Command } from 'commander';
import { registerValidateCommand } from './validate-command';
import { registerRenderCommand } from './render-command';
import { registerRunCommand } from './run-command';
import { registerDemoCommand } from './demo-command';
import { registerRbacCommand } from './rbac-command';
import { registerPlanCommand } from './plan-command';
import { registerStatusCommand } from './status-command';
import { registerReprovisionCommand } from './reprovision-command';
import { registerRolloutCommand } from './rollout-command';
import { registerConvertCommand } from './convert-command';

export type CommandRegistrar = (program: Command) => void;

/** Every command of the CLI, in help order. */
export const commandRegistrars: CommandRegistrar[] = [
  registerValidateCommand,
  registerRenderCommand,
  registerRunCommand,
  registerDemoCommand,
  registerRbacCommand,
  registerPlanCommand,
  registerStatusCommand,
  registerReprovisionCommand,
  registerRolloutCommand,
  registerConvertCommand,
];

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('lynq-sfn')
    .description('Lynq on AWS Step Functions: one Kubernetes stack per MySQL row')
    .showHelpAfterError();
  for (const register of commandRegistrars) register(program);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
