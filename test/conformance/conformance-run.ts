// Runs the whole corpus against a fresh emulated API server per scenario and says, step by step,
// whether the normalised answer equals the recorded one. Used by the jest suite and by
// `npx tsx test/conformance/report.ts` (which prints every difference).
import { startKubeEmulator } from '../../local/kube-emulator';
import { compareStep } from './compare';
import { type Scenario, loadCorpus } from './corpus';
import { Normaliser } from './normalise';
import { replay } from './replay';
import { skipReason } from './skipped-steps';

export interface StepResult {
  scenario: string;
  index: number;
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  /** The first difference (fail) or the reason (skip). */
  detail?: string;
}

async function crdGroups(baseUrl: string): Promise<Set<string>> {
  const res = await fetch(`${baseUrl}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`);
  const list = (await res.json()) as { items?: Array<{ spec?: { group?: string } }> };
  return new Set((list.items ?? []).map((c) => c.spec?.group ?? ''));
}

export async function runScenario(scenario: Scenario): Promise<StepResult[]> {
  const emulator = await startKubeEmulator();
  const normaliser = new Normaliser();
  const results: StepResult[] = [];
  try {
    for await (const { index, step, raw } of replay(emulator.url, scenario, { pollCapMs: 3000 })) {
      const groups = step.request.path === '/apis' || step.request.path.startsWith('/apis/') ? await crdGroups(emulator.url) : undefined;
      const normalised = normaliser.normalise(raw, { crdGroups: groups });
      const base = { scenario: scenario.scenario, index, name: step.name };
      const skipped = skipReason(scenario.scenario, index);
      if (skipped) {
        results.push({ ...base, outcome: 'skip', detail: skipped });
        continue;
      }
      const diff = compareStep(step, normalised);
      results.push({ ...base, outcome: diff ? 'fail' : 'pass', detail: diff });
    }
  } finally {
    await emulator.stop();
  }
  return results;
}

export async function runCorpus(filter?: (s: Scenario) => boolean): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const scenario of loadCorpus()) if (!filter || filter(scenario)) results.push(...(await runScenario(scenario)));
  return results;
}
