// The definition CDK deploys (the ASL file plus the computed TimeoutSeconds, with its placeholders
// as CloudFormation substitutes them) runs the seed node end to end in the local harness.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SimulatedClock } from '../../local/simulated-clock';
import { buildTestStack, removeTestDirs } from '../unit/cdk-test-app';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../../local/local-environment';
import { appDeployment, condition, insertNode, lynqNode, SCHEMA_SQL, e2eCluster, removeRunObjects, runUid } from './e2e-helpers';

describe('the synthesized state machine definition', () => {
  const ACME = runUid('acme-corp');
  let env: LocalEnvironment;
  let dir: string;
  let definition: { TimeoutSeconds?: number; States: Record<string, unknown> };

  beforeAll(async () => {
    const { template } = buildTestStack();
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as { Properties: { DefinitionString: string; DefinitionSubstitutions: Record<string, unknown> } }[];
    // CloudFormation substitutes each placeholder with a function's ARN; the local runner routes a
    // Task by the placeholder's name, so the synthesized text runs as it is.
    const local = machine.Properties.DefinitionString;
    for (const [, name] of local.matchAll(/\$\{(\w+)\}/g)) expect(Object.keys(machine.Properties.DefinitionSubstitutions)).toContain(name);
    definition = JSON.parse(local);
    dir = mkdtempSync(join(tmpdir(), 'lynq-synth-asl-'));
    writeFileSync(join(dir, 'reconcile-node.asl.json'), local);
    env = await startLocalEnvironment({
      ...e2eCluster('synth'), configDir: EXAMPLE_DIR, sqlFiles: [SCHEMA_SQL], clock: new SimulatedClock(), rdsReadyAfterSeconds: 300,
      definitionPath: join(dir, 'reconcile-node.asl.json'),
    });
  });
  afterAll(async () => {
    await env?.settle().catch(() => undefined);
    await removeRunObjects(env);
    await env?.stop();
    rmSync(dir, { recursive: true, force: true });
    removeTestDirs();
  });

  test('provisions acme-corp exactly like the file it came from', async () => {
    expect(definition.TimeoutSeconds).toBeGreaterThan(1800);
    await insertNode(env, ACME);
    await env.sync();
    const [result] = await env.settle();
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states).toEqual(expect.arrayContaining(['LoadNode', 'ApplyLevel', 'ApplyResource', 'CheckReady', 'WaitBeforeNextCheck', 'RecordLevel', 'RecordReady']));
    expect(condition(await lynqNode(env, ACME), 'Ready')?.status).toBe('True');
    expect(await appDeployment(env, ACME)).toBeDefined();
  });
});
