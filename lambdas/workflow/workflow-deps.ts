// What the state machine's steps need from the outside world, injected so the same
// step code runs in Lambda (handlers/) and in the local runner (local/).
import type { KubeConnection } from '../adapters/kube-connection';
import type { ProjectConfig } from '../core/config/config-model';
import type { LynqNodeStore } from '../adapters/lynqnode-store';
import type { TransientErrorLimits } from '../core/readiness/provider-errors';

export interface StructuredLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface WorkflowDeps {
  config: ProjectConfig;
  kube: KubeConnection;
  records: LynqNodeStore;
  /** Rows of the hub table keyed by column name (one query): all of them, or one uid's. */
  readRows(filter?: { uid: string }): Promise<Record<string, unknown>[]>;
  clock: { now(): Date };
  log: StructuredLog;
  /** How long a transient provider error is waited out (default DEFAULT_TRANSIENT_ERROR_LIMITS). */
  transientErrors?: TransientErrorLimits;
}
