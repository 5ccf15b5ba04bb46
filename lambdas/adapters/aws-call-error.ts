// How a failed AWS SDK call reaches the state machine: as an error it retries, or one it does not.
import { PermanentError, RetryableError } from '../core/contracts/workflow-errors';

/** AWS SDK errors that say "this will not work until someone changes something". */
const PERMANENT_AWS_ERRORS = new Set([
  'AccessDeniedException', 'ResourceNotFoundException', 'DecryptionFailure', 'InvalidRequestException', 'InvalidParameterException',
  'UnrecognizedClientException', 'ValidationException',
]);

/** Wraps an AWS SDK failure so the state machine retries it only when retrying can help. */
export function awsCallError(what: string, err: unknown): Error {
  const { name = 'Error', message: said } = err instanceof Error ? err : { name: undefined, message: undefined };
  const message = `${what}: ${name}: ${said ?? String(err)}`;
  return PERMANENT_AWS_ERRORS.has(name) ? new PermanentError(message) : new RetryableError(message);
}
