// WorkflowDeps for a local run: the same adapters as in Lambda (MySQL, Kubernetes from a
// kubeconfig), with an injectable clock and a log that stays out of the progress display.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ConfigDirectory, HubConfig } from '../lambdas/core/config/config-model';
import { LynqNodeStore } from '../lambdas/adapters/lynqnode-store';
import { readHubRows } from '../lambdas/adapters/mysql-rows';
import type { MysqlConnectionSettings } from '../lambdas/adapters/mysql-connection-settings';
import { DEFAULT_RECORD_NAMESPACE } from '../lambdas/core/apply/tracking-labels';
import type { StructuredLog } from '../lambdas/workflow/workflow-deps';
import type { AdapterDeps } from '../lambdas/adapters/adapter-deps';
import { KubeRest } from '../lambdas/adapters/kube-rest';

export interface LocalDepsOptions {
  config: ConfigDirectory;
  kube: KubeConfig;
  /** The connection of each hub (hubs may read different databases or users). */
  mysql: (hub: HubConfig) => Promise<MysqlConnectionSettings>;
  clock: { now(): Date };
  log?: StructuredLog;
  recordNamespace?: string;
}

export function localWorkflowDeps(options: LocalDepsOptions): AdapterDeps {
  return {
    config: options.config,
    kube: options.kube,
    cluster: KubeRest.for(options.kube),
    records: new LynqNodeStore(options.kube, options.recordNamespace ?? DEFAULT_RECORD_NAMESPACE),
    readRows: async (hub, filter) => readHubRows(hub, await options.mysql(hub), { uid: filter?.uid }),
    clock: options.clock,
    log: options.log ?? silentLog,
  };
}

export const silentLog: StructuredLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Collects log lines in memory: tests assert on them, the CLI prints warnings and errors. */
export class MemoryLog implements StructuredLog {
  readonly lines: { level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }[] = [];
  info(message: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'info', message, fields }); }
  warn(message: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'warn', message, fields }); }
  error(message: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'error', message, fields }); }
}
