import { readFileSync } from 'node:fs';
import aslValidator from 'asl-validator';
import { DEFINITION_PATH, loadDefinition } from '../../local/local-state-machine';

const raw = readFileSync(DEFINITION_PATH, 'utf8');

describe('statemachines/reconcile-node.asl.json', () => {
  test('is valid Amazon States Language once its function ARNs are substituted', () => {
    const result = aslValidator(loadDefinition() as never);
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
      expect(retried).toEqual(expect.arrayContaining(['Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lynq.Retryable']));
      expect(retried).not.toContain('States.ALL');
      expect(retried).not.toContain('Lynq.Permanent');
    }
  });

  test('not-ready goes to the wait, whose length the resource chose', () => {
    const inner = (loadDefinition() as unknown as { States: Record<string, any> }).States.ApplyLevel.ItemProcessor.States;
    expect(inner.CheckReady.Catch[0]).toMatchObject({ ErrorEquals: ['Lynq.NotReady'], Next: 'WaitBeforeNextCheck' });
    expect(inner.WaitBeforeNextCheck).toMatchObject({ Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'CheckReady' });
  });
});
