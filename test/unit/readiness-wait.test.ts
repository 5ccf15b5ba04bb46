import { LAG_SECONDS, maxChecksWithin, nextWait, phaseWaitSeconds, steadyWaitSeconds } from '../../lambdas/core/readiness/readiness-wait';
import { checkResource } from '../../lambdas/workflow/resource-check';

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

describe('a transient provider error is looked at again soon', () => {
  const waitingSince = new Date('2026-01-01T00:00:00Z');
  const now = new Date('2026-01-01T00:01:00Z'); // 60 s into creating: far from its usual end

  test('nextWait: the steady pace (a minute at most), not the long phase wait; the phase is kept', () => {
    const progressing = nextWait({ baseSeconds: 20, previousPhase: 'creating', previousPhaseSince: waitingSince.toISOString(), waitingSince, now });
    expect(progressing.waitSeconds).toBeGreaterThan(5 * 60);
    const erroring = nextWait({
      baseSeconds: 20, previousPhase: 'creating', previousPhaseSince: waitingSince.toISOString(), waitingSince, now, transientProviderError: true,
    });
    expect(erroring.waitSeconds).toBeLessThanOrEqual(LAG_SECONDS);
    expect(erroring).toMatchObject({ phase: 'creating', phaseSince: waitingSince.toISOString() });
  });

  test('checkResource: a throttled RDS instance met while creating is checked within a minute, and N checks fit in M seconds', () => {
    const throttled = (at: Date) => ({
      apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', metadata: { name: 'db' },
      status: {
        atProvider: { dbInstanceStatus: 'creating' },
        conditions: [
          { type: 'Ready', status: 'False', reason: 'Creating', lastTransitionTime: waitingSince.toISOString() },
          { type: 'Synced', status: 'False', reason: 'ReconcileError', message: 'api error Throttling: Rate exceeded', lastTransitionTime: at.toISOString() },
        ],
      },
    });
    const limits = { maxChecks: 10, maxSeconds: 600 };
    const step = { uid: 'u', form: 'f', execution: 'e', startTime: waitingSince.toISOString(), id: 'rds-instance' };
    const resource = { id: 'rds-instance', waitForReady: true, timeoutSeconds: 1800 };
    const ref = { apiVersion: 'database.aws.crossplane.io/v1beta1', kind: 'RDSInstance', name: 'db' };
    let previous: Parameters<typeof checkResource>[0]['previous'] = { phase: 'creating', phaseSince: waitingSince.toISOString() };
    let t = now;
    const waits: number[] = [];
    for (let i = 1; i < limits.maxChecks; i++) {
      const progress = checkResource({ step, resource, live: throttled(now), ref, waitingSince, previous, transientErrors: limits, now: t });
      expect(progress.outcome).toBe('waiting');
      expect(progress.providerErrorChecks).toBe(i);
      waits.push(progress.waitSeconds);
      previous = progress;
      t = new Date(t.getTime() + progress.waitSeconds * 1000);
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(LAG_SECONDS);
    // The 10th check is the one that fails it: by the check limit, well inside the 600 s one.
    const last = checkResource({ step, resource, live: throttled(now), ref, waitingSince, previous, transientErrors: limits, now: t });
    expect(last.outcome).toBe('failed');
    expect(last.message).toContain('persisted for 10 checks');
  });
});
