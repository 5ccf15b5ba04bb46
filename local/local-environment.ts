// Everything a local run needs, in one place: a database (throwaway MariaDB, or any MySQL by URL),
// a cluster (the emulated API server with controller simulators, or any kubeconfig), the real
// workflow steps behind a local execution starter, and the real sync logic. Used by
// `lynq-sfn demo`, the end-to-end tests and the benchmarks.
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfigFiles } from '../lambdas/adapters/kubeconfig-files';
import { join } from 'node:path';
import type { ConfigDirectory, HubConfig, ProjectConfig } from '../lambdas/core/config/config-model';
import type { ExecutionInput } from '../lambdas/core/contracts/workflow-contracts';
import { loadConfigDirectory } from '../lambdas/adapters/config-directory';
import { selectHub } from '../lambdas/core/config/hub-lookup';
import { passwordRefSourceOf } from '../lambdas/adapters/hub-password';
import { DEFAULT_RECORD_NAMESPACE } from '../lambdas/core/apply/tracking-labels';
import { connectionSettingsFromHub, type MysqlConnectionSettings } from '../lambdas/adapters/mysql-connection-settings';
import { resolveMysqlConnection } from '../lambdas/adapters/mysql-connection-resolution';
import { syncSettingsFromEnv, type SyncSettings } from '../lambdas/core/sync/sync-settings';
import { runSync, type SyncReport } from '../lambdas/workflow/run-sync';
import type { AdapterDeps } from '../lambdas/adapters/adapter-deps';
import { LynqStatusRecords } from '../lambdas/adapters/lynq-status-records';
import { startTestDatabase, type TestDatabase } from './mariadb-harness';
import { startKubeEmulator, type KubeEmulator } from './kube-emulator';
import type { RdsPhase } from './controller-simulators/rds-instance-simulator';
import { installCrossplaneRdsCrd, startControllerSimulators, type ControllerSimulatorOptions, type ControllerSimulators } from './controller-simulators';
import { localWorkflowDeps, MemoryLog } from './local-deps';
import { LocalExecutionStarter, type TrackedExecution } from './local-execution-starter';
import type { LocalExecutionResult, SimulatableClock } from './local-state-machine';
import { PACKAGE_ROOT } from './package-root';

export interface LocalEnvironmentOptions {
  configDir: string;
  /** Any MySQL (mysql://user:pass@host:port/db); default: a throwaway MariaDB loaded with `sqlFiles`. */
  mysqlUrl?: string;
  /** Each hub's own database (its host, port, database, user and password source), not a throwaway one. */
  hubDatabases?: boolean;
  /** Any MySQL, fully specified (wins over mysqlUrl). */
  mysql?: MysqlConnectionSettings;
  /** Any cluster; default: the emulated API server. */
  kubeconfig?: string;
  /** SQL files loaded into the throwaway database (schema, rows). */
  sqlFiles?: string[];
  clock?: SimulatableClock;
  /** Seconds (on `clock`) the simulated RDS instance takes to become available. */
  rdsReadyAfterSeconds?: number;
  /** Phases the simulated RDS instance passes through before available (wins over rdsReadyAfterSeconds). */
  rdsPhases?: RdsPhase[];
  /** Real milliseconds each Wait state takes locally. */
  waitMs?: number;
  /** Run the controller simulators even against a real cluster (for clusters without controllers). */
  simulate?: boolean;
  /** Only objects this accepts are acted on by the simulators (a test run's own objects on a shared cluster). */
  simulatorScope?: ControllerSimulatorOptions['scope'];
  /** Namespace of the LynqNode records (default lynq-system); tests give each run its own. */
  recordNamespace?: string;
  beforeTask?(execution: string, state: string, input: unknown): Promise<void>;
  /** Another ASL file with the same `${...FunctionArn}` placeholders (e.g. the definition CDK synthesized). */
  definitionPath?: string;
}

export interface LocalEnvironment {
  /** Every hub of the configuration directory. */
  directory: ConfigDirectory;
  /** The first hub and its forms (the only one in a single-hub directory; the same object as in `directory`). */
  config: ProjectConfig;
  kube: KubeConfig;
  kubeconfigPath: string;
  db?: TestDatabase;
  /** The first hub's connection as given (URL or throwaway database); a passwordRef is read when a hub connects. */
  mysql: MysqlConnectionSettings;
  deps: AdapterDeps;
  starter: LocalExecutionStarter;
  simulators?: ControllerSimulators;
  log: MemoryLog;
  clock: SimulatableClock;
  /**
   * One sync round of one hub with the real sync logic (as the hub's schedule runs it);
   * executions keep running in the background. `hub` may be left out when there is one hub.
   */
  sync(settings?: Partial<SyncSettings>, hub?: string): Promise<SyncReport>;
  /** Waits for every started execution to finish. */
  settle(): Promise<LocalExecutionResult[]>;
  /** What a user does in the console: StartExecution with {"uid": ...}. */
  startExecution(input: ExecutionInput, name?: string): Promise<TrackedExecution>;
  stop(): Promise<void>;
}

