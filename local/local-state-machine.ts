// Runs statemachines/reconcile-node.asl.json in-process with aws-local-stepfunctions: the real
// definition, every Task routed to the code its Lambda handler runs (STATE_MACHINE_TASKS), Waits shortened. With a simulated clock,
// each WaitBeforeNextCheck advances the clock by the seconds it would have waited on AWS.
import './promise-with-resolvers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { ExecutionInput } from '../lambdas/core/contracts/workflow-contracts';
import { isStateMachineTaskName, STATE_MACHINE_TASKS, type StateMachineTaskName } from '../lambdas/workflow/state-machine-tasks';
import { withRowValuesRedacted } from '../lambdas/workflow/row-value-guard';
import type { WorkflowDeps } from '../lambdas/workflow/workflow-deps';
import { PACKAGE_ROOT } from './package-root';

export const DEFINITION_PATH = join(PACKAGE_ROOT, 'statemachines', 'reconcile-node.asl.json');

const LOCAL_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

/** The ASL file with its `${...FunctionArn}` placeholders resolved to local ARNs. */
export function loadDefinition(path = DEFINITION_PATH): StateMachineDefinition {
  const text = readFileSync(path, 'utf8').replace(/\$\{(\w+)\}/g, (_, name: string) => `${LOCAL_ARN_PREFIX}${name}`);
  return JSON.parse(text) as StateMachineDefinition;
}

export interface SimulatableClock {
  now(): Date;
  advance?(seconds: number): void;
}

export interface LocalExecutionOptions {
  deps: WorkflowDeps;
  clock: SimulatableClock;
  /** Real milliseconds a Wait or retry interval takes locally. */
  waitMs?: number;
  definitionPath?: string;
  onStateEntered?(execution: string, state: string, input: unknown): void;
  /** Awaited before each Task runs: lets tests hold an execution at a precise point. */
  beforeTask?(execution: string, state: string, input: unknown): Promise<void>;
  /** Awaited after each Task returned (not when it threw). */
  afterTask?(execution: string, state: string, output: unknown): Promise<void>;
}

export interface LocalExecutionResult {
  name: string;
  input: ExecutionInput;
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: string;
  cause?: string;
  /** States entered, Map iterations included: what AWS bills as state transitions. */
  transitions: number;
  states: string[];
  /** Tasks whose function threw (retried or caught): each is a Lambda error in AWS. */
  taskErrors: number;
}

export async function runExecutionLocally(name: string, input: ExecutionInput, options: LocalExecutionOptions): Promise<LocalExecutionResult> {
  const definition = loadDefinition(options.definitionPath);
  const taskStates = taskStateFunctions(definition);
  type LocalHandlers = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;
  const handlers: LocalHandlers = {};
  let taskErrors = 0;
  for (const [state, fn] of Object.entries(taskStates)) {
    handlers[state] = (async (stateInput: unknown) => {
      // A Task reached through a Wait (WaitBeforeNextCheck, WaitBeforeReapply) gets the outcome that
      // chose the wait: the simulated clock moves on by the seconds AWS would have waited.
      if (cameFromWait(stateInput)) options.clock.advance?.(stateInput.waitSeconds);
      await options.beforeTask?.(name, state, stateInput);
      let output: unknown;
      try {
        output = await withRowValuesRedacted<unknown>(options.deps, (deps) => STATE_MACHINE_TASKS[fn](deps, stateInput));
      } catch (error) {
        taskErrors++; // in AWS: a Lambda error, an X-Ray fault and a TaskFailed event
        throw error;
      }
      await options.afterTask?.(name, state, output);
      return output as never;
    });
  }
  const waitMs = options.waitMs ?? 10;
  const waits = Object.fromEntries(stateNames(definition, 'Wait').map((s) => [s, waitMs]));
  const retries = Object.fromEntries(Object.keys(taskStates).map((s) => [s, waitMs]));

  const machine = new StateMachine(definition, { validationOptions: { checkArn: true } });
  const execution = machine.run(input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    context: { Execution: { Name: name, StartTime: options.clock.now().toISOString(), Input: input as never } },
  });
  const states: string[] = [];
  const counting = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        states.push(event.state.name);
        options.onStateEntered?.(name, event.state.name, event.state.input);
      }
    }
  })();
  try {
    const output = await execution.result;
    await counting;
    return { name, input, status: 'SUCCEEDED', output, transitions: states.length, states, taskErrors };
  } catch (error) {
    await counting.catch(() => undefined);
    const { errorName, cause } = failureOf(error);
    return { name, input, status: 'FAILED', error: errorName, cause, transitions: states.length, states, taskErrors };
  }
}

function cameFromWait(input: unknown): input is { outcome: string; waitSeconds: number } {
  if (typeof input !== 'object' || input === null) return false;
  const { outcome, waitSeconds } = input as { outcome?: unknown; waitSeconds?: unknown };
  return (outcome === 'waiting' || outcome === 'deleting') && typeof waitSeconds === 'number';
}

/** aws-local-stepfunctions wraps the failing state's error; unwrap to the Error/Cause AWS would show. */
function failureOf(error: unknown): { errorName: string; cause: string } {
  const wrapped = error as { cause?: { name?: string; message?: string }; name?: string; message?: string };
  const inner = wrapped.cause ?? wrapped;
  return { errorName: inner.name ?? 'Error', cause: inner.message ?? String(error) };
}

type AnyStates = Record<string, { Type: string; Resource?: string; ItemProcessor?: { States: AnyStates }; Iterator?: { States: AnyStates } }>;

function walkStates(states: AnyStates, visit: (name: string, state: AnyStates[string]) => void): void {
  for (const [name, state] of Object.entries(states)) {
    visit(name, state);
    const nested = state.ItemProcessor ?? state.Iterator;
    if (nested) walkStates(nested.States, visit);
  }
}

/** Task state name -> the substitution name of the function it invokes. */
function taskStateFunctions(definition: StateMachineDefinition): Record<string, StateMachineTaskName> {
  const result: Record<string, StateMachineTaskName> = {};
  walkStates(definition.States, (name, state) => {
    if (state.Type !== 'Task' || !state.Resource) return;
    const fn = state.Resource.startsWith(LOCAL_ARN_PREFIX) ? state.Resource.slice(LOCAL_ARN_PREFIX.length) : '';
    if (!isStateMachineTaskName(fn)) throw new Error(`statemachine: Task state ${name} invokes ${state.Resource}, which has no handler`);
    result[name] = fn;
  });
  return result;
}

function stateNames(definition: StateMachineDefinition, type: string): string[] {
  const names: string[] = [];
  walkStates(definition.States, (name, state) => { if (state.Type === type) names.push(name); });
  return names;
}
