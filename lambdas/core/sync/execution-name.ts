// Deterministic Step Functions execution names (DESIGN §5).
//
// Format (at most 80 characters, only [A-Za-z0-9-_]):
//   apply:   <uid>-<form>-<hash10>[-<salt6>]
//   retry:   <uid>-<form>-<hash10>-r<attempt>[-<salt6>]
//   delete:  <uid>-<form>-del-<hash10>[-<salt6>]     (hash10 = the record's desired hash)
//
// Two syncs that see the same rows and records compute the same name, so the second
// StartExecution is answered "already exists" and each piece of work runs once.
// A standard state machine keeps a name for 90 days, even after the execution closed,
// so a name must also change when the same desired hash comes back later (A -> B -> A,
// deactivate then reactivate): the optional salt carries that (sync-plan passes the
// record's last execution, or a time bucket when there is no record); salt6 is a
// 6-hex digest of it. When <uid>-<form> is too long it is cut and ends in a 6-hex
// digest of the full text, so cut names stay distinct.
import { createHash } from 'node:crypto';

export const MAX_EXECUTION_NAME_LENGTH = 80;

export function executionName(uid: string, form: string, hash: string, attempt = 0, salt?: string): string {
  const retry = attempt > 0 ? `-r${Math.floor(attempt)}` : '';
  return assemble(uid, form, `-${hashPart(hash)}${retry}${saltPart(uid, form, salt)}`);
}

export function deletionExecutionName(uid: string, form: string, recordHash: string, salt?: string): string {
  return assemble(uid, form, `-del-${hashPart(recordHash)}${saltPart(uid, form, salt)}`);
}

function assemble(uid: string, form: string, tail: string): string {
  const head = sanitize(`${uid}-${form}`);
  const room = MAX_EXECUTION_NAME_LENGTH - tail.length;
  if (head.length <= room) return head + tail;
  return `${head.slice(0, room - 7)}-${digest(head).slice(0, 6)}${tail}`;
}

function hashPart(hash: string): string {
  const clean = sanitize(hash).slice(0, 10);
  if (!clean) throw new Error('execution name needs a non-empty desired hash');
  return clean;
}

function saltPart(uid: string, form: string, salt: string | undefined): string {
  return salt ? `-${digest(`${uid}\0${form}\0${salt}`).slice(0, 6)}` : '';
}

function sanitize(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '-');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The name to start the same work under after the execution holding `name` closed without
 * success: `name` cut to fit, plus `-x` and a 6-hex digest of it. Deterministic, so concurrent
 * syncs agree; applied again when that one failed too.
 */
export function restartExecutionName(name: string): string {
  const tail = `-x${digest(name).slice(0, 6)}`;
  return name.slice(0, MAX_EXECUTION_NAME_LENGTH - tail.length) + tail;
}

/**
 * A drift repair: `<uid>-<form>-fix-<hash10>-<salt6>`, salted with the record's last execution and
 * what drifted, so each new drift gets a fresh name and two rounds that see the same drift agree.
 */
export function driftRepairExecutionName(uid: string, form: string, desiredHash: string, salt: string): string {
  return assemble(uid, form, `-fix-${hashPart(desiredHash)}${saltPart(uid, form, salt)}`);
}
