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

/** AWS SDK errors that say "this will not work until someone changes something". */
const PERMANENT_AWS_ERRORS = new Set([
  'AccessDeniedException', 'ResourceNotFoundException', 'DecryptionFailure', 'InvalidRequestException', 'InvalidParameterException',
  'UnrecognizedClientException', 'ValidationException',
]);

/** Wraps an AWS SDK failure so the state machine retries it only when retrying can help. */
export function awsCallError(what: string, err: unknown): Error {
  const name = (err as { name?: string })?.name ?? 'Error';
  const message = `${what}: ${name}: ${(err as { message?: string })?.message ?? String(err)}`;
  return PERMANENT_AWS_ERRORS.has(name) ? new PermanentError(message) : new RetryableError(message);
}
