// Stands in for Step Functions locally. LocalStepFunctions answers StartExecution and
// DescribeExecution exactly as AWS does (DESIGN §11), so the production SfnExecutionStarter runs on
// top of it and local runs and tests exercise the real protocol:
// - same name and same input while that execution runs: 200 with the original ARN and start date;
// - same name once it has closed (any status), or with another input at any time: ExecutionAlreadyExists;
// - DescribeExecution: RUNNING, SUCCEEDED, FAILED (ABORTED / TIMED_OUT when a test says so).
import { DescribeExecutionCommand, ExecutionAlreadyExists, ExecutionDoesNotExist, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionInput } from '../lambdas/core/contracts/workflow-contracts';
import { SfnExecutionStarter, type ExecutionStarter, type StartResult } from '../lambdas/adapters/execution-starter';
import { runExecutionLocally, type LocalExecutionOptions, type LocalExecutionResult } from './local-state-machine';

export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:reconcile-node';

export type LocalExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';

export interface TrackedExecution {
  name: string;
  input: ExecutionInput;
  /** The input exactly as StartExecution received it (JSON text). */
  rawInput: string;
  startDate: Date;
  status: LocalExecutionStatus;
  state?: string;
  result?: LocalExecutionResult;
  done: Promise<LocalExecutionResult>;
}

/** The two Step Functions calls the sync makes, answered as AWS answers them. */
export class LocalStepFunctions {
  readonly executions = new Map<string, TrackedExecution>();

  constructor(private readonly options: LocalExecutionOptions) {}

  send(command: unknown): Promise<unknown> {
    // new Promise: what the handlers throw (ExecutionAlreadyExists, ...) arrives as a rejection, as from the SDK.
    if (command instanceof StartExecutionCommand) return new Promise((resolve) => { resolve(this.startExecution(command.input.name ?? '', command.input.input ?? '{}')); });
    if (command instanceof DescribeExecutionCommand) return new Promise((resolve) => { resolve(this.describeExecution(command.input.executionArn ?? '')); });
    const what = (command as { constructor?: { name?: string } } | null)?.constructor?.name ?? typeof command;
    return Promise.reject(new Error(`LocalStepFunctions: ${what} is not supported`));
  }

  /** What happens when an execution is aborted, or dies before it records anything (tests). */
  close(name: string, status: 'FAILED' | 'ABORTED' | 'TIMED_OUT'): void {
    const execution = this.executions.get(name);
    if (!execution) throw new Error(`no local execution ${name}`);
    execution.status = status;
  }

  private startExecution(name: string, rawInput: string) {
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.rawInput === rawInput) {
        return { executionArn: this.arnOf(name), startDate: existing.startDate };
      }
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${this.arnOf(name)}'`, $metadata: { httpStatusCode: 400 } });
    }
    const input = JSON.parse(rawInput) as ExecutionInput;
    const startDate = this.options.clock.now();
    const tracked: TrackedExecution = { name, input, rawInput, startDate, status: 'RUNNING', done: undefined as never };
    this.executions.set(name, tracked);
    tracked.done = runExecutionLocally(name, input, {
      ...this.options,
      onStateEntered: (execution, state, stateInput) => {
        tracked.state = state;
        this.options.onStateEntered?.(execution, state, stateInput);
      },
    }).then((result) => {
      // A test may have closed it first (abort): that status stands, as in AWS.
      if (tracked.status === 'RUNNING') tracked.status = result.status;
      tracked.result = result;
      return result;
    });
    return { executionArn: this.arnOf(name), startDate };
  }

  private describeExecution(executionArn: string) {
    const name = executionArn.split(':').pop() ?? '';
    const execution = this.executions.get(name);
    if (!execution || this.arnOf(name) !== executionArn) {
      throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${executionArn}'`, $metadata: { httpStatusCode: 400 } });
    }
    return { executionArn, name, status: execution.status, startDate: execution.startDate, input: execution.rawInput };
  }

  private arnOf(name: string): string {
    return `${LOCAL_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`;
  }
}

/** The production starter over the local service: what `lynq-sfn demo` and the tests start executions with. */
export class LocalExecutionStarter implements ExecutionStarter {
  readonly service: LocalStepFunctions;
  private readonly starter: SfnExecutionStarter;

  constructor(options: LocalExecutionOptions) {
    this.service = new LocalStepFunctions(options);
    this.starter = new SfnExecutionStarter({
      client: this.service as never, stateMachineArn: LOCAL_STATE_MACHINE_ARN,
      // Local starts happen at simulated times: the idempotent-200 check compares with that clock.
      serviceNowMs: () => options.clock.now().getTime(),
    });
  }

  get executions(): Map<string, TrackedExecution> {
    return this.service.executions;
  }

  start(name: string, input: ExecutionInput): Promise<StartResult> {
    return this.starter.start(name, input);
  }

  /** Resolves when every execution started so far has finished. */
  async settle(): Promise<LocalExecutionResult[]> {
    const results: LocalExecutionResult[] = [];
    const awaited = new Set<TrackedExecution>();
    for (;;) {
      const pending = [...this.executions.values()].filter((e) => !awaited.has(e) && !e.result);
      if (pending.length === 0) return results;
      for (const e of pending) awaited.add(e);
      results.push(...(await Promise.all(pending.map((e) => e.done))));
    }
  }
}
