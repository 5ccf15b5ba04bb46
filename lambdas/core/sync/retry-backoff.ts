// When a failed node may be retried (DESIGN §5): exponential backoff per desired hash.

export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 30 * 60_000;

/** Wait after the `retryCount`-th consecutive failure: 30 s, 60 s, 120 s, ... capped at 30 min. */
export function retryBackoffMs(retryCount: number, baseMs = RETRY_BASE_MS, capMs = RETRY_CAP_MS): number {
  const failures = Math.max(1, Math.floor(retryCount));
  // 2^(n-1) overflows to Infinity for huge n; min() then yields the cap.
  return Math.min(capMs, baseMs * 2 ** (failures - 1));
}

/** When the sync retries a node that failed at `lastFailureTime` (undefined: at once). */
export function retryDueAt(retryCount: number, lastFailureTime: string | undefined): Date | undefined {
  if (!lastFailureTime) return undefined;
  const failedAt = Date.parse(lastFailureTime);
  if (Number.isNaN(failedAt)) return undefined;
  return new Date(failedAt + retryBackoffMs(retryCount));
}

/** True when the backoff since `lastFailureTime` has elapsed (or the time is unknown). */
export function retryIsDue(retryCount: number, lastFailureTime: string | undefined, now: Date): boolean {
  const due = retryDueAt(retryCount, lastFailureTime);
  return due === undefined || now.getTime() >= due.getTime();
}
