// Row values stay out of every message that leaves a state machine task (issue 8 point 14): its
// output's messages, its error (message and stack: both reach the execution's Cause), its log
// lines and the condition messages it writes into the LynqNode. A task learns the values from
// what it reads (the hub rows, the LynqNode records), so the guard watches those reads and
// redacts with everything seen, whichever step or adapter built the message.
import type { HubConfig } from '../core/config/config-model';
import { redactRowValues, type RowValues } from '../core/contracts/row-value-redaction';
import type { StructuredLog, WorkflowDeps } from './workflow-deps';

/** Output and error fields that carry prose; ids, names and hashes are left as they are. */
const MESSAGE_KEYS = new Set(['message', 'failureMessages', 'cause', 'error', 'errorMessage']);

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object';

function redactProse(value: unknown, seen: readonly RowValues[]): unknown {
  if (typeof value === 'string') return redactRowValues(value, seen);
  if (Array.isArray(value)) return value.map((item) => redactProse(item, seen));
  if (isObject(value)) return redactMessageFields(value, seen);
  return value;
}

/** Every string of a log line's fields, at any depth. */
function redactStrings(value: unknown, seen: readonly RowValues[]): unknown {
  if (typeof value === 'string') return redactRowValues(value, seen);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, seen));
  if (value instanceof Error) return redactRowValues(String(value), seen);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, seen)]));
  return value;
}

/** A copy of a payload with its message fields (at any depth) redacted. */
export function redactMessageFields<T>(value: T, seen: readonly RowValues[]): T {
  if (seen.length === 0) return value;
  if (Array.isArray(value)) return (value as unknown[]).map((item) => redactMessageFields(item, seen)) as T;
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = MESSAGE_KEYS.has(key) ? redactProse(item, seen) : redactMessageFields(item, seen);
  }
  return out as T;
}

/** The same error, its message and stack redacted (its name, which the state machine routes on, kept). */
function redactError(error: unknown, seen: readonly RowValues[]): unknown {
  if (seen.length === 0 || !(error instanceof Error)) return error;
  const message = redactRowValues(error.message, seen);
  const stack = error.stack === undefined ? undefined : redactRowValues(error.stack, seen);
  try {
    Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true, enumerable: false });
    if (stack !== undefined) Object.defineProperty(error, 'stack', { value: stack, writable: true, configurable: true, enumerable: false });
  } catch {
    return new Error(message);
  }
  return error;
}

/** A row keyed by column, keyed by the variable a hub maps it to where there is one (messages name variables). */
function byVariable(row: Record<string, unknown>, hub: HubConfig): RowValues {
  const out: Record<string, unknown> = {};
  const { uid, activate } = hub.valueMappings;
  const variableOf = new Map(Object.entries(hub.extraValueMappings).map(([variable, column]) => [column, variable]));
  for (const [column, value] of Object.entries(row)) {
    if (column === uid || column === activate) continue;
    out[variableOf.get(column) ?? column] = value;
  }
  return out;
}

function rememberRecords(result: unknown, seen: RowValues[]): void {
  for (const item of Array.isArray(result) ? result : [result]) {
    const values = isObject(item) && isObject(item.spec) ? item.spec.values : undefined;
    if (isObject(values)) seen.push(values);
  }
}

/** A status (or record) with its condition messages redacted. */
function redactConditions(value: unknown, seen: readonly RowValues[]): unknown {
  if (!isObject(value)) return value;
  if (isObject(value.status)) return { ...value, status: redactConditions(value.status, seen) };
  if (!Array.isArray(value.conditions)) return value;
  return { ...value, conditions: value.conditions.map((c: unknown) => (isObject(c) && typeof c.message === 'string' ? { ...c, message: redactRowValues(c.message, seen) } : c)) };
}

/** The record store, remembering the values of every record read, redacting every condition written. */
function guardedRecords<T extends object>(records: T, seen: RowValues[]): T {
  return new Proxy(records, {
    get(target, property) {
      const member = Reflect.get(target, property, target) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const guardedArgs = args.map((arg) =>
          typeof arg === 'function' ? (...inner: unknown[]) => redactConditions((arg as (...a: unknown[]) => unknown)(...inner), seen) : redactConditions(arg, seen));
        const result = (member as (...a: unknown[]) => unknown).apply(target, guardedArgs);
        if (result instanceof Promise) return (result as Promise<unknown>).then((resolved: unknown) => { rememberRecords(resolved, seen); return resolved; });
        rememberRecords(result, seen);
        return result;
      };
    },
  });
}

function guardedLog(log: StructuredLog, seen: readonly RowValues[]): StructuredLog {
  const redacted = (write: StructuredLog['info']): StructuredLog['info'] => (message, fields) => { write(redactRowValues(message, seen), fields === undefined || seen.length === 0 ? fields : (redactStrings(fields, seen) as Record<string, unknown>)); };
  return { info: redacted(log.info.bind(log)), warn: redacted(log.warn.bind(log)), error: redacted(log.error.bind(log)) };
}

/** Runs one task with dependencies that watch the row values it reads, and redacts what leaves it. */
export async function withRowValuesRedacted<T>(deps: WorkflowDeps, run: (deps: WorkflowDeps) => Promise<T>): Promise<T> {
  const seen: RowValues[] = [];
  const guarded: WorkflowDeps = {
    ...deps,
    readRows: async (hub, filter) => {
      const rows = await deps.readRows(hub, filter);
      for (const row of rows) seen.push(byVariable(row, hub));
      return rows;
    },
    records: guardedRecords(deps.records, seen),
    log: guardedLog(deps.log, seen),
  };
  try {
    return redactMessageFields(await run(guarded), seen);
  } catch (error) {
    throw redactError(error, seen);
  }
}
