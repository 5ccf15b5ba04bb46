import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import type { FormConfig, ResourceTemplate } from '../../lambdas/core/config/config-model';
import { executionBudget, executionBudgetViolations, MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES } from '../../lambdas/core/config/execution-budget';
import { assertExecutionBudget } from '../../lib/reconcile-state-machine';

const seed = loadProjectConfig(`${__dirname}/../../examples/database-per-node`).forms[0];

function formWith(count: number, timeoutSeconds: number): FormConfig {
  const template = seed.resources[0];
  const resources: ResourceTemplate[] = Array.from({ length: count }, (_, i) => ({ ...template, id: `r${i}`, dependIds: [], timeoutSeconds }));
  return { ...seed, name: `wide-${count}`, resources };
}

describe('worst-case execution budget (checked at synth)', () => {
  test('the seed form fits well within both limits', () => {
    const budget = executionBudget(seed);
    expect(budget.historyEvents).toBeLessThan(MAX_HISTORY_EVENTS / 5);
    expect(budget.payloadBytes).toBeLessThan(MAX_PAYLOAD_BYTES);
    expect(executionBudgetViolations([seed])).toEqual([]);
  });

  test('a form whose resources could all poll for an hour would pass 25,000 events: refused with a way out', () => {
    const problems = executionBudgetViolations([formWith(20, 3600)]);
    expect(problems).toEqual([expect.stringMatching(/form wide-20: .* history events, more than Step Functions' 25000; lower the resources' timeoutSeconds/)]);
    expect(() => { assertExecutionBudget([formWith(20, 3600)]); }).toThrow(/wide-20/);
  });

  test('a form with so many resources that its state could pass 256 KB is refused', () => {
    const problems = executionBudgetViolations([formWith(300, 30)]);
    expect(problems.some((p) => /more than Step Functions' 262144/.test(p))).toBe(true);
  });

  test('events grow linearly with resources, not with their square', () => {
    const ten = executionBudget(formWith(10, 300)).historyEvents;
    const twenty = executionBudget(formWith(20, 300)).historyEvents;
    const forty = executionBudget(formWith(40, 300)).historyEvents;
    expect(forty - twenty).toBe(2 * (twenty - ten));
  });
});
