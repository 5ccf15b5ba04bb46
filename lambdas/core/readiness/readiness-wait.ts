// How long WaitBeforeNextCheck waits before the next readiness check (DESIGN §6). Pure.
//
// Two goals pull against each other: every check costs three billed state transitions
// (Wait, CheckReady, RouteResource), yet a database that becomes available should be followed
// within a minute. A cloud database does not become available at a random moment: it passes
// through phases (`creating`, then usually `backing-up`) whose usual durations are known. So
// the wait is long while the end of a phase is still far off, short (LAG_SECONDS) around the
// time the phase usually ends, and grows again when a phase overruns by a lot.
//
// Objects without phases (workloads, namespaces, custom resources) are polled at the pace the
// readiness rules chose for their kind, slowed down as the wait drags on, so that a resource
// stuck for its whole timeout costs a bounded number of checks (maxChecksWithin).

/** Longest gap between a database becoming available and the check that sees it. */
export const LAG_SECONDS = 55;
/** Shortest wait between two checks of any object. */
export const MIN_WAIT_SECONDS = 2;
/** Longest single wait: even a phase that overruns is looked at every few minutes. */
export const MAX_WAIT_SECONDS = 300;

/**
 * Usual duration of a cloud database's phases (RDS `DBInstanceStatus`), in seconds. `creating`
 * of a small instance takes 10-20 minutes; the first automated backup that follows (`backing-up`)
 * several more. Phases not listed are short transitions (modifying, rebooting, configuring-*).
 */
const USUAL_PHASE_SECONDS: Record<string, number> = {
  creating: 15 * 60,
  'backing-up': 8 * 60,
};
const SHORT_PHASE_SECONDS = 2 * 60;
/** Before the usual end, checks at LAG_SECONDS start this long ahead of it... */
const WINDOW_BEFORE_SECONDS = 90;
/** ...and go on this long past it before backing off. */
const WINDOW_AFTER_SECONDS = 60;

export interface PhaseWaitInput {
  /** The provider's phase, e.g. RDS `creating`. */
  phase: string;
  /** Seconds the object has been in this phase. */
  phaseAgeSeconds: number;
}

/** The wait for a cloud resource in a known phase. */
export function phaseWaitSeconds({ phase, phaseAgeSeconds }: PhaseWaitInput): number {
  const usual = USUAL_PHASE_SECONDS[phase] ?? SHORT_PHASE_SECONDS;
  const age = Math.max(0, phaseAgeSeconds);
  const windowStart = usual - WINDOW_BEFORE_SECONDS;
  const windowEnd = usual + WINDOW_AFTER_SECONDS;
  if (age < windowStart) {
    // Far from the usual end: one long wait, then one more to land at the window's start.
    const remaining = windowStart - age;
    return clamp(remaining <= 4 * 60 ? remaining : remaining * 0.75, LAG_SECONDS, MAX_WAIT_SECONDS * 3);
  }
  if (age <= windowEnd) return LAG_SECONDS;
  // Overrunning: the phase may last much longer still; wait twice the overrun so far.
  return clamp(2 * (age - usual), LAG_SECONDS, MAX_WAIT_SECONDS);
}

/**
 * The wait for an object polled at its kind's pace (`baseSeconds`), `waitingSeconds` into this
 * execution's wait for it: a quarter of the time waited so far once that exceeds the base pace,
 * never more than LAG_SECONDS (a workload that turns ready is followed within a minute).
 */
export function steadyWaitSeconds(baseSeconds: number, waitingSeconds: number): number {
  return clamp(Math.max(baseSeconds, waitingSeconds / 4), MIN_WAIT_SECONDS, LAG_SECONDS);
}

/**
 * Upper bound on readiness checks of one resource within its timeout, whatever its readiness
 * rule answers: the synth-time budget check (history events) relies on it. Phase waits are never
 * shorter than LAG_SECONDS; steady waits follow steadyWaitSeconds from MIN_WAIT_SECONDS.
 */
export function maxChecksWithin(timeoutSeconds: number): number {
  let waited = 0;
  let checks = 1; // the check right after the apply
  while (waited < timeoutSeconds) {
    waited += steadyWaitSeconds(MIN_WAIT_SECONDS, waited);
    checks++;
  }
  return checks;
}

function clamp(value: number, min: number, max: number): number {
  return Math.round(Math.min(max, Math.max(min, value)));
}

export interface NextWaitInput {
  /** The readiness rule's pace for this kind, and the provider phase when it reports one. */
  baseSeconds: number;
  phase?: { name: string; since?: string };
  /** When this execution started waiting for the resource. */
  waitingSince: Date;
  /** The phase this execution saw at its previous check, and since when. */
  previousPhase?: string;
  previousPhaseSince?: string;
  /**
   * The provider reports a transient error (Synced=False it retries itself, e.g. throttling). Its
   * limits count checks and seconds, so it is looked at again soon: at the steady pace, never the
   * long phase waits, which are only for a provider reporting normal progress.
   */
  transientProviderError?: boolean;
  now: Date;
}

export interface NextWait {
  waitSeconds: number;
  phase?: string;
  phaseSince?: string;
}

/** The wait before the next check, and the phase to remember for the one after. */
export function nextWait(input: NextWaitInput): NextWait {
  const { now } = input;
  // A provider that reports no phase yet keeps the one this execution assumed or saw last.
  const phase = input.phase ?? (input.previousPhase ? { name: input.previousPhase } : undefined);
  const steady = () => steadyWaitSeconds(input.baseSeconds, (now.getTime() - input.waitingSince.getTime()) / 1000);
  if (!phase) return { waitSeconds: steady() };
  const since = phaseStart({ ...input, phase });
  if (input.transientProviderError) {
    // Short wait, but the phase and its start are kept: once the error clears, the adaptive wait
    // resumes from the phase's true age.
    return { waitSeconds: steady(), phase: phase.name, phaseSince: since.toISOString() };
  }
  const waitSeconds = phaseWaitSeconds({ phase: phase.name, phaseAgeSeconds: (now.getTime() - since.getTime()) / 1000 });
  return { waitSeconds, phase: phase.name, phaseSince: since.toISOString() };
}

/**
 * The provider's own transition time when it is plausible (not in the future), else when this
 * execution first saw the phase: a resumed execution then errs towards checking too early.
 */
function phaseStart(input: NextWaitInput): Date {
  const reported = input.phase?.since ? Date.parse(input.phase.since) : NaN;
  if (Number.isFinite(reported) && reported <= input.now.getTime()) return new Date(reported);
  const remembered = input.previousPhase === input.phase?.name && input.previousPhaseSince ? Date.parse(input.previousPhaseSince) : NaN;
  return Number.isFinite(remembered) ? new Date(remembered) : input.now;
}
