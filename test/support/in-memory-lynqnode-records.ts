// An in-memory LynqNode record store (lambdas/core/contracts/lynqnode-records.ts) for unit tests of
// the workflow steps: every write checks and moves the resourceVersion, as the API server does,
// and a stale write fails with the adapter's KubeStaleWriteError.
import type { LynqNodeRecords } from '../../lambdas/core/contracts/lynqnode-records';
import type { LynqNodeRecord, LynqNodeStatus } from '../../lambdas/core/contracts/workflow-contracts';
import { DEFAULT_RECORD_NAMESPACE, LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../../lambdas/core/apply/tracking-labels';
import { updateStatusWithRetry } from '../../lambdas/adapters/lynqnode-status-update';
import { KubeNotFoundError, KubeStaleWriteError } from '../../lambdas/adapters/kube-errors';

export class InMemoryLynqNodeRecords implements LynqNodeRecords {
  private readonly records = new Map<string, LynqNodeRecord>();
  private version = 0;

  constructor(readonly namespace: string = DEFAULT_RECORD_NAMESPACE) {}

  get(name: string): Promise<LynqNodeRecord | undefined> {
    const found = this.records.get(name);
    return Promise.resolve(found && structuredClone(found));
  }

  list(labelSelector?: string): Promise<LynqNodeRecord[]> {
    const wanted = (labelSelector ?? '').split(',').filter(Boolean).map((term) => term.split('='));
    const matches = (record: LynqNodeRecord) => wanted.every(([key = '', value]) => record.labels[key] === value);
    return Promise.resolve([...this.records.values()].filter(matches).map((record) => structuredClone(record)));
  }

  async create(record: LynqNodeRecord): Promise<LynqNodeRecord> {
    if (this.records.has(record.name)) throw new KubeStaleWriteError(`LynqNode ${record.name} already exists`, { statusCode: 409, reason: 'AlreadyExists', target: this.target('create', record.name) });
    const { status, ...rest } = structuredClone(record);
    const created = this.store({ ...rest, namespace: this.namespace, creationTimestamp: '2026-01-01T00:00:00Z' });
    return status ? this.replaceStatus({ ...created, status }) : created;
  }

  replaceSpec(record: LynqNodeRecord): Promise<LynqNodeRecord> {
    return this.write(record, (current) => ({ ...current, labels: structuredClone(record.labels), spec: structuredClone(record.spec) }));
  }

  replaceStatus(record: LynqNodeRecord): Promise<LynqNodeRecord> {
    return this.write(record, (current) => ({ ...current, status: structuredClone(record.status) }));
  }

  delete(name: string, precondition?: { resourceVersion: string }): Promise<void> {
    const current = this.records.get(name);
    if (current && precondition && precondition.resourceVersion !== current.resourceVersion) {
      return Promise.reject(new KubeStaleWriteError(`LynqNode ${name} was changed since it was read`, { statusCode: 409, target: this.target('delete', name) }));
    }
    this.records.delete(name);
    return Promise.resolve();
  }

  updateStatusWithRetry(name: string, mutate: (record: LynqNodeRecord) => LynqNodeStatus | undefined): Promise<LynqNodeRecord> {
    return updateStatusWithRetry(this, name, mutate);
  }


  /** Every record, for assertions. */
  all(): LynqNodeRecord[] {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  /** A write based on `record.resourceVersion`: refused when the record is gone or has changed since. */
  private write(record: LynqNodeRecord, change: (current: LynqNodeRecord) => LynqNodeRecord): Promise<LynqNodeRecord> {
    const current = this.records.get(record.name);
    if (!current) return Promise.reject(new KubeNotFoundError(`LynqNode ${this.namespace}/${record.name} not found`, { statusCode: 404, target: this.target('update', record.name) }));
    if (record.resourceVersion !== current.resourceVersion) {
      return Promise.reject(new KubeStaleWriteError(`LynqNode ${record.name} was changed since it was read`, { statusCode: 409, target: this.target('update', record.name) }));
    }
    return Promise.resolve(this.store(change(current)));
  }

  private store(record: LynqNodeRecord): LynqNodeRecord {
    this.version++;
    const stored = { ...record, resourceVersion: String(this.version) };
    if (stored.status === undefined) delete stored.status;
    this.records.set(record.name, stored);
    return structuredClone(stored);
  }

  private target(verb: 'create' | 'update' | 'delete', name: string) {
    return { verb, apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, name, namespace: this.namespace };
  }
}
