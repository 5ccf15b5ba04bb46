// The recorded kube-apiserver exchanges (../shared/kube-conformance beside the repository) and
// their file format, as the corpus README describes it.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface PollSpec {
  until: { status: number; path?: string; equals?: unknown; exists?: boolean; absent?: boolean; paths?: Record<string, unknown> };
  timeoutSeconds: number;
  intervalMs: number;
}

export interface RecordedResponse {
  status: number;
  headers: { 'Content-Type'?: string; Warning?: string[] };
  body?: unknown;
}

export interface Step {
  name: string;
  request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: unknown };
  poll?: PollSpec;
  unorderedCauses?: boolean;
  response: RecordedResponse;
}

export interface Scenario {
  scenario: string;
  description: string;
  steps: Step[];
}

/** The repository and `shared/` are siblings, on developer machines and in CI alike. */
export const CORPUS_DIR = resolve(__dirname, '..', '..', '..', 'shared', 'kube-conformance');

export function loadCorpus(dir = CORPUS_DIR): Scenario[] {
  if (!existsSync(dir)) throw new Error(`conformance corpus not found at ${dir} (expected ../shared/kube-conformance beside the repository)`);
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Scenario);
}
