// Replays one scenario's requests against a server, resolving `{{steps[N].response.body.x}}`
// templates against that server's own raw answers and honouring `poll` (with a short cap: the
// emulator and its simulators act within milliseconds, a real server within seconds).
import type { PollSpec, RecordedResponse, Scenario, Step } from './corpus';
import { jsonText } from '../../local/kube-emulator/json-types';

export interface RawResponse extends RecordedResponse {
  /** The body as received, before normalisation (templates read from it). */
  body?: unknown;
}

const TEMPLATE = /\{\{steps\[(\d+)\]\.response\.body\.([^}]+)\}\}/g;
const WHOLE_TEMPLATE = /^\{\{steps\[(\d+)\]\.response\.body\.([^}]+)\}\}$/;

/** Reads a dotted path; `name[key=value]` picks the list item whose `key` equals `value`. */
export function readPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  let node: unknown = root;
  for (const part of path.split('.')) {
    const m = /^([^[]*)(?:\[([^=\]]+)=([^\]]*)\])?$/.exec(part);
    if (!m) return { found: false };
    const [, field, key, wanted] = m;
    if (field !== '') {
      if (typeof node !== 'object' || node === null || !(field in node)) return { found: false };
      node = (node as Record<string, unknown>)[field];
    }
    if (key !== undefined) {
      if (!Array.isArray(node)) return { found: false };
      node = node.find((item) => typeof item === 'object' && item !== null && String((item as Record<string, unknown>)[key]) === wanted);
      if (node === undefined) return { found: false };
    }
  }
  return { found: true, value: node };
}

function resolveTemplates(value: unknown, previous: RawResponse[]): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_TEMPLATE.exec(value);
    if (whole) return readPath(previous[Number(whole[1])]?.body, whole[2]).value;
    return value.replace(TEMPLATE, (_, n: string, p: string) => jsonText(readPath(previous[Number(n)]?.body, p).value));
  }
  if (Array.isArray(value)) return value.map((v) => resolveTemplates(v, previous));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTemplates(v, previous)]));
  }
  return value;
}

function matches(poll: PollSpec, response: RawResponse): boolean {
  const { until } = poll;
  if (response.status !== until.status) return false;
  const checks: Array<[string, (r: { found: boolean; value?: unknown }) => boolean]> = [];
  if (until.path !== undefined) {
    checks.push([until.path, (r) => (until.absent ? !r.found : until.exists ? r.found : r.found && JSON.stringify(r.value) === JSON.stringify(until.equals))]);
  }
  for (const [path, expected] of Object.entries(until.paths ?? {})) checks.push([path, (r) => r.found && JSON.stringify(r.value) === JSON.stringify(expected)]);
  return checks.every(([path, ok]) => ok(readPath(response.body, path)));
}

async function send(baseUrl: string, step: Step, previous: RawResponse[], extraHeaders: Record<string, string>): Promise<RawResponse> {
  const req = resolveTemplates(step.request, previous) as Step['request'];
  const query = new URLSearchParams(Object.entries(req.query ?? {})).toString();
  const url = `${baseUrl}${req.path}${query ? `?${query}` : ''}`;
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
  const res = await fetch(url, { method: req.method, headers: { ...extraHeaders, ...(req.headers ?? {}) }, body });
  const contentType = res.headers.get('content-type') ?? '';
  const text = await res.text();
  let parsed: unknown = text;
  if (contentType.startsWith('application/json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const headers: RawResponse['headers'] = { 'Content-Type': contentType };
  const warning = res.headers.get('warning');
  if (warning !== null) headers.Warning = splitWarnings(warning);
  return { status: res.status, headers, body: text === '' ? undefined : parsed };
}

/** fetch joins repeated Warning headers with ", "; each one starts with `299 - "`. */
function splitWarnings(joined: string): string[] {
  return joined.split(/, (?=\d{3} - ")/);
}

export interface ReplayOptions {
  /** Longest wait for a `poll` step, whatever the recording allowed. */
  pollCapMs: number;
  headers?: Record<string, string>;
}

export async function* replay(baseUrl: string, scenario: Scenario, opts: ReplayOptions): AsyncGenerator<{ index: number; step: Step; raw: RawResponse }> {
  const previous: RawResponse[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    let raw = await send(baseUrl, step, previous, opts.headers ?? {});
    if (step.poll) {
      const deadline = Date.now() + Math.min(step.poll.timeoutSeconds * 1000, opts.pollCapMs);
      while (!matches(step.poll, raw) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, Math.min(step.poll!.intervalMs, 50)));
        raw = await send(baseUrl, step, previous, opts.headers ?? {});
      }
    }
    previous.push(raw);
    yield { index, step, raw };
  }
}
