// `lynq-sfn status [uid]`: the fleet at a glance from the LynqNode records: READY/DESIRED/FAILED,
// the phase, the current (or last) execution, what it waits for, the last failure, the age.
// With --state-machine-arn (a deployed stack) each execution is also read from Step Functions
// (DescribeExecution) and printed with its console link.
import type { Command } from 'commander';
import type { KubeConnection } from '../lambdas/adapters/kube-connection';
import { nodeStatusView, shortAge, type NodeStatusView } from '../lambdas/core/lynqnode/node-status-view';
import { LABEL_HUB, LABEL_UID } from '../lambdas/core/apply/tracking-labels';
import {
  describeExecution, executionArnOf, executionConsoleUrl, type ExecutionDescription, type SfnClientEdge,
} from '../lambdas/adapters/sfn-executions';
import {
  addClusterOptions, addStackOption, connectCluster, recordStore, sfnClientFor, stateMachineArnOf,
  type ClusterOptions, type StackOptions,
} from './operate-connection';

export interface StatusOptions extends ClusterOptions, StackOptions {
  hub?: string;
  output?: string;
  watch?: boolean;
  interval?: string;
  count?: string;
}

export interface NodeStatus extends NodeStatusView {
  /** From DescribeExecution, on a deployed stack. */
  stepFunctions?: Pick<ExecutionDescription, 'executionArn' | 'status' | 'error' | 'cause'> & { startDate?: string; stopDate?: string; consoleUrl: string };
}

export function registerStatusCommand(program: Command): void {
  const command = program
    .command('status [uid]')
    .description('nodes with READY/DESIRED/FAILED, the current execution and its state, what it waits for, the last failure and the age')
    .option('--hub <name>', 'only the nodes of this hub')
    .option('--output <format>', 'text or json', 'text')
    .option('--watch', 'refresh the view until interrupted')
    .option('--interval <seconds>', 'seconds between refreshes with --watch', '5')
    .option('--count <n>', 'with --watch, stop after this many refreshes');
  addStackOption(addClusterOptions(command));
  command.action(async (uid: string | undefined, options: StatusOptions) => {
    const kube = await connectCluster(options);
    const arn = stateMachineArnOf(options);
    const sfn = arn ? { client: sfnClientFor(arn), stateMachineArn: arn } : undefined;
    const show = async () => render(await fleetStatus(kube, { ...options, uid, sfn }), options);
    if (!options.watch) {
      process.stdout.write(await show());
      return;
    }
    await watch(show, { intervalMs: Number(options.interval) * 1000, count: options.count ? Number(options.count) : undefined, clear: process.stdout.isTTY && options.output !== 'json' });
  });
}

export async function fleetStatus(
  kube: KubeConnection,
  options: ClusterOptions & { uid?: string; hub?: string; sfn?: { client: SfnClientEdge; stateMachineArn: string }; now?: Date },
): Promise<NodeStatus[]> {
  const selector = [options.hub ? `${LABEL_HUB}=${options.hub}` : '', options.uid ? `${LABEL_UID}=${options.uid}` : ''].filter(Boolean).join(',');
  const records = await recordStore(kube, options).list(selector || undefined);
  const now = options.now ?? new Date();
  const views: NodeStatus[] = records.map((r) => nodeStatusView(r, now)).sort((a, b) => a.name.localeCompare(b.name));
  if (options.sfn) {
    const { client, stateMachineArn } = options.sfn;
    for (const view of views) {
      if (!view.execution) continue;
      const executionArn = executionArnOf(stateMachineArn, view.execution);
      const described = await describeExecution(client, executionArn);
      view.stepFunctions = {
        executionArn, consoleUrl: executionConsoleUrl(executionArn), status: described?.status ?? 'NOT_FOUND',
        ...(described?.error ? { error: described.error } : {}),
        ...(described?.cause ? { cause: described.cause } : {}),
        ...(described?.startDate ? { startDate: described.startDate.toISOString() } : {}),
        ...(described?.stopDate ? { stopDate: described.stopDate.toISOString() } : {}),
      };
    }
  }
  return views;
}

export function render(nodes: NodeStatus[], options: { output?: string }): string {
  if (options.output === 'json') return `${JSON.stringify(nodes)}\n`;
  return formatStatus(nodes);
}

export function formatStatus(nodes: NodeStatus[]): string {
  if (nodes.length === 0) return 'No LynqNodes found.\n';
  const rows = nodes.map((n) => [
    n.name, `${n.readyResources}/${n.desiredResources}`, String(n.desiredResources), String(n.failedResources), n.phase, shortAge(n.ageSeconds),
    n.execution ? `${n.execution} (${n.stepFunctions?.status ?? (n.executionRunning ? 'running' : 'last')})` : '',
  ]);
  const header = ['NAME', 'READY', 'DESIRED', 'FAILED', 'PHASE', 'AGE', 'EXECUTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header)];
  nodes.forEach((n, i) => {
    out.push(line(rows[i]));
    if (n.waitingFor) out.push(`    now: ${n.waitingFor}`);
    if (n.lastFailure) out.push(`    last failure${n.lastFailureTime ? ` (${n.lastFailureTime}, ${n.retryCount} attempt(s))` : ''}: ${n.lastFailure}`);
    if (n.stepFunctions?.error) out.push(`    execution error: ${n.stepFunctions.error}`);
    if (n.stepFunctions) out.push(`    console: ${n.stepFunctions.consoleUrl}`);
  });
  return `${out.join('\n')}\n`;
}

export async function watch(
  show: () => Promise<string>,
  options: { intervalMs: number; count?: number; clear?: boolean; write?: (text: string) => void; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  if (!(options.intervalMs > 0)) throw new Error('--interval must be a number of seconds > 0');
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  let wake: () => void = () => undefined;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => { clearTimeout(timer); resolve(); };
  }));
  // An object, since Ctrl-C sets it from a signal handler while the loop awaits.
  const state = { stopped: false };
  // Ctrl-C ends the watch at once, not after the current interval.
  const stop = () => { state.stopped = true; wake(); };
  process.once('SIGINT', stop);
  try {
    for (let round = 1; !state.stopped; round++) {
      const text = await show();
      write(`${options.clear ? '\x1b[2J\x1b[H' : ''}${options.clear ? `${new Date().toISOString()}  (every ${options.intervalMs / 1000}s, Ctrl-C to stop)\n` : ''}${text}`);
      if (options.count !== undefined && round >= options.count) break;
      await sleep(options.intervalMs);
    }
  } finally {
    process.removeListener('SIGINT', stop);
  }
}
