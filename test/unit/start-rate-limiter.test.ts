import type { RateLimiter } from '@smithy/util-retry';
import { CappedRateLimiter, TokenBucket } from '../../lambdas/adapters/start-rate-limiter';

/** A fake clock: sleep() advances time instead of waiting, and records what was asked. */
function fakeTime() {
  let now = 1_000_000;
  const sleeps: number[] = [];
  return {
    nowMs: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

describe('TokenBucket (the cap on StartExecution calls per second)', () => {
  it('lets one second of calls go at once, then keeps to the rate', async () => {
    const t = fakeTime();
    const bucket = new TokenBucket(5, t.nowMs, t.sleep);
    const stamps: number[] = [];
    await Promise.all(Array.from({ length: 15 }, async () => {
      await bucket.take();
      stamps.push(t.nowMs());
    }));
    expect(stamps).toHaveLength(15);
    expect(stamps.slice(0, 5).every((s) => s === stamps[0])).toBe(true);
    for (let i = 5; i < 15; i++) expect(stamps[i] - stamps[i - 1]).toBe(200);
  });

  it('refills with time and never holds more than one second of tokens', async () => {
    const t = fakeTime();
    const bucket = new TokenBucket(2, t.nowMs, t.sleep);
    await bucket.take();
    await bucket.take();
    expect(t.sleeps).toEqual([]);
    t.advance(60_000); // idle for a minute: still only 2 tokens
    await bucket.take();
    await bucket.take();
    await bucket.take();
    expect(t.sleeps).toEqual([500]);
  });

  it('rejects a non-positive rate', () => {
    const t = fakeTime();
    expect(() => new TokenBucket(0, t.nowMs, t.sleep)).toThrow(/maxStartsPerSecond/);
  });
});

describe('CappedRateLimiter', () => {
  /** Stands in for the SDK's DefaultRateLimiter: records what the retry strategy tells it. */
  function recordingAdaptive() {
    const events: string[] = [];
    const limiter: RateLimiter = {
      getSendToken: async () => { events.push('adaptive token'); },
      updateClientSendingRate: (response: unknown) => { events.push(`update ${JSON.stringify(response)}`); },
    };
    return { limiter, events };
  }

  it('every token passes the cap first, then the adaptive limiter', async () => {
    const t = fakeTime();
    const adaptive = recordingAdaptive();
    const limiter = new CappedRateLimiter(new TokenBucket(1, t.nowMs, t.sleep), adaptive.limiter);
    await limiter.getSendToken();
    await limiter.getSendToken();
    expect(adaptive.events).toEqual(['adaptive token', 'adaptive token']);
    expect(t.sleeps).toEqual([1000]); // the second waited for the cap
  });

  it('passes throttling and success answers to the adaptive limiter', () => {
    const t = fakeTime();
    const adaptive = recordingAdaptive();
    const limiter = new CappedRateLimiter(new TokenBucket(1, t.nowMs, t.sleep), adaptive.limiter);
    limiter.updateClientSendingRate({ errorType: 'THROTTLING' });
    limiter.updateClientSendingRate({});
    expect(adaptive.events).toEqual(['update {"errorType":"THROTTLING"}', 'update {}']);
  });
});
