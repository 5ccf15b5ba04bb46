// Name of an execution a person starts (`lynq-sfn reprovision`): distinct from the sync's
// deterministic names (execution-name), so a manual run never answers "already exists" for
// the sync's work, and readable in the console. At most 80 characters of [A-Za-z0-9_-].
import { MAX_EXECUTION_NAME_LENGTH } from './execution-name';

export function manualExecutionName(uid: string, form: string | undefined, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1Z'); // 20261129T093000123Z
  const tail = `-${stamp}`;
  const head = `manual-${uid}${form ? `-${form}` : ''}`.replace(/[^A-Za-z0-9_-]/g, '-');
  return head.slice(0, MAX_EXECUTION_NAME_LENGTH - tail.length) + tail;
}
