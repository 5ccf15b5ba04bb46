// npm run bench: runs every benchmark and writes bench/RESULTS.md with the machine and date.
import '../local/promise-with-resolvers';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleResultRows, runBundleBench } from './bundle-bench';
import { runFanoutBenches, fanoutRows } from './fanout-bench';
import { renderResultRows, runRenderBench } from './render-bench';
import { runSyncBench } from './sync-bench';
import { runDriftBench } from './drift-bench';
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
  const bundles = await runBundleBench();
  for (const f of bundles.functions) process.stdout.write(`bundle: ${JSON.stringify(f)}\n`);
  const drift = await runDriftBench();
  process.stdout.write(`drift: ${JSON.stringify(drift)}\n`);
  const fanout = await runFanoutBenches();
  for (const run of fanout) process.stdout.write(`fan-out: ${JSON.stringify(run)}\n`);

  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  const text = `# Benchmark results

Written by \`npm run bench\` (bench/run.ts). Each run replaces this file.

- Date: ${date}
- Machine: ${machine}
- Command: \`npm run bench\`

| Benchmark | Result | Goal | |
|---|---|---|---|
${renderResultRows(render, renderGo, verdict).join('\n')}
| One sync over ${sync.rows} rows and ${sync.records} LynqNodes, nothing to start (real MariaDB, emulated cluster in the same process) | ${sync.seconds.toFixed(2)} s, ${sync.started} started, peak RSS ${sync.peakRssMb} MB (includes the emulated cluster holding ${sync.records} objects) | <= 3 s | ${verdict(sync.seconds <= 3 && sync.started === 0)} |
| One drift detection round over ${drift.nodes} settled nodes (${drift.objects} managed objects, ${drift.tampered} Deployments edited by another manager; real MariaDB, emulated cluster over HTTP) | ${drift.seconds.toFixed(2)} s, ${drift.drifted} drifted nodes found, ${drift.repairsStarted} repairs started; ${drift.listCalls} metadata-only LIST calls, ${mb(drift.listBytes)} MB (a full LIST of the Deployments alone: ${mb(drift.fullDeploymentListBytes)} MB, metadata-only ${mb(drift.metadataDeploymentListBytes)} MB); plus ${drift.recordPages} LynqNode pages, ${mb(drift.recordBytes)} MB; peak RSS ${drift.peakRssMb} MB | finds exactly the edited nodes | ${verdict(drift.drifted === drift.tampered)} |
${transitionRuns.map((t) => `| State transitions of one seed-form execution, RDS ${t.scenario} | ${t.transitions} transitions (${t.checks} readiness checks after waits, over ${t.simulatedMinutes} simulated minutes) | <= 60 | ${verdict(t.transitions <= 60)} |
| App applied after the RDS instance became available (${t.scenario}) | ${t.appAppliedSecondsAfterAvailable} s (simulated) | <= 60 s | ${verdict(t.appAppliedSecondsAfterAvailable <= 60)} |`).join('\n')}
${bundleResultRows(bundles, verdict).join('\n')}
${fanoutRows(fanout, verdict).join('\n')}
`;
  writeFileSync(join(__dirname, 'RESULTS.md'), text);
  process.stdout.write('wrote bench/RESULTS.md\n');
}

main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
