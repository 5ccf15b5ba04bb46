// Errors whose `name` the state machine routes on (Catch/Retry match on the error name).
import { ERROR_NOT_READY, ERROR_PERMANENT, ERROR_SUPERSEDED } from './workflow-contracts';

/** Not ready yet: CheckReady's Catch sends the execution to WaitBeforeNextCheck. */
export class NotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = ERROR_NOT_READY;
  }
}

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
