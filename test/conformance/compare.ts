// Deep comparison of a normalised answer with the recorded one, reporting the first difference
// by path, with the README's allowances: causes as a set where the server orders them randomly,
// and discovery documents compared only on the entries the emulator serves.
import { isDeepStrictEqual } from 'node:util';
import { jsonText } from '../../local/kube-emulator/json-types';
import type { RecordedResponse, Step } from './corpus';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function byFieldThenMessage(a: unknown, b: unknown): number {
  const key = (c: unknown) => (isObj(c) ? `${jsonText(c.field)}\u0000${jsonText(c.message)}` : '');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/** `… is invalid: [a, b, c]` with the bracketed items sorted. */
function sortInvalidItems(message: string): string {
  const m = /^(.* is invalid: )\[(.*)\]$/s.exec(message);
  if (!m) return message;
  return `${m[1]}[${m[2].split(/, (?=[a-z][\w.[\]-]*: )/i).sort().join(', ')}]`;
}

function unorderCauses(body: unknown): unknown {
  if (!isObj(body)) return body;
  const out: Obj = { ...body };
  if (typeof out.message === 'string') out.message = sortInvalidItems(out.message);
  if (isObj(out.details) && Array.isArray(out.details.causes)) {
    out.details = { ...out.details, causes: [...out.details.causes].sort(byFieldThenMessage) };
  }
  return out;
}

/** Keeps only the recorded discovery entries the emulator serves (it serves a subset of v1.28). */
function restrictDiscovery(expected: unknown, actual: unknown): unknown {
  if (!isObj(expected) || !isObj(actual)) return expected;
  const names = (list: unknown) => new Set((Array.isArray(list) ? list : []).map((e) => (isObj(e) ? e.name : undefined)));
  if (expected.kind === 'APIResourceList' && actual.kind === 'APIResourceList') {
    const served = names(actual.resources);
    return { ...expected, resources: (expected.resources as unknown[]).filter((r) => isObj(r) && served.has(r.name)) };
  }
  if (expected.kind === 'APIGroupList' && actual.kind === 'APIGroupList') {
    const served = names(actual.groups);
    return { ...expected, groups: (expected.groups as unknown[]).filter((g) => isObj(g) && served.has(g.name)) };
  }
  return expected;
}

export function firstDifference(expected: unknown, actual: unknown, path = ''): string | undefined {
  if (isDeepStrictEqual(expected, actual)) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (isObj(expected) && isObj(actual)) {
    for (const k of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
      const d = firstDifference(expected[k], actual[k], path ? `${path}.${k}` : k);
      if (d) return d;
    }
  }
  const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v)?.slice(0, 400));
  return `${path || '(root)'}: expected ${show(expected)}, got ${show(actual)}`;
}

export function compareStep(step: Step, actual: RecordedResponse): string | undefined {
  const recorded = step.response;
  let expectedBody = restrictDiscovery(recorded.body, actual.body);
  let actualBody = actual.body;
  if (step.unorderedCauses) {
    expectedBody = unorderCauses(expectedBody);
    actualBody = unorderCauses(actualBody);
  }
  const pick = (r: RecordedResponse, body: unknown) => ({
    status: r.status,
    headers: { 'Content-Type': r.headers['Content-Type'], ...(r.headers.Warning ? { Warning: r.headers.Warning } : {}) },
    body,
  });
  return firstDifference(pick(recorded, expectedBody), pick(actual, actualBody));
}
