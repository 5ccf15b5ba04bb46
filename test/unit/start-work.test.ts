import type { ExecutionStarter, StartResult } from '../../lambdas/adapters/execution-starter';
import type { PlannedStart } from '../../lambdas/core/sync/sync-plan';
import { startWork } from '../../lambdas/workflow/start-work';

const work = (count: number): PlannedStart[] => Array.from({ length: count }, (_, i) => ({
  name: `n${i}-f-h`, input: { uid: `n${i}`, form: 'f' }, uid: `n${i}`, form: 'f', reason: 'update', desiredHash: 'h',
}));

/** A starter whose calls end only when the test says so: how many are in flight is exact. */
function heldStarter() {
  const pending: { name: string; end: (result: StartResult | Error) => void }[] = [];
  /** Ends the call for `name` (it leaves `pending`). */
  const end = (name: string, result: StartResult | Error) => {
    const index = pending.findIndex((p) => p.name === name);
    const [call] = pending.splice(index, 1);
    call.end(result);
  };
  let inFlight = 0;
  let maxInFlight = 0;
  const starter: ExecutionStarter = {
    start: (name) => new Promise<StartResult>((resolve, reject) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push({ name, end: (r) => { inFlight--; if (r instanceof Error) reject(r); else resolve(r); } });
    }),
  };
  return { starter, pending, end, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('startWork', () => {
  it('keeps at most inFlight calls going, takes the items in order, and a failure stops nothing', async () => {
    const held = heldStarter();
    const failed: string[] = [];
    const done = startWork(work(5), { starter: held.starter, inFlight: 2, stopAtMs: 0, onStarted: () => undefined, onFailed: (item) => failed.push(item.name) });
    await tick();
    expect(held.pending.map((p) => p.name)).toEqual(['n0-f-h', 'n1-f-h']);
    held.end('n1-f-h', new Error('ThrottlingException'));
    await tick();
    expect(held.pending.map((p) => p.name)).toEqual(['n0-f-h', 'n2-f-h']);
    for (const name of ['n0-f-h', 'n2-f-h', 'n3-f-h', 'n4-f-h']) {
      held.end(name, 'started');
      await tick();
    }
    await expect(done).resolves.toEqual(['started', 'failed', 'started', 'started', 'started']);
    expect(held.maxInFlight()).toBe(2);
    expect(failed).toEqual(['n1-f-h']);
  });

  it('dispatches nothing once the remaining time is under stopAtMs; calls in flight still end', async () => {
    const held = heldStarter();
    let remaining = 40_000;
    const done = startWork(work(4), { starter: held.starter, inFlight: 2, remainingMs: () => remaining, stopAtMs: 30_000, onStarted: () => undefined, onFailed: () => undefined });
    await tick();
    expect(held.pending).toHaveLength(2);
    remaining = 29_999;
    held.end('n0-f-h', 'started');
    held.end('n1-f-h', 'already-exists');
    await expect(done).resolves.toEqual(['started', 'already-exists', 'deferred', 'deferred']);
  });
});
