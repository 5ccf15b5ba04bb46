// Stands in for Step Functions' StartExecution locally: runs each execution in-process and,
// like AWS, treats a name it has already seen as "already exists".
import type { ExecutionInput } from '../lambdas/core/workflow-contracts';
import type { ExecutionStarter } from '../lambdas/adapters/execution-starter';
import { runExecutionLocally, type LocalExecutionOptions, type LocalExecutionResult } from './local-state-machine';

export interface TrackedExecution {
  name: string;
  input: ExecutionInput;
  status: 'RUNNING' | LocalExecutionResult['status'];
  state?: string;
  result?: LocalExecutionResult;
  done: Promise<LocalExecutionResult>;
}

export class LocalExecutionStarter implements ExecutionStarter {
  readonly executions = new Map<string, TrackedExecution>();

  constructor(private readonly options: LocalExecutionOptions) {}

  async start(name: string, input: ExecutionInput): Promise<'started' | 'already-exists'> {
    if (this.executions.has(name)) return 'already-exists';
    const tracked: TrackedExecution = { name, input, status: 'RUNNING', done: undefined as never };
    this.executions.set(name, tracked);
    tracked.done = runExecutionLocally(name, input, {
      ...this.options,
      onStateEntered: (execution, state, stateInput) => {
        tracked.state = state;
        this.options.onStateEntered?.(execution, state, stateInput);
      },
    }).then((result) => {
      tracked.status = result.status;
      tracked.result = result;
      return result;
    });
    return 'started';
  }

  /** Resolves when every execution started so far has finished. */
  async settle(): Promise<LocalExecutionResult[]> {
    let pending = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    const results: LocalExecutionResult[] = [];
    while (pending.length > 0) {
      results.push(...(await Promise.all(pending.map((e) => e.done))));
      pending = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
    }
    return results;
  }
}
