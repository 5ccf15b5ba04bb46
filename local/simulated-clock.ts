// Time as the test rig sees it. The local runner advances a SimulatedClock on each Wait state,
// so a 15-minute RDS creation takes no real time; everything else uses systemClock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

export class SimulatedClock implements Clock {
  private currentMs: number;

  constructor(start: Date = new Date()) {
    this.currentMs = start.getTime();
  }

  now(): Date {
    return new Date(this.currentMs);
  }

  /** Moves time forward; going backwards would break every "elapsed since" computation. */
  advance(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`SimulatedClock.advance: seconds must be a finite number >= 0, got ${seconds}`);
    this.currentMs += seconds * 1000;
  }
}