export async function startLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  const directory = loadConfigDirectory(options.configDir);
  const config = directory.hubs[0];
  const recordNamespace = options.recordNamespace ?? DEFAULT_RECORD_NAMESPACE;
  const clock = options.clock ?? { now: () => new Date() };
  const cleanups: (() => Promise<void>)[] = [];
  try {
    let db: TestDatabase | undefined;
    let mysql: MysqlConnectionSettings;
    if (options.mysql || options.mysqlUrl || options.hubDatabases) {
      mysql = options.mysql ?? await resolveMysqlConnection(config.hub, { url: options.mysqlUrl });
    } else {
      const started = await startTestDatabase({ database: config.hub.source.mysql.database });
      db = started;
      cleanups.push(() => started.stop());
      for (const file of options.sqlFiles ?? []) await started.loadSqlFile(file);
      mysql = connectionSettingsFromHub(config.hub, started.password, { url: started.url });
    }

    let emulator: KubeEmulator | undefined;
    let kubeconfigPath = options.kubeconfig;
    if (!kubeconfigPath) {
      const started = await startKubeEmulator();
      emulator = started;
      cleanups.push(() => started.stop());
      kubeconfigPath = started.kubeconfigPath;
    }
    // A path or a KUBECONFIG-style list, merged as kubectl does.
    const kube = loadKubeconfigFiles(kubeconfigPath);

    // Each hub with its own database, user and password (its passwordRef, read from the cluster); a
    // URL or the throwaway database gives the host (and the database, unless the URL leaves it out).
    const hubConnection = async (hub: HubConfig): Promise<MysqlConnectionSettings> => {
      if (options.mysql) return options.mysql;
      if (db) return connectionSettingsFromHub(hub, db.password, { url: db.url });
      return resolveMysqlConnection(hub, { url: options.mysqlUrl, passwordRef: passwordRefSourceOf(hub, { kube: () => kube, recordNamespace }) });
    };
    const log = new MemoryLog();
    const deps = localWorkflowDeps({ config: directory, kube, mysql: hubConnection, clock, log, recordNamespace });
    // The LynqNode CRD and the record namespace, as the deploy guide has users apply them.
    await deps.records.ensureCrd();
    let simulators: ControllerSimulators | undefined;
    if (emulator || options.simulate) {
      await installCrossplaneRdsCrd(kube);
      const started = startControllerSimulators(kube, { clock, rdsReadyAfterSeconds: options.rdsReadyAfterSeconds ?? 5, rdsPhases: options.rdsPhases, scope: options.simulatorScope });
      simulators = started;
      cleanups.push(() => started.stop());
    }

    // A failed simulator pass is the simulated controllers' problem, never the product step's:
    // like a real controller, the next pass retries.
    const reconcileSimulators = async () =>
      simulators?.reconcileOnce().catch((e: unknown) => { log.warn('controller simulator pass failed; the next pass retries', { error: e instanceof Error ? e.message : String(e) }); });
    const starter = new LocalExecutionStarter({
      deps, clock, waitMs: options.waitMs ?? 10, definitionPath: options.definitionPath,
      beforeTask: async (execution, state, input) => {
        // The simulated controllers react before every check, so simulated time stays exact
        // however fast the shortened waits run.
        if (state === 'CheckReady' || state === 'ApplyResource') await reconcileSimulators();
        await options.beforeTask?.(execution, state, input);
      },
      // Controllers react to a write within moments (Crossplane starts creating the database).
      afterTask: async (_execution, state) => {
        if (state === 'ApplyResource') await reconcileSimulators();
      },
    });
    // The same knobs as the deployed sync (LYNQ_MAX_DELETE_PERCENT, LYNQ_ALLOW_MASS_DELETE, ...).
    const settings = syncSettingsFromEnv(process.env);
    const statusRecords = new LynqStatusRecords(kube, deps.records.namespace);
    let manual = 0;
    return {
      directory, config, kube, kubeconfigPath, db, mysql, deps, starter, simulators, log, clock,
      sync: async (override, hub) => {
        const project = selectHub(directory, hub);
        return runSync({
          readRows: () => deps.readRows(project.hub),
          listRecords: () => deps.records.listSummariesOfHub(project.hub.name),
          starter,
          log,
          clock,
          statusRecords,
        }, project, { ...settings, ...override });
      },
      settle: () => starter.settle(),
      async startExecution(input, name) {
        const executionName = name ?? `manual-${input.uid}-${Date.now()}-${manual++}`;
        await starter.start(executionName, input);
        const execution = starter.executions.get(executionName);
        if (!execution) throw new Error(`execution ${executionName} was not tracked after its start`);
        return execution;
      },
      async stop() {
        await starter.settle().catch(() => undefined);
        for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
}

export const EXAMPLE_DIR = join(PACKAGE_ROOT, 'examples', 'database-per-node');
