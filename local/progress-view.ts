// Live progress of local executions: per node, the current state, the resource being waited
// on, and ready/desired from its LynqNode. Prints a line whenever a node's line changes.
import type { LynqNodeRecord } from '../lambdas/core/contracts/workflow-contracts';
import type { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import type { TrackedExecution } from './local-execution-starter';

export class ProgressView {
  private readonly lastLine = new Map<string, string>();
  private readonly finished = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly records: LynqNodeStore,
    private readonly executions: () => Iterable<TrackedExecution>,
    private readonly print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  start(intervalMs = 250): void {
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.refresh().catch(() => undefined);
  }

  async refresh(): Promise<void> {
    const records = new Map((await this.records.list()).map((r) => [r.name, r]));
    for (const execution of this.executions()) {
      // A finished execution's line is final: later changes to the node belong to newer executions.
      if (this.finished.has(execution.name)) continue;
      if (execution.status !== 'RUNNING') this.finished.add(execution.name);
      const node = `${execution.input.uid}/${execution.input.form ?? ''}`.replace(/\/$/, '');
      const record = [...records.values()].find((r) => r.spec.uid === execution.input.uid && (!execution.input.form || r.spec.form === execution.input.form));
      const line = describe(execution, record);
      const key = execution.name;
      if (this.lastLine.get(key) !== line) {
        this.lastLine.set(key, line);
        this.print(`  ${time()}  ${node.padEnd(28)} ${line}`);
      }
    }
  }
}

function describe(execution: TrackedExecution, record: LynqNodeRecord | undefined): string {
  const counts = record?.status ? `${record.status.readyResources}/${record.status.desiredResources} ready` : '';
  if (execution.status !== 'RUNNING') {
    const result = execution.result;
    const detail = result?.status === 'FAILED' ? `${result.error}: ${result.cause}` : result?.states.includes('Superseded') ? 'superseded by a newer execution' : counts;
    return `${execution.status.padEnd(10)} ${detail}  (${result?.transitions ?? 0} state transitions)`;
  }
  const progressing = record?.status?.conditions.find((c) => c.type === 'Progressing');
  return `${(execution.state ?? 'starting').padEnd(20)} ${counts.padEnd(10)} ${progressing?.status === 'True' ? progressing.message : ''}`.trimEnd();
}

function time(): string {
  return new Date().toISOString().slice(11, 19);
}
