// From statemachines/reconcile-node.asl.json straight to the code: each Choice's Comment names the
// one function that sets the value it routes on, each Task's Comment names the task it runs, and
// the handler deployed for each Task resource runs that same task (issue 10 point 3).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFINITION_PATH } from '../../local/local-state-machine';
import { STATE_MACHINE_TASKS, isStateMachineTaskName } from '../../lambdas/workflow/state-machine-tasks';
import { PROJECT_ROOT, TASK_FUNCTIONS, TASK_FUNCTION_NAMES } from '../../lib/lynq-functions';

interface AslState {
  Type: string;
  Comment?: string;
  Resource?: string;
  Choices?: { Variable: string }[];
  ItemProcessor?: { States: Record<string, AslState> };
}

function allStates(states: Record<string, AslState>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, state]) => [[name, state] as [string, AslState], ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : [])]);
}

const definition = JSON.parse(readFileSync(DEFINITION_PATH, 'utf8')) as { States: Record<string, AslState> };
const states = allStates(definition.States);
const choices = states.filter(([, s]) => s.Type === 'Choice');
const tasks = states.filter(([, s]) => s.Type === 'Task');

/** The named export of a project file, loaded the way the handlers load it. */
async function exported(path: string, name: string): Promise<unknown> {
  expect(existsSync(join(PROJECT_ROOT, path))).toBe(true);
  return ((await import(join(PROJECT_ROOT, path))) as Record<string, unknown>)[name];
}

describe('each Choice names the function that sets what it routes on', () => {
  test('the definition has Choices', () => {
    expect(choices.map(([name]) => name).sort()).toEqual(['HasMoreLevels', 'RouteAction', 'RouteResource']);
  });

  test.each(choices)('%s', async (_name, state) => {
    const match = /^Routes on (\$\.\w+), set by (\w+) \((lambdas\/[\w/-]+\.ts)\)/.exec(state.Comment ?? '');
    expect(match).not.toBeNull();
    const [, variable, fn, path] = match!;
    expect(new Set(state.Choices!.map((c) => c.Variable))).toEqual(new Set([variable]));
    expect(typeof (await exported(path, fn))).toBe('function');
  });

  // "The one function": no other workflow or adapter code sets these routed values.
  test.each([
    ['lambdas/workflow/load-node.ts', /\baction: '(apply|delete)'/],
    ['lambdas/workflow/resource-check.ts', /\boutcome: '(waiting|deleting)'/],
    ['lambdas/workflow/record-level-step.ts', /'pending'/],
  ])('only %s sets %s', (owner, pattern) => {
    const setters = ['lambdas/workflow', 'lambdas/adapters']
      .flatMap((dir) => readdirSync(join(PROJECT_ROOT, dir)).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`))
      .filter((file) => pattern.test(readFileSync(join(PROJECT_ROOT, file), 'utf8')));
    expect(setters).toEqual([owner]);
  });
});

describe('each Task names the task it runs, and that is what its resource runs everywhere', () => {
  test.each(tasks)('%s', async (_name, state) => {
    const match = /Runs (\w+) \((lambdas\/[\w/-]+\.ts)\)\.$/.exec(state.Comment ?? '');
    expect(match).not.toBeNull();
    const [, task, path] = match!;
    const resource = /^\$\{(\w+)\}$/.exec(state.Resource ?? '')?.[1] ?? '';
    expect(isStateMachineTaskName(resource)).toBe(true);
    // The local runner runs STATE_MACHINE_TASKS[resource]; the comment names that very function.
    expect(STATE_MACHINE_TASKS[resource as keyof typeof STATE_MACHINE_TASKS]).toBe(await exported(path, task));
  });

  test.each(TASK_FUNCTION_NAMES)('the %s Lambda handler runs the task of its resource', (file) => {
    const task = STATE_MACHINE_TASKS[TASK_FUNCTIONS[file]];
    const source = readFileSync(join(PROJECT_ROOT, 'lambdas', 'handlers', `${file}.ts`), 'utf8');
    expect(source).toContain(`export const handler = taskHandler(${task.name});`);
  });

  test('every task has a deployed function', () => {
    expect(Object.values(TASK_FUNCTIONS).sort()).toEqual(Object.keys(STATE_MACHINE_TASKS).sort());
  });
});
