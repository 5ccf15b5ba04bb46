// The client-side rate limiter of the StartExecution client (DESIGN §5). The SDK's adaptive retry
// strategy asks it for a token before every attempt, retries included, so no call bypasses it:
// a fixed cap (the configured starts per second) in front of the SDK's own adaptive limiter, which
// slows down after a ThrottlingException and recovers as calls succeed.
import { DefaultRateLimiter, type RateLimiter } from '@smithy/util-retry';

export class CappedRateLimiter implements RateLimiter {
  constructor(
    private readonly cap: TokenBucket,
    private readonly adaptive: RateLimiter = new DefaultRateLimiter(),
  ) {}

  async getSendToken(): Promise<void> {
    await this.cap.take();
    await this.adaptive.getSendToken();
  }

  updateClientSendingRate(response: unknown): void {
    this.adaptive.updateClientSendingRate(response);
  }
}

/** Serialised token bucket holding one second's worth: `take()` resolves when a call may go. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly nowMs: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`maxStartsPerSecond must be > 0, got ${ratePerSecond}`);
    this.tokens = Math.max(1, ratePerSecond);
    this.last = nowMs();
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(): Promise<void> {
    for (;;) {
      const now = this.nowMs();
      this.tokens = Math.min(Math.max(1, this.ratePerSecond), this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}
