// Prints every step's outcome and first difference: `npx tsx test/conformance/report.ts [scenario-prefix]`.
import { runCorpus } from './conformance-run';

async function main(): Promise<void> {
  const prefix = process.argv[2] ?? '';
  const results = await runCorpus((s) => s.scenario.startsWith(prefix));
  for (const r of results) {
    if (r.outcome === 'pass' && !process.argv.includes('-v')) continue;
    console.log(`${r.outcome.toUpperCase()} ${r.scenario}#${r.index} ${r.name}${r.detail ? `\n    ${r.detail}` : ''}`);
  }
  const pass = results.filter((r) => r.outcome === 'pass').length;
  const byScenario = new Map<string, [number, number]>();
  for (const r of results) {
    const [p, n] = byScenario.get(r.scenario) ?? [0, 0];
    byScenario.set(r.scenario, [p + (r.outcome === 'pass' ? 1 : 0), n + 1]);
  }
  for (const [s, [p, n]] of byScenario) console.log(`${s}: ${p}/${n}`);
  console.log(`conformance: ${pass} of ${results.length} steps pass`);
}

void main();
