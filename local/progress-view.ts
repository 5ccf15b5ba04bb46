// Live progress of local executions: per node, the current state, the resource being waited
// on, and ready/desired from its LynqNode. Prints a line whenever a node's line changes.
// Records come from a watch (one list, then changes), so a periodic refresh costs no API call
// and one map lookup per running execution: it stays fast with 20k nodes.
import type { LynqNodeRecord } from '../lambdas/core/contracts/workflow-contracts';
import type { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import type { TrackedExecution } from './local-execution-starter';
import { followLynqNodes, type LynqNodeChanges, type LynqNodeFollower } from './lynqnode-follower';

/** Starts following the records; the default watches the store's namespace. */
export type FollowRecords = (changes: LynqNodeChanges) => LynqNodeFollower;

export class ProgressView {
  private readonly lastLine = new Map<string, string>();
  private readonly finished = new Set<string>();
  /** Records by node (uid and form), and by uid alone for executions that name no form. */
  private readonly byNode = new Map<string, LynqNodeRecord>();
  private readonly byUid = new Map<string, LynqNodeRecord>();
  /** What each running execution's line was last made from. */
  private readonly seen = new Map<string, { record?: LynqNodeRecord; state?: string }>();
  private timer: NodeJS.Timeout | undefined;
  private follower: LynqNodeFollower | undefined;
  private readonly follow: FollowRecords;

  constructor(
    private readonly records: LynqNodeStore,
    private readonly executions: () => Iterable<TrackedExecution>,
    private readonly print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    follow?: FollowRecords,
  ) {
    this.follow = follow ?? ((changes) => followLynqNodes(records.connection, records.namespace, changes));
  }

  start(intervalMs = 250): void {
    this.follower = this.follow({
      onChange: (record) => { this.remember(record); },
      onDelete: (record) => { this.forget(record); },
    });
    this.timer = setInterval(() => { this.render(); }, intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.follower?.stop();
    this.follower = undefined;
    await this.refresh().catch(() => undefined);
  }

  /** Reads every record afresh (the watch may not have delivered the latest changes yet), then renders. */
  async refresh(): Promise<void> {
    const records = await this.records.list();
    this.byNode.clear();
    this.byUid.clear();
    for (const record of records) this.remember(record);
    this.render();
  }

  /** Prints the lines that changed, from the records the view holds. */
  render(): void {
    for (const execution of this.executions()) {
      // A finished execution's line is final: later changes to the node belong to newer executions.
      if (this.finished.has(execution.name)) continue;
      const { uid, form } = execution.input;
      const record = form ? this.byNode.get(nodeKey(uid, form)) : this.byUid.get(uid);
      // Records are replaced, never changed in place: the same record and state give the same line.
      const seen = this.seen.get(execution.name);
      if (execution.status === 'RUNNING' && seen?.record === record && seen?.state === execution.state) continue;
      this.seen.set(execution.name, { record, state: execution.state });
      if (execution.status !== 'RUNNING') this.finished.add(execution.name);
      const line = describe(execution, record);
      const key = execution.name;
      if (this.lastLine.get(key) !== line) {
        this.lastLine.set(key, line);
        const node = `${uid}/${form ?? ''}`.replace(/\/$/, '');
        this.print(`  ${time()}  ${node.padEnd(28)} ${line}`);
      }
    }
  }

  private remember(record: LynqNodeRecord): void {
    this.byNode.set(nodeKey(record.spec.uid, record.spec.form), record);
    const known = this.byUid.get(record.spec.uid);
    // An execution without a form belongs to a one-form hub: the first record of its uid is the one.
    if (!known || known.name === record.name) this.byUid.set(record.spec.uid, record);
  }

  private forget(record: LynqNodeRecord): void {
    this.byNode.delete(nodeKey(record.spec.uid, record.spec.form));
    if (this.byUid.get(record.spec.uid)?.name === record.name) this.byUid.delete(record.spec.uid);
  }
}

function nodeKey(uid: string, form: string): string {
  return `${uid}\0${form}`;
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
