// Powertools as the handlers use it: one Logger and one Tracer per function. Each invocation adds
// the Lambda context (request id, cold start) and the node it works on to every log line, and
// runs in its own `## handler` subsegment, under which the Tracer records the HTTPS calls to the
// Kubernetes API and the traced AWS SDK clients (EKS, Secrets Manager, Step Functions).
import { Logger } from '@aws-lambda-powertools/logger';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { mapBundleStackTraces } from './bundle-stack-traces';

mapBundleStackTraces();

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'lynq-sfn';
export const logger = new Logger({ serviceName });
export const tracer = new Tracer({ serviceName });

/** The Lambda context, as far as the handlers use it (the `aws-lambda` types are not a dependency). */
export interface LambdaContext {
  functionName: string;
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** Log keys that say which execution, node and resource a task invocation is about. */
export interface TaskLogKeys {
  execution?: string;
  uid?: string;
  form?: string;
  resource?: string;
}

function stringAt(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/**
 * Reads the keys from any task payload: LoadNode gets `{input: {uid, form}, execution}`, the
 * resource steps `{uid, form, execution, id}`, RecordResult `{run: {...}, execution}`.
 */
export function taskLogKeys(event: unknown): TaskLogKeys {
  const keys: TaskLogKeys = {
    execution: stringAt(event, 'execution') ?? stringAt(event, 'run', 'execution'),
    uid: stringAt(event, 'uid') ?? stringAt(event, 'input', 'uid') ?? stringAt(event, 'run', 'uid'),
    form: stringAt(event, 'form') ?? stringAt(event, 'input', 'form') ?? stringAt(event, 'run', 'form'),
    resource: stringAt(event, 'id'),
  };
  return Object.fromEntries(Object.entries(keys).filter(([, v]) => v !== undefined));
}

/**
 * Runs one invocation with the context and keys on every log line and its own trace subsegment.
 * Keys are temporary: a warm container's next invocation starts without them.
 */
export async function withInvocation<T>(context: LambdaContext | undefined, keys: Record<string, string>, run: () => Promise<T>): Promise<T> {
  if (context) logger.addContext(context);
  logger.appendKeys(keys);
  const segment = tracer.isTracingEnabled() ? tracer.getSegment() : undefined;
  const subsegment = segment?.addNewSubsegment(`## ${process.env._HANDLER ?? 'handler'}`);
  if (subsegment) {
    tracer.setSegment(subsegment);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    for (const [key, value] of Object.entries(keys)) tracer.putAnnotation(key, value);
  }
  try {
    return await run();
  } catch (error) {
    if (subsegment) tracer.addErrorAsMetadata(error as Error);
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
    logger.resetKeys();
  }
}
