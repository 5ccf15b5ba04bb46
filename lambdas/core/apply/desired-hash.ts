// The desired hash (DESIGN §4): what a LynqNode was last reconciled for. It changes when any
// value of the row or anything in the form changes, and not when only key order does.
import { createHash } from 'node:crypto';
import type { FormConfig, NodeValues } from '../config/config-model';
import { canonicalJson } from './canonical-json';

export function desiredHash(values: NodeValues, form: FormConfig): string {
  return createHash('sha256').update(canonicalJson(values)).update('\n').update(form.contentHash).digest('hex');
}
