// Field-level difference between a live object and what an apply would make of it, for
// `lynq-sfn plan --diff`. Both sides come from the API server (live, and the dry-run apply's
// answer), so fields the server defaults appear on both sides and never show as changes.
// Bookkeeping the server or lynq-sfn writes on every apply is left out: it is not a change.
import { canonicalJson } from './canonical-json';
import { ANNOTATION_APPLIED_HASH, ANNOTATION_APPLY_START } from './tracking-labels';

export interface FieldChange {
  /** `spec.template.spec.containers[0].resources.requests.cpu`; map keys with dots or slashes in brackets. */
  path: string;
  change: 'added' | 'removed' | 'changed';
  /** JSON text of the live value (absent when added). */
  before?: string;
  /** JSON text of the value after the apply (absent when removed). */
  after?: string;
}

const IGNORED_PATHS = new Set([
  'status',
  'metadata.managedFields',
  'metadata.resourceVersion',
  'metadata.generation',
  'metadata.creationTimestamp',
  'metadata.uid',
  'metadata.selfLink',
  `metadata.annotations${segment(ANNOTATION_APPLIED_HASH)}`,
  `metadata.annotations${segment(ANNOTATION_APPLY_START)}`,
]);

/** Changes from `live` to `after`, sorted by path. `live` undefined: every field is added. */
export function diffObjects(live: unknown, after: unknown): FieldChange[] {
  const before = flatten(live);
  const next = flatten(after);
  const changes: FieldChange[] = [];
  for (const path of [...new Set([...before.keys(), ...next.keys()])].sort()) {
    const b = before.get(path);
    const a = next.get(path);
    if (b === a) continue;
    if (b === undefined) changes.push({ path, change: 'added', after: a });
    else if (a === undefined) changes.push({ path, change: 'removed', before: b });
    else changes.push({ path, change: 'changed', before: b, after: a });
  }
  return changes;
}

/** Leaf path -> JSON text of the leaf; empty objects and arrays are leaves too. */
function flatten(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (item: unknown, path: string) => {
    if (IGNORED_PATHS.has(path)) return;
    if (Array.isArray(item) && item.length > 0) {
      item.forEach((v, i) => { walk(v, `${path}[${i}]`); });
    } else if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
      for (const [k, v] of Object.entries(item)) walk(v, path ? `${path}${segment(k)}` : k);
    } else if (path) {
      out.set(path, canonicalJson(item));
    }
  };
  if (value !== undefined) walk(value, '');
  return out;
}

function segment(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
