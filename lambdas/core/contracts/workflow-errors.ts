// Errors whose `name` the state machine routes on (Catch/Retry match on the error name).
import { ERROR_PERMANENT, ERROR_RETRYABLE, ERROR_SUPERSEDED } from './workflow-contracts';

/** A newer execution claimed the node: this one stops without changing anything. */
export class SupersededError extends Error {
  constructor(nodeName: string, execution: string, owner: string | undefined) {
    super(`LynqNode ${nodeName} is now reconciled by execution ${owner ?? '(none)'}; execution ${execution} stops here`);
    this.name = ERROR_SUPERSEDED;
  }
}

/** Bad input, template or configuration: retrying cannot help. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ERROR_PERMANENT;
  }
}

/** A passing failure of a service we depend on (throttling, a timeout): the state machine retries. */
export class RetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ERROR_RETRYABLE;
  }
}
