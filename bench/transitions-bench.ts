// Benchmark (b): state transitions of one seed-form execution whose RDS instance takes 15
// simulated minutes, counted from the real ASL run, and how long after the database became
// available the app was applied.
import { join } from 'node:path';
import { SimulatedClock } from '../test/support/simulated-clock';
import { EXAMPLE_DIR, startLocalEnvironment } from '../local/local-environment';

export interface TransitionsBenchResult {
  transitions: number;
  checks: number;
  simulatedMinutes: number;
  appAppliedSecondsAfterAvailable: number;
}

export async function runTransitionsBench(rdsSeconds = 15 * 60): Promise<TransitionsBenchResult> {
  const clock = new SimulatedClock(new Date('2026-11-24T12:00:00Z'));
  let rdsAppliedAt: Date | undefined;
  let appAppliedAt: Date | undefined;
  const env = await startLocalEnvironment({
    configDir: EXAMPLE_DIR, sqlFiles: [join(EXAMPLE_DIR, 'schema.sql')], clock, rdsReadyAfterSeconds: rdsSeconds,
    beforeTask: async (_execution, state, input) => {
      const id = (input as { id?: string }).id;
      if (state === 'ApplyResource' && id === 'rds-instance') rdsAppliedAt = clock.now();
      if (state === 'ApplyResource' && id === 'app') appAppliedAt = clock.now();
    },
  });
  try {
    await env.db!.query("INSERT INTO nodes (node_id, domain, is_active, db_instance_class, db_storage_gb, plan_type) VALUES ('acme-corp', 'acme.example.com', TRUE, 'db.t3.small', 50, 'pro')");
    const started = clock.now();
    await env.sync();
    const [result] = await env.settle();
    if (result.status !== 'SUCCEEDED' || !rdsAppliedAt || !appAppliedAt) throw new Error(`bench execution did not succeed: ${result.error} ${result.cause}`);
    const availableAt = rdsAppliedAt.getTime() + rdsSeconds * 1000;
    return {
      transitions: result.transitions,
      checks: result.states.filter((s) => s === 'CheckReady').length,
      simulatedMinutes: Math.round((clock.now().getTime() - started.getTime()) / 600) / 100,
      appAppliedSecondsAfterAvailable: Math.round((appAppliedAt.getTime() - availableAt) / 1000),
    };
  } finally {
    await env.stop();
  }
}
