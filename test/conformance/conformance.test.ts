// The emulated API server answers like kube-apiserver v1.28: every recorded exchange of
// ../shared/kube-conformance is replayed and compared after normalisation (corpus README).
// Steps listed in skipped-steps.ts are reported, not compared.
import { runCorpus, type StepResult } from './conformance-run';

/** Scenarios the product relies on: every step must match. */
const REQUIRED = ['02-create', '03-server-side-apply', '06-delete', '07-namespace-deletion', '08-crd', '09-list', '10-dry-run', '13-status-apply'];
const REQUIRED_SHARE = 0.9;

let results: StepResult[] = [];

beforeAll(async () => {
  results = await runCorpus();
  const pass = results.filter((r) => r.outcome === 'pass').length;
  const skip = results.filter((r) => r.outcome === 'skip').length;
  const lines = [`kube conformance: ${pass} of ${results.length} steps pass (${skip} skipped, see test/conformance/skipped-steps.ts)`];
  for (const r of results.filter((x) => x.outcome === 'fail')) lines.push(`  FAIL ${r.scenario}#${r.index} ${r.name}: ${r.detail?.slice(0, 300)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}, 300_000);

describe('kube-apiserver v1.28 conformance of the emulator', () => {
  it.each(REQUIRED)('passes every step of %s', (scenario) => {
    const failing = results.filter((r) => r.scenario === scenario && r.outcome !== 'pass').map((r) => `#${r.index} ${r.name}: ${r.detail}`);
    expect(failing).toEqual([]);
  });

  it(`passes at least ${REQUIRED_SHARE * 100} % of all steps`, () => {
    expect(results.length).toBe(273);
    const pass = results.filter((r) => r.outcome === 'pass').length;
    expect(pass / results.length).toBeGreaterThanOrEqual(REQUIRED_SHARE);
  });
});
