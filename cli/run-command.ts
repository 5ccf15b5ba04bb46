// `lynq-sfn run <dir>`: the product locally against any MySQL and any cluster. The same sync
// logic and the same state machine file as in AWS, with executions run in-process. Each hub is
// synced at its own syncInterval, as its own schedule does when deployed.
import type { Command } from 'commander';
import { kubeconfigLocation } from '../lambdas/adapters/kubeconfig-files';
import { loadConfigDirectory } from '../lambdas/adapters/config-directory';
import { selectHub } from '../lambdas/core/config/hub-lookup';
import { startLocalEnvironment } from '../local/local-environment';
import { MYSQL_URL_OPTION_HELP, recordNamespaceOf } from './operate-connection';
import { ProgressView } from '../local/progress-view';
import { lynqNodeTable, runExitProblems, syncRoundLines } from '../local/outcome-report';
import type { SyncReport } from '../lambdas/workflow/run-sync';
import { driftRoundDue, driftSettingsFromEnv } from '../lambdas/core/sync/drift-settings';
import { syncSettingsFromEnv } from '../lambdas/core/sync/sync-settings';
import { runDriftRound } from '../lambdas/workflow/drift-round';
import { driftRoundDeps } from '../lambdas/adapters/drift-round-deps';
import { driftRoundLines } from '../local/outcome-report';

interface RunOptions {
  mysqlUrl?: string;
  kubeconfig?: string;
  interval?: string;
  once?: boolean;
  simulate?: boolean;
  allowSkipped?: boolean;
  recordNamespace?: string;
  hub?: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run <dir>')
    .description('sync a hub to a cluster locally: real sync, real state machine, executions in-process')
    .option('--mysql-url <url>', MYSQL_URL_OPTION_HELP)
    .option('--hub <name>', 'sync only this hub (default: every hub of the directory, each at its syncInterval)')
    .option('--kubeconfig <path>', 'the cluster: a kubeconfig path or list (default: $KUBECONFIG or ~/.kube/config)')
    .option('--interval <seconds>', 'seconds between sync rounds of every hub (default: each hub\'s syncInterval)')
    .option('--once', 'one sync round, wait for its executions, exit')
    .option('--allow-skipped', 'with --once: skipped (invalid) rows do not make the exit status 1')
    .option('--simulate', 'run the controller simulators against the cluster (for a cluster without controllers)')
    .option('--record-namespace <ns>', 'namespace of the LynqNode records (default: $LYNQ_RECORD_NAMESPACE or lynq-system)')
    .action(async (dir: string, options: RunOptions) => { process.exitCode = await run(dir, options); });
}

async function run(dir: string, options: RunOptions): Promise<number> {
  const kubeconfig = kubeconfigLocation(options.kubeconfig);
  const directory = loadConfigDirectory(dir);
  const hubs = options.hub !== undefined ? [selectHub(directory, options.hub).hub] : directory.hubs.map((p) => p.hub);
  const intervals = new Map(hubs.map((hub) => {
    const seconds = Number(options.interval ?? hub.source.syncIntervalSeconds);
    if (!Number.isFinite(seconds) || seconds < 1) {
      throw new Error(`sync interval must be at least 1 second, got ${options.interval ?? `${hub.source.syncIntervalSeconds}s from hub '${hub.name}'`}`);
    }
    return [hub.name, seconds];
  }));
  const env = await startLocalEnvironment({
    configDir: dir, hubDatabases: true, mysqlUrl: options.mysqlUrl, kubeconfig,
    simulate: options.simulate, waitMs: 1000, recordNamespace: recordNamespaceOf(options),
  });
  const view = new ProgressView(env.deps.records, () => env.starter.executions.values());
  view.start();
  // An object, since Ctrl-C sets it from a signal handler while the loop awaits.
  const state = { stopping: false };
  let wake: () => void = () => undefined;
  process.once('SIGINT', () => {
    state.stopping = true;
    process.stdout.write(`stopping: waiting for ${[...env.starter.executions.values()].filter((e) => e.status === 'RUNNING').length} running execution(s); Ctrl-C again to abort\n`);
    process.once('SIGINT', () => process.exit(130));
    wake();
  });
  const driftSettings = driftSettingsFromEnv(process.env);
  const lastReports: SyncReport[] = [];
  const nextDue = new Map(hubs.map((hub) => [hub.name, 0]));
  try {
    do {
      for (const hub of hubs) {
        if ((nextDue.get(hub.name) ?? 0) > Date.now()) continue;
        nextDue.set(hub.name, Date.now() + (intervals.get(hub.name) ?? hub.source.syncIntervalSeconds) * 1000);
        const label = hubs.length > 1 ? `hub ${hub.name}: ` : '';
        try {
          const report = await env.sync(undefined, hub.name);
          lastReports.push(report);
          for (const line of syncRoundLines(report, new Date())) process.stdout.write(`${label}${line}\n`);
          // As the deployed sync does: a drift detection round on the first sync of each interval.
          if (!options.once && driftRoundDue(new Date(), driftSettings, intervals.get(hub.name) ?? 60)) {
            const project = selectHub(env.directory, hub.name);
            await runDriftRound(driftRoundDeps(env.deps, project, env.starter), project, syncSettingsFromEnv(process.env), driftSettings).then(
              (round) => { for (const line of driftRoundLines(round)) process.stdout.write(`${label}${line}\n`); },
              (error: unknown) => { process.stderr.write(`${label}drift round failed, nothing repaired: ${error instanceof Error ? error.message : String(error)}\n`); },
            );
          }
        } catch (error) {
          process.stderr.write(`${label}sync failed, nothing started or deleted: ${error instanceof Error ? error.message : String(error)}\n`);
          if (options.once) return 1;
        }
      }
      if (options.once) break;
      const wait = Math.max(0, Math.min(...nextDue.values()) - Date.now());
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        wake = () => { clearTimeout(timer); resolve(); };
      });
    } while (!state.stopping);
    await env.settle();
    await view.refresh();
    process.stdout.write(`${lynqNodeTable(await env.deps.records.list(), new Date())}\n`);
    const failed = [...env.starter.executions.values()].filter((e) => e.status === 'FAILED').length;
    const problems = options.once
      ? [...new Set(lastReports.flatMap((report) => runExitProblems(failed, report, { allowSkipped: options.allowSkipped })))]
      : runExitProblems(failed, undefined, { allowSkipped: options.allowSkipped });
    if (problems.length > 0) process.stdout.write(`exit 1: ${problems.join('; ')}\n`);
    return problems.length > 0 ? 1 : 0;
  } finally {
    await view.stop();
    await env.stop();
  }
}
