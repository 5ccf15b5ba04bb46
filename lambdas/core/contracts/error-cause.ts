// A caught Lambda error's Cause is a JSON document ({"errorType", "errorMessage", "trace"}) in AWS
// and a plain message in the local runner; people should only ever see the message.
export function causeMessage(cause: unknown): string {
  if (typeof cause !== 'string' || cause === '') return 'unknown error';
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch { /* a plain message */ }
  return cause;
}
