import { LAG_SECONDS, maxChecksWithin, nextWait, phaseWaitSeconds, steadyWaitSeconds } from '../../lambdas/core/readiness-wait';

/** Checks a provider in `phases` (seconds each, then available) gets, and how late the last one is. */
function simulate(phases: [string, number][]): { checks: number; lagSeconds: number } {
  const end = phases.reduce((sum, [, s]) => sum + s, 0);
  let t = 0;
  let checks = 0;
  for (;;) {
    let start = 0;
    const current = phases.find(([, s]) => { start += s; return t < start; });
    if (!current) return { checks, lagSeconds: t - end };
    const since = start - current[1];
    t += phaseWaitSeconds({ phase: current[0], phaseAgeSeconds: t - since });
    checks++;
  }
}

describe('adaptive waits for a cloud database', () => {
  test('a 15-minute creating costs a handful of checks and is followed within a minute', () => {
    const { checks, lagSeconds } = simulate([['creating', 900]]);
    expect(checks).toBeLessThanOrEqual(5);
    expect(lagSeconds).toBeLessThanOrEqual(LAG_SECONDS);
  });

  test('creating 20 min then backing-up 8 min: at most 10 checks, available followed within a minute', () => {
    const { checks, lagSeconds } = simulate([['creating', 1200], ['backing-up', 480]]);
    expect(checks).toBeLessThanOrEqual(10);
    expect(lagSeconds).toBeLessThanOrEqual(LAG_SECONDS);
  });

  test('long while the usual end is far, short around it, growing when a phase overruns (capped)', () => {
    expect(phaseWaitSeconds({ phase: 'creating', phaseAgeSeconds: 0 })).toBeGreaterThan(8 * 60);
    expect(phaseWaitSeconds({ phase: 'creating', phaseAgeSeconds: 14 * 60 })).toBe(LAG_SECONDS);
    expect(phaseWaitSeconds({ phase: 'creating', phaseAgeSeconds: 16 * 60 })).toBe(LAG_SECONDS);
    expect(phaseWaitSeconds({ phase: 'creating', phaseAgeSeconds: 20 * 60 })).toBe(300);
    expect(phaseWaitSeconds({ phase: 'modifying', phaseAgeSeconds: 0 })).toBe(LAG_SECONDS);
  });

  test('the phase start is the provider\'s transition time, or what this execution remembered', () => {
    const now = new Date('2026-01-01T00:10:00Z');
    const waitingSince = new Date('2026-01-01T00:09:00Z');
    const reported = nextWait({ baseSeconds: 55, phase: { name: 'creating', since: '2026-01-01T00:00:00Z' }, waitingSince, now });
    expect(reported).toMatchObject({ phase: 'creating', phaseSince: '2026-01-01T00:00:00.000Z' });
    const remembered = nextWait({ baseSeconds: 55, phase: { name: 'creating' }, previousPhase: 'creating', previousPhaseSince: '2026-01-01T00:05:00.000Z', waitingSince, now });
    expect(remembered.phaseSince).toBe('2026-01-01T00:05:00.000Z');
    const future = nextWait({ baseSeconds: 55, phase: { name: 'creating', since: '2026-01-01T01:00:00Z' }, waitingSince, now });
    expect(future.phaseSince).toBe(now.toISOString());
  });
});

describe('steady waits for everything else', () => {
  test('the kind\'s pace at first, slower the longer the wait, never above a minute', () => {
    expect(steadyWaitSeconds(5, 0)).toBe(5);
    expect(steadyWaitSeconds(5, 100)).toBe(25);
    expect(steadyWaitSeconds(5, 3000)).toBe(LAG_SECONDS);
  });

  test('the number of checks within a timeout is bounded (the synth-time budget relies on it)', () => {
    expect(maxChecksWithin(300)).toBeLessThan(30);
    expect(maxChecksWithin(3600)).toBeLessThan(90);
  });
});
