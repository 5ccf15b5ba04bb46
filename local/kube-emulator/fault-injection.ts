// Faults a test asks for: the next matching request(s) answer an error status (429, 500, 403...)
// or have their connection dropped, so that retry and error paths run against real HTTP.
export interface FaultMatch {
  method?: string;
  pathIncludes?: string;
}

/** An HTTP status to answer with, or 'connection-reset' to destroy the socket unanswered. */
export type FaultResponse = number | 'connection-reset';

interface PendingFault {
  match: FaultMatch;
  response: FaultResponse;
  remaining: number;
}

export class FaultInjector {
  private readonly pending: PendingFault[] = [];

  add(match: FaultMatch, response: FaultResponse, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`failNext: times must be a positive integer, got ${times}`);
    this.pending.push({ match, response, remaining: times });
  }

  /** The fault to serve for this request, if any (consumes one use). */
  take(method: string, path: string): FaultResponse | undefined {
    const fault = this.pending.find(
      (f) => (!f.match.method || f.match.method.toUpperCase() === method) && (!f.match.pathIncludes || path.includes(f.match.pathIncludes)),
    );
    if (!fault) return undefined;
    if (--fault.remaining === 0) this.pending.splice(this.pending.indexOf(fault), 1);
    return fault.response;
  }

  pendingCount(): number {
    return this.pending.reduce((n, f) => n + f.remaining, 0);
  }

  clear(): void {
    this.pending.length = 0;
  }
}
