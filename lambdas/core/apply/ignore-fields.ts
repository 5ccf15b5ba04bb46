// ignoreFields (lynq-behaviour §4.4): JSONPaths whose live value the apply keeps.
import { JSONPath } from 'jsonpath-plus';
import type { KubeObject } from '../template/rendered-resource';

/**
 * For each JSONPath, the live value replaces the desired one, and a path absent live is dropped
 * from the desired object; so the field is set on create and left alone after. Paths that match
 * nothing are a no-op.
 */
export function keepIgnoredFields(desired: KubeObject, live: KubeObject, paths: string[]): KubeObject {
  const result = structuredClone(desired);
  for (const path of paths) {
    const liveMatches = matches(path, live);
    const livePaths = new Set(liveMatches.map((m) => m.join('\u0000')));
    // Remove deepest/last first so array indices of earlier matches stay valid.
    const absentLive = matches(path, result).filter((m) => !livePaths.has(m.join('\u0000'))).reverse();
    for (const segments of absentLive) removeAt(result, segments);
    for (const segments of liveMatches) setAt(result, segments, structuredClone(getAt(live, segments)));
  }
  return result;
}

type Segments = string[];

function matches(path: string, json: unknown): Segments[] {
  const results: string[] = JSONPath({ path, json: json as object, resultType: 'path', wrap: true });
  return results.map((p) => JSONPath.toPathArray(p).slice(1));
}

function getAt(root: unknown, segments: Segments): unknown {
  let node = root as Record<string, unknown> | undefined;
  for (const s of segments) node = node?.[s] as Record<string, unknown> | undefined;
  return node;
}

function setAt(root: KubeObject, segments: Segments, value: unknown): void {
  let node = root as Record<string, unknown>;
  segments.forEach((segment, i) => {
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (next === null || typeof next !== 'object') node[segment] = /^\d+$/.test(segments[i + 1] ?? '') ? [] : {};
    node = node[segment] as Record<string, unknown>;
  });
}

function removeAt(root: KubeObject, segments: Segments): void {
  const parent = getAt(root, segments.slice(0, -1));
  const last = segments.at(-1);
  if (last === undefined) return;
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[last];
}
