// Starts the sync's ordered work within the invocation's time budget (DESIGN §5): at most
// `inFlight` StartExecution calls at once (the client sets the rate), and none dispatched once
// less than `stopAtMs` remains. What is not dispatched is `deferred`: the plan is stateless, so the
// next round plans it again, and its deterministic name makes a start that did happen answer
// "already exists" there.
import type { ExecutionStarter, StartResult } from '../adapters/execution-starter';
import type { SyncWork } from '../core/sync/start-order';

export type WorkResult = StartResult | 'failed' | 'deferred';

export interface StartWorkOptions {
  starter: ExecutionStarter;
  inFlight: number;
  /** Time left in this invocation (Lambda's getRemainingTimeInMillis); unset: no budget. */
  remainingMs?: () => number;
  /** Dispatch nothing more once less than this remains. */
  stopAtMs: number;
  /** Called once per dispatched item; an error is reported as 'failed' and the others go on. */
  onStarted(item: SyncWork, result: StartResult): void;
  onFailed(item: SyncWork, error: unknown): void;
}

/** Results in the order of `work`. */
export async function startWork(work: readonly SyncWork[], options: StartWorkOptions): Promise<WorkResult[]> {
  const results = new Array<WorkResult>(work.length).fill('deferred');
  const outOfTime = () => options.remainingMs !== undefined && options.remainingMs() < options.stopAtMs;
  const queue = work.entries(); // shared by the workers: each item is taken once, in order
  const worker = async () => {
    while (!outOfTime()) {
      const taken = queue.next();
      if (taken.done) return;
      const [i, item] = taken.value;
      try {
        const result = await options.starter.start(item.name, item.input);
        results[i] = result;
        options.onStarted(item, result);
      } catch (err) {
        results[i] = 'failed';
        options.onFailed(item, err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.inFlight, work.length)) }, worker));
  return results;
}
