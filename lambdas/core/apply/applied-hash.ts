// The applied hash and apply start time stamped on every written object (DESIGN §7): an unchanged
// hash skips the write, and timeoutSeconds counts from the start time of the current version.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../template/rendered-resource';
import { canonicalJson } from './canonical-json';
import { ANNOTATION_APPLIED_HASH, ANNOTATION_APPLY_START } from './tracking-labels';

/** 16 hex chars of SHA-256 over the canonical JSON of the desired object, without the hash and start-time annotations. */
export function appliedHash(desired: KubeObject): string {
  const copy = structuredClone(desired);
  if (copy.metadata.annotations) {
    delete copy.metadata.annotations[ANNOTATION_APPLIED_HASH];
    delete copy.metadata.annotations[ANNOTATION_APPLY_START];
  }
  return createHash('sha256').update(canonicalJson(copy)).digest('hex').slice(0, 16);
}

export function withApplyAnnotations(desired: KubeObject, hash: string, applyStartTime: string): KubeObject {
  const copy = structuredClone(desired);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [ANNOTATION_APPLIED_HASH]: hash, [ANNOTATION_APPLY_START]: applyStartTime };
  return copy;
}

/** The start time to stamp: kept while the applied hash is unchanged, reset to `now` when it changes. */
export function applyStartTime(live: KubeObject | undefined, hash: string, now: Date): string {
  const annotations = live?.metadata.annotations ?? {};
  const kept = annotations[ANNOTATION_APPLY_START];
  return annotations[ANNOTATION_APPLIED_HASH] === hash && kept ? kept : now.toISOString();
}

/** The applied hash recorded on a live object, if any. */
export function liveAppliedHash(live: KubeObject): string | undefined {
  return live.metadata.annotations?.[ANNOTATION_APPLIED_HASH];
}

/** lynq.sh/apply-start-time of a live object: when its current version was first applied (`fallback` when unstamped). */
export function liveApplyStartTime(live: KubeObject, fallback: Date): string {
  return live.metadata.annotations?.[ANNOTATION_APPLY_START] ?? fallback.toISOString();
}
