// npm run bench: runs every benchmark and writes bench/RESULTS.md with the machine and date.
import '../local/promise-with-resolvers';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFanoutBenches, fanoutRows } from './fanout-bench';
import { runRenderBench } from './render-bench';
import { runSyncBench } from './sync-bench';
import { runAllTransitionsBenches } from './transitions-bench';

async function main(): Promise<void> {
  // The load average says how much else ran: timed results on a shared machine are only comparable with it.
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}, load average ${loadavg()[0].toFixed(1)} at start`;
  const date = new Date().toISOString();
  process.stdout.write(`machine: ${machine}\n`);

  const render = await runRenderBench('database-per-node');
  process.stdout.write(`render: ${JSON.stringify(render)}\n`);
  const renderGo = await runRenderBench('seed-verbatim');
  process.stdout.write(`render (Go templates): ${JSON.stringify(renderGo)}\n`);
  const transitionRuns = await runAllTransitionsBenches();
  for (const run of transitionRuns) process.stdout.write(`transitions: ${JSON.stringify(run)}\n`);
  const sync = await runSyncBench();
  process.stdout.write(`sync: ${JSON.stringify(sync)}\n`);
  const fanout = await runFanoutBenches();
  for (const run of fanout) process.stdout.write(`fan-out: ${JSON.stringify(run)}\n`);

  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const text = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts). Each run replaces this file.

- Date: ${date}
- Machine: ${machine}
- Command: \`npm run bench\`

| Benchmark | Result | Goal | |
|---|---|---|---|
| Render the example form for ${render.nodes} distinct rows (row mapping included) | ${Math.round(render.nodesPerSecond)} nodes/s (${render.seconds.toFixed(2)} s), peak RSS ${Math.round(render.peakRssMb)} MB | >= 30,000 nodes/s | ${verdict(render.nodesPerSecond >= 30000)} |
| The same, with the seed's form in Go-template syntax (examples/seed-verbatim) | ${Math.round(renderGo.nodesPerSecond)} nodes/s (${renderGo.seconds.toFixed(2)} s), peak RSS ${Math.round(renderGo.peakRssMb)} MB | >= 5,000 nodes/s | ${verdict(renderGo.nodesPerSecond >= 5000)} |
| One sync over ${sync.rows} rows and ${sync.records} LynqNodes, nothing to start (real MariaDB, emulated cluster in the same process) | ${sync.seconds.toFixed(2)} s, ${sync.started} started, peak RSS ${sync.peakRssMb} MB (includes the emulated cluster holding ${sync.records} objects) | <= 3 s | ${verdict(sync.seconds <= 3 && sync.started === 0)} |
${transitionRuns.map((t) => `| State transitions of one seed-form execution, RDS ${t.scenario} | ${t.transitions} transitions (${t.checks} readiness checks after waits, over ${t.simulatedMinutes} simulated minutes) | <= 60 | ${verdict(t.transitions <= 60)} |
| App applied after the RDS instance became available (${t.scenario}) | ${t.appAppliedSecondsAfterAvailable} s (simulated) | <= 60 s | ${verdict(t.appAppliedSecondsAfterAvailable <= 60)} |`).join('\n')}
${fanoutRows(fanout, verdict).join('\n')}
`;
  writeFileSync(join(__dirname, 'RESULTS.md'), text);
  process.stdout.write('wrote bench/RESULTS.md\n');
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
