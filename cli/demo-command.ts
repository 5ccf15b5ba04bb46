// `lynq-sfn demo`: the whole job locally in one command. A throwaway MariaDB with the example's
// rows, the emulated cluster with controller simulators (the database takes seconds, not 15
// minutes), sync rounds with live progress, the verification, then one node deactivated.
// `--config <dir>` runs another example of the seed's shape (examples/plan-tiers: one hub per plan
// tier); every round syncs each hub, as each hub's own schedule does when deployed.
import type { Command } from 'commander';
import { join, relative } from 'node:path';
import type { SyncReport } from '../lambdas/workflow/run-sync';
import { EXAMPLE_DIR, startLocalEnvironment, type LocalEnvironment } from '../local/local-environment';
import { ProgressView } from '../local/progress-view';
import { exampleNodeNamespace, lynqNodeTable, nodeHealth } from '../local/outcome-report';
import { readLiveObject } from '../lambdas/adapters/resource-read';

interface DemoOptions {
  mysqlUrl?: string;
  kubeconfig?: string;
  rdsSeconds: string;
  deactivate: string;
  simulate?: boolean;
  config?: string;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the whole flow locally: MariaDB + emulated cluster + real sync + real state machine')
    .option('--mysql-url <url>', 'use this MySQL instead of a throwaway MariaDB (mysql://user:pass@host:port/db)')
    .option('--kubeconfig <path>', 'use this cluster instead of the emulated one')
    .option('--rds-seconds <n>', 'seconds the simulated RDS instance takes to become available', '6')
    .option('--deactivate <uid>', 'node to deactivate at the end', 'basic-co')
    .option('--simulate', 'with --kubeconfig: run the controller simulators against that cluster (one without Crossplane)')
    .option('--config <dir>', 'another configuration of the seed\'s shape, with its schema.sql and rows.sql (e.g. examples/plan-tiers)', EXAMPLE_DIR)
    .action(async (options: DemoOptions) => { process.exitCode = await runDemo(options); });
}

async function runDemo(options: DemoOptions): Promise<number> {
  const say = (line = '') => process.stdout.write(`${line}\n`);
  const configDir = options.config ?? EXAMPLE_DIR;
  const shown = relative(process.cwd(), configDir) || configDir;
  say('lynq-sfn demo');
  say(`  hubs and forms: ${configDir} (the demo's checks are the seed's: use \`lynq-sfn run\` for your own forms)`);
  say(`  database:       ${options.mysqlUrl ? 'the MySQL given with --mysql-url' : `a throwaway MariaDB with ${join(shown, 'schema.sql')} and rows.sql`}`);
  say(`  cluster:        ${options.kubeconfig ?? 'the emulated Kubernetes API server, with controller simulators'}`);
  let env: LocalEnvironment | undefined;
  let view: ProgressView | undefined;
  try {
    env = await startLocalEnvironment({
      configDir,
      mysqlUrl: options.mysqlUrl,
      kubeconfig: options.kubeconfig,
      simulate: options.simulate,
      sqlFiles: options.mysqlUrl ? [] : [join(configDir, 'schema.sql'), join(configDir, 'rows.sql')],
      rdsReadyAfterSeconds: Number(options.rdsSeconds),
      waitMs: 500,
    });
    const started = env;
    view = new ProgressView(env.deps.records, () => started.starter.executions.values());
    view.start();

    say('\n== Sync round 1: one Step Functions execution per node that needs work');
    const first = await syncEveryHub(env, say);
    say(`  started ${first.started.length}: ${first.started.join(', ')}`);
    await env.settle();
    await view.refresh();

    say('\n== kubectl get lynqnode -n lynq-system');
    say(indent(lynqNodeTable(await env.deps.records.list(), new Date())));
    for (const record of await env.deps.records.list()) {
      say(`\n== ${record.spec.uid}`);
      for (const line of await nodeHealth(env.kube, record.spec.uid)) say(`  ${line}`);
    }

    say('\n== Sync round 2: nothing changed, nothing to start');
    const second = await syncEveryHub(env, say);
    say(`  started ${second.started.length}`);

    if (!env.db) {
      const hub = env.config.hub;
      say(`\n== To see a node deprovisioned: UPDATE ${env.directory.hubs.length > 1 ? 'nodes' : hub.source.mysql.table} SET ${hub.valueMappings.activate} = FALSE WHERE ${hub.valueMappings.uid} = '${options.deactivate}', then run the demo again`);
      await view.stop();
      return [...env.starter.executions.values()].some((e) => e.status === 'FAILED') ? 1 : 0;
    }
    say(`\n== Deactivating ${options.deactivate} (is_active = FALSE) and syncing`);
    await deactivate(env, options);
    const third = await syncEveryHub(env, say);
    say(`  deletion executions: ${third.deletions.map((d) => d.name).join(', ') || 'none'}`);
    await env.settle();
    await view.stop();
    await untilNamespaceGone(env, exampleNodeNamespace(options.deactivate));
    for (const line of await nodeHealth(env.kube, options.deactivate)) say(`  ${line}`);
    say('\n== kubectl get lynqnode -n lynq-system');
    say(indent(lynqNodeTable(await env.deps.records.list(), new Date())));

    const failed = [...env.starter.executions.values()].filter((e) => e.status === 'FAILED');
    say(failed.length === 0 ? '\nAll executions succeeded.' : `\n${failed.length} execution(s) failed: ${failed.map((e) => e.name).join(', ')}`);
    return failed.length === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await view?.stop();
    await env?.stop();
  }
}

/** One sync round of every hub; the started executions and deletions of all of them. */
async function syncEveryHub(env: LocalEnvironment, say: (line?: string) => void): Promise<Pick<SyncReport, 'started' | 'deletions'>> {
  const reports: SyncReport[] = [];
  for (const { hub } of env.directory.hubs) {
    const report = await env.sync(undefined, hub.name);
    if (env.directory.hubs.length > 1) say(`  hub ${hub.name} (table ${hub.source.mysql.table}): ${report.started.length} started, ${report.deletions.length} deletion(s)`);
    reports.push(report);
  }
  return { started: reports.flatMap((r) => r.started), deletions: reports.flatMap((r) => r.deletions) };
}

/** Through each hub's table (a simple view is updatable): the row is in one of them. */
async function deactivate(env: LocalEnvironment, options: DemoOptions): Promise<void> {
  const db = env.db;
  if (!db) throw new Error('--deactivate needs the demo\'s own database');
  for (const { hub } of env.directory.hubs) {
    await db.query(`UPDATE \`${hub.source.mysql.table}\` SET \`${hub.valueMappings.activate}\` = FALSE WHERE \`${hub.valueMappings.uid}\` = ?`, [options.deactivate]);
  }
}

/**
 * A deleted namespace goes once the namespace controller has emptied it: at once on the emulator,
 * seconds later on a real cluster. Waits up to a minute; a namespace still there shows as terminating.
 */
async function untilNamespaceGone(env: LocalEnvironment, name: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && (await readLiveObject(env.kube, { apiVersion: 'v1', kind: 'Namespace', name }))) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function indent(text: string): string {
  return text.split('\n').map((l) => `  ${l}`).join('\n');
}
