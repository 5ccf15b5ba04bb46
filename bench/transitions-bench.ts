// Benchmark (b): state transitions of one seed-form execution while its RDS instance is
// provisioned, counted from the real ASL run on a simulated clock, and how long after the
// database became available the app was applied. Two shapes of RDS provisioning:
// `creating` for 15 minutes then available, and `creating` 20 min -> `backing-up` 8 min -> available.
import { join } from 'node:path';
import { SimulatedClock } from '../local/simulated-clock';
import type { RdsPhase } from '../local/controller-simulators/rds-instance-simulator';
import { EXAMPLE_DIR, startLocalEnvironment } from '../local/local-environment';

export interface TransitionsBenchResult {
  scenario: string;
  transitions: number;
  checks: number;
  simulatedMinutes: number;
  appAppliedSecondsAfterAvailable: number;
  /** Tasks that ended in an error (each a Lambda error, an X-Ray fault and a red TaskFailed in AWS). */
  taskErrors: number;
}

export const RDS_SCENARIOS: { scenario: string; phases: RdsPhase[] }[] = [
  { scenario: 'creating 15 min -> available', phases: [{ phase: 'creating', seconds: 15 * 60 }] },
  { scenario: 'creating 20 min -> backing-up 8 min -> available', phases: [{ phase: 'creating', seconds: 20 * 60 }, { phase: 'backing-up', seconds: 8 * 60 }] },
];

export async function runTransitionsBench(phases: RdsPhase[] = RDS_SCENARIOS[0].phases, scenario = RDS_SCENARIOS[0].scenario): Promise<TransitionsBenchResult> {
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));
  const rdsSeconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  let rdsAppliedAt: Date | undefined;
  let appAppliedAt: Date | undefined;
  const env = await startLocalEnvironment({
    configDir: EXAMPLE_DIR, sqlFiles: [join(EXAMPLE_DIR, 'schema.sql')], clock, rdsPhases: phases,
    beforeTask: (_execution, state, input) => {
      const id = (input as { id?: string }).id;
      if (state === 'ApplyResource' && id === 'rds-instance' && !rdsAppliedAt) rdsAppliedAt = clock.now();
      if (state === 'ApplyResource' && id === 'app' && !appAppliedAt) appAppliedAt = clock.now();
      return Promise.resolve();
    },
  });
  try {
    const db = env.db;
    if (!db) throw new Error('the bench needs the local environment\'s own database');
    await db.query("INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, plan_type) VALUES ('acme-corp', 'acme.example.com', TRUE, 'db.t3.small', 50, 'pro')");
    const started = clock.now();
    await env.sync();
    const [result] = await env.settle();
    if (result.status !== 'SUCCEEDED' || !rdsAppliedAt || !appAppliedAt) throw new Error(`bench execution did not succeed: ${result.error} ${result.cause}`);
    // The simulated provider starts on the instance right after the apply (same simulated instant).
    const availableAt = rdsAppliedAt.getTime() + rdsSeconds * 1000;
    return {
      scenario,
      transitions: result.transitions,
      checks: result.states.filter((s) => s === 'CheckReady').length,
      simulatedMinutes: Math.round((clock.now().getTime() - started.getTime()) / 600) / 100,
      appAppliedSecondsAfterAvailable: Math.round((appAppliedAt.getTime() - availableAt) / 1000),
      taskErrors: result.taskErrors,
    };
  } finally {
    await env.stop();
  }
}

export async function runAllTransitionsBenches(): Promise<TransitionsBenchResult[]> {
  const results: TransitionsBenchResult[] = [];
  for (const { scenario, phases } of RDS_SCENARIOS) results.push(await runTransitionsBench(phases, scenario));
  return results;
}
