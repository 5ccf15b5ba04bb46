// `lynq-sfn reprovision <uid>`: start the node's execution now, with the documented manual input
// ({"uid", "form", "allowDelete": true}). On a deployed stack it calls StartExecution and prints
// the console link (--wait follows it to the end); locally it runs the execution in-process.
import type { Command } from 'commander';
import { loadConfigDirectory } from '../lambdas/adapters/config-directory';
import { allForms } from '../lambdas/core/config/hub-lookup';
import { manualExecutionName } from '../lambdas/core/sync/manual-execution-name';
import {
  executionConsoleUrl, followExecution, startManualExecution, type ExecutionDescription, type ManualExecutionInput, type SfnClientEdge,
} from '../lambdas/adapters/sfn-executions';
import { startLocalEnvironment } from '../local/local-environment';
import { ProgressView } from '../local/progress-view';
import { lynqNodeTable } from '../local/outcome-report';
import { DEFAULT_RECORD_NAMESPACE } from '../lambdas/core/apply/tracking-labels';
import {
  addDatabaseOption, addStackOption, recordNamespaceOf, sfnClientFor, stateMachineArnOf, type DatabaseOptions, type StackOptions,
} from './operate-connection';

export interface ReprovisionOptions extends DatabaseOptions, StackOptions {
  form?: string;
  allowDelete?: boolean;
  wait?: boolean;
  dir?: string;
  kubeconfig?: string;
  recordNamespace?: string;
  simulate?: boolean;
}

export function registerReprovisionCommand(program: Command): void {
  const command = program
    .command('reprovision <uid>')
    .description('start the node\'s execution now (StartExecution on a deployed stack, in-process locally with --dir)')
    .option('--form <name>', 'the form to run (needed when the hub has several)')
    .option('--allow-delete', 'let the execution deprovision the node when its row is gone or inactive')
    .option('--wait', 'follow the execution to its end; exit 1 unless it succeeded')
    .option('--dir <dir>', 'local run: the configuration directory (the execution runs in this process)')
    .option('--kubeconfig <path>', 'local run: the cluster (default: $KUBECONFIG or ~/.kube/config)')
    .option('--record-namespace <ns>', `local run: namespace of the LynqNode records (default: $LYNQ_RECORD_NAMESPACE or ${DEFAULT_RECORD_NAMESPACE})`)
    .option('--simulate', 'local run: run the controller simulators against the cluster');
  addDatabaseOption(addStackOption(command));
  command.action(async (uid: string, options: ReprovisionOptions) => {
    const arn = stateMachineArnOf(options);
    if (arn) {
      process.exitCode = await reprovisionOnStack(sfnClientFor(arn), arn, uid, options, (text) => process.stdout.write(text));
    } else if (options.dir) {
      process.exitCode = await reprovisionLocally(options.dir, uid, options);
    } else {
      throw new Error('reprovision needs --state-machine-arn (or LYNQ_STATE_MACHINE_ARN) for a deployed stack, or --dir <config dir> for a local run');
    }
  });
}

export function manualInput(uid: string, options: Pick<ReprovisionOptions, 'form' | 'allowDelete'>, onlyForm?: string): ManualExecutionInput {
  const form = options.form ?? onlyForm;
  return { uid, ...(form ? { form } : {}), ...(options.allowDelete ? { allowDelete: true as const } : {}) };
}

export async function reprovisionOnStack(
  client: SfnClientEdge, stateMachineArn: string, uid: string,
  options: Pick<ReprovisionOptions, 'form' | 'allowDelete' | 'wait'> & { now?: Date; sleep?: (ms: number) => Promise<void>; pollMs?: number },
  write: (text: string) => void,
): Promise<number> {
  const input = manualInput(uid, options);
  const name = manualExecutionName(uid, input.form, options.now ?? new Date());
  const executionArn = await startManualExecution(client, stateMachineArn, name, input);
  write(`started ${name} with ${JSON.stringify(input)}\n  console: ${executionConsoleUrl(executionArn)}\n`);
  if (!options.wait) return 0;
  let last = '';
  const final = await followExecution(client, executionArn, {
    intervalMs: options.pollMs ?? 5000,
    sleep: options.sleep,
    onStatus: (d) => {
      if (d.status !== last) write(`  ${new Date().toISOString().slice(11, 19)}  ${d.status}\n`);
      last = d.status;
    },
  });
  write(finalLine(final));
  return final.status === 'SUCCEEDED' ? 0 : 1;
}

function finalLine(d: ExecutionDescription): string {
  if (d.status === 'SUCCEEDED') return `${d.name}: SUCCEEDED\n`;
  return `${d.name}: ${d.status}${d.error ? ` ${d.error}` : ''}${d.cause ? `: ${d.cause}` : ''}\n`;
}

async function reprovisionLocally(dir: string, uid: string, options: ReprovisionOptions): Promise<number> {
  const forms = allForms(loadConfigDirectory(dir));
  const input = manualInput(uid, options, forms.length === 1 ? forms[0].name : undefined);
  const kubeconfig = options.kubeconfig ?? process.env.KUBECONFIG ?? `${process.env.HOME}/.kube/config`;
  // The records the sync and the other commands read: a record in another namespace would be a second LynqNode.
  // Each hub connects with its own settings (and passwordRef), as LoadNode does when deployed.
  const env = await startLocalEnvironment({
    configDir: dir, hubDatabases: true, mysqlUrl: options.mysqlUrl, mysqlHost: process.env.LYNQ_MYSQL_HOST || undefined, kubeconfig,
    simulate: options.simulate, waitMs: 1000, recordNamespace: recordNamespaceOf(options),
  });
  const view = new ProgressView(env.deps.records, () => env.starter.executions.values());
  try {
    const name = manualExecutionName(uid, input.form, new Date());
    process.stdout.write(`started ${name} with ${JSON.stringify(input)} (local, in-process: no console link)\n`);
    view.start();
    // In-process, the execution lives as long as this command: it always runs to its end.
    const execution = await env.startExecution(input, name);
    const result = await execution.done;
    await view.stop();
    const records = (await env.deps.records.list()).filter((r) => r.spec.uid === uid && (!input.form || r.spec.form === input.form));
    process.stdout.write(`${name}: ${result.status}${result.status === 'FAILED' ? ` ${result.error}: ${result.cause}` : ''}\n${lynqNodeTable(records, new Date())}\n`);
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await view.stop();
    await env.stop();
  }
}
