// What the workflow steps need of the LynqNode record store. The real one is
// lambdas/adapters/lynqnode-store.ts (the LynqNode custom resources); test/support/in-memory-lynqnode-records.ts
// is an in-memory fake. Every write carries the resourceVersion it was based on.
import type { LynqNodeRecord, LynqNodeStatus } from './workflow-contracts';

export interface LynqNodeRecords {
  /** The namespace the records live in. */
  readonly namespace: string;
  get(name: string): Promise<LynqNodeRecord | undefined>;
  /** The records matching an equality label selector (`k=v,k2=v2`), or all of them. */
  list(labelSelector?: string): Promise<LynqNodeRecord[]>;
  /** Creates the record; its status (if any) is written right after. */
  create(record: LynqNodeRecord): Promise<LynqNodeRecord>;
  /** Replaces spec and labels; fails when record.resourceVersion is not current. */
  replaceSpec(record: LynqNodeRecord): Promise<LynqNodeRecord>;
  /** Replaces the status; fails when record.resourceVersion is not current. */
  replaceStatus(record: LynqNodeRecord): Promise<LynqNodeRecord>;
  /** Deletes the record (gone already is fine); with a resourceVersion, only that version. */
  delete(name: string, precondition?: { resourceVersion: string }): Promise<void>;
  /** Read-modify-write of the status, retried on a stale write; `mutate` returning undefined writes nothing. */
  updateStatusWithRetry(name: string, mutate: (record: LynqNodeRecord) => LynqNodeStatus | undefined): Promise<LynqNodeRecord>;
}
