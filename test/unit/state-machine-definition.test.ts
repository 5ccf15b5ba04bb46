import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { DEFINITION_PATH, loadDefinition } from '../../local/local-state-machine';

const raw = readFileSync(DEFINITION_PATH, 'utf8');

describe('statemachines/reconcile-node.asl.json', () => {
  test('is valid Amazon States Language once its function ARNs are substituted', () => {
    const result = aslValidator(loadDefinition());
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  test('uses JSONPath (not JSONata) and only the documented substitutions', () => {
    expect(raw).not.toContain('JSONata');
    const placeholders = [...new Set([...raw.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
    expect(placeholders).toEqual([
      'ApplyResourceFunctionArn', 'CheckReadyFunctionArn', 'DeleteResourcesFunctionArn', 'LoadNodeFunctionArn', 'RecordLevelFunctionArn', 'RecordResultFunctionArn',
    ]);
  });

  test('has the state names users see in the console', () => {
    const definition = loadDefinition() as unknown as { States: Record<string, any> };
    const top = Object.keys(definition.States);
    const inner = Object.keys(definition.States.ApplyLevel.ItemProcessor.States);
    for (const name of ['LoadNode', 'ApplyLevel', 'RecordReady', 'RecordFailure', 'DeleteResources']) expect(top).toContain(name);
    for (const name of ['ApplyResource', 'CheckReady', 'WaitBeforeNextCheck']) expect(inner).toContain(name);
  });

  test('retries transient errors but never template or validation errors', () => {
    const definition = loadDefinition() as unknown as { States: Record<string, any> };
    const tasks = [
      ...Object.values(definition.States),
      ...Object.values(definition.States.ApplyLevel.ItemProcessor.States),
    ].filter((s: any) => s.Type === 'Task');
    for (const task of tasks) {
      const retried = (task.Retry ?? []).flatMap((r: any) => r.ErrorEquals);
      expect(retried).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.ClientExecutionTimeoutException', 'Lynq.Retryable']));
      // A hung invocation ends; the function's own timeout is shorter (set at synth).
      expect(task.TimeoutSeconds).toBeGreaterThan(0);
      expect(retried).not.toContain('States.ALL');
      expect(retried).not.toContain('Lynq.Permanent');
    }
  });

  test('not ready yet is an outcome routed by a Choice to the wait the check chose, never a caught error', () => {
    const inner = (loadDefinition() as unknown as { States: Record<string, any> }).States.ApplyLevel.ItemProcessor.States;
    expect(raw).not.toContain('Lynq.NotReady');
    expect(inner.ApplyResource.Next).toBe('RouteResource');
    expect(inner.CheckReady.Next).toBe('RouteResource');
    expect(inner.RouteResource.Choices).toEqual([
      { Variable: '$.outcome', StringEquals: 'waiting', Next: 'WaitBeforeNextCheck' },
      { Variable: '$.outcome', StringEquals: 'deleting', Next: 'WaitBeforeReapply' },
    ]);
    expect(inner.WaitBeforeNextCheck).toMatchObject({ Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'CheckReady' });
    expect(inner.WaitBeforeReapply).toMatchObject({ Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'ApplyResource' });
  });

  test('the Map keeps only id, outcome and message per resource, and items carry ids only', () => {
    const map = (loadDefinition() as unknown as { States: Record<string, any> }).States.ApplyLevel;
    expect(map.ResultSelector).toEqual({ 'ids.$': '$[*].id', 'outcomes.$': '$[*].outcome', 'messages.$': '$[*].message' });
    expect(Object.keys(map.ItemSelector).sort()).toEqual(['execution.$', 'form.$', 'id.$', 'startTime.$', 'uid.$']);
  });
});
