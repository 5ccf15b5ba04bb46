// LynqNode records in the cluster (DESIGN §4): the only state store. Every write carries the
// resourceVersion it was based on, so two writers never silently overwrite each other.
import type { KubeConnection } from './kube-connection';
import type * as z from '../core/contracts/zod-api';
import type { KubeObject } from '../core/template/rendered-resource';
import type { LynqNodeRecord, LynqNodeStatus, LynqNodeSummary } from '../core/contracts/workflow-contracts';
import { DEFAULT_RECORD_NAMESPACE, LABEL_HUB, LYNQNODE_API_VERSION, LYNQNODE_KIND } from '../core/apply/tracking-labels';
import type { LynqNodeRecords } from '../core/contracts/lynqnode-records';
import { readySummary } from '../core/lynqnode/lynqnode-status';
import {
  LYNQNODE_SPEC_SCHEMA, LYNQNODE_STATUS_SCHEMA, LYNQNODE_SUMMARY_SPEC_SCHEMA, LYNQNODE_SUMMARY_STATUS_SCHEMA,
} from '../core/contracts/lynqnode-record-schemas';
import { fieldPath } from '../core/config/field-path';
import { KubeRest } from './kube-rest';
import { KubePermanentError, KubeStaleWriteError } from './kube-errors';
import { lynqNodeCrd } from './kube-lynqnode-crd';
import { updateStatusWithRetry } from './lynqnode-status-update';
import { statusRecordCrds } from './kube-status-crds';

const CRD_ESTABLISH_CHECKS = 30;
const CRD_ESTABLISH_INTERVAL_MS = 500;

export class LynqNodeStore implements LynqNodeRecords {
  private readonly rest: KubeRest;

  constructor(
    /** The cluster the records live in (local tools follow them with a watch). */
    readonly connection: KubeConnection,
    readonly namespace: string = DEFAULT_RECORD_NAMESPACE,
  ) {
    this.rest = KubeRest.for(connection);
  }

  async get(name: string): Promise<LynqNodeRecord | undefined> {
    const obj = await this.rest.get(this.ref(name));
    return obj ? toRecord(obj) : undefined;
  }

  async list(labelSelector?: string): Promise<LynqNodeRecord[]> {
    const items = await this.rest.list(LYNQNODE_API_VERSION, LYNQNODE_KIND, { namespace: this.namespace, labelSelector });
    return items.map(toRecord);
  }

  /** Every record of one hub, in full (row values, applied refs): for `plan`, which explains and diffs them. */
  listOfHub(hubName: string): Promise<LynqNodeRecord[]> {
    return this.list(`${LABEL_HUB}=${hubName}`);
  }

  /**
   * Every record of one hub as the sync needs it (its view of what is provisioned): each item is
   * reduced as it arrives, dropping the row values and applied refs, so memory stays small
   * however many nodes there are. Read from the watch cache: every decision the sync takes on it
   * stays safe when the view is a little stale (README, "Reading LynqNodes from the watch cache").
   */
  listSummariesOfHub(hubName: string): Promise<LynqNodeSummary[]> {
    const shared = sharedStrings();
    return this.rest.listMapped(LYNQNODE_API_VERSION, LYNQNODE_KIND, { namespace: this.namespace, labelSelector: `${LABEL_HUB}=${hubName}`, fromCache: true }, (obj) => toSummary(obj, shared));
  }

  /** Creates the record; its status (if any) is written right after, through the status subresource. */

  async create(record: LynqNodeRecord): Promise<LynqNodeRecord> {
    const created = toRecord(await this.rest.create(this.toObject(record, false)));
    if (!record.status) return created;
    return this.replaceStatus({ ...created, status: record.status });
  }

  /** Replaces spec and labels; fails with KubeStaleWriteError when record.resourceVersion is not current. */
  async replaceSpec(record: LynqNodeRecord): Promise<LynqNodeRecord> {
    this.requireVersion(record, 'replaceSpec');
    return toRecord(await this.rest.replace(this.toObject(record, false)));
  }

  /** Replaces the status (readySummary recomputed); fails with KubeStaleWriteError when stale. */
  async replaceStatus(record: LynqNodeRecord): Promise<LynqNodeRecord> {
    this.requireVersion(record, 'replaceStatus');
    if (!record.status) throw new KubePermanentError(`LynqNode ${this.namespace}/${record.name}: replaceStatus needs a status`, { target: this.target('update', record.name) });
    return toRecord(await this.rest.replace(this.toObject(record, true), 'status'));
  }

  /**
   * Deletes the record; a record already gone is fine. With `resourceVersion`, only the record as
   * it was read: one changed since (a newer claim) fails with KubeStaleWriteError and stays.
   */
  async delete(name: string, precondition?: { resourceVersion: string }): Promise<void> {
    await this.rest.delete(this.ref(name), precondition);
  }

  /**
   * Read-modify-write of the status, retried when another writer got there first.
   * `mutate` returns the new status, or undefined to leave the record as it is.
   */
  updateStatusWithRetry(name: string, mutate: (record: LynqNodeRecord) => LynqNodeStatus | undefined): Promise<LynqNodeRecord> {
    return updateStatusWithRetry(this, name, mutate);
  }

  /**
   * Installs or updates the LynqNode CRD and the LynqHub and LynqForm status-record CRDs, waits until
   * the API serves them, and creates the record namespace if missing.
   */
  async ensureCrd(): Promise<void> {
    for (const crd of [lynqNodeCrd, ...statusRecordCrds]) await this.rest.serverSideApply(crd, true);
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } };
    if (!(await this.rest.get({ apiVersion: 'v1', kind: 'Namespace', name: this.namespace }))) {
      await this.rest.create(namespace).catch((err: unknown) => {
        // Created concurrently by another writer: fine.
        if (!(err instanceof KubeStaleWriteError)) throw err;
      });
    }
    for (const crd of [lynqNodeCrd, ...statusRecordCrds]) await this.waitEstablished(crd.metadata.name);
  }

  private async waitEstablished(crdName: string): Promise<void> {
    const ref = { apiVersion: lynqNodeCrd.apiVersion, kind: lynqNodeCrd.kind, name: crdName };
    for (let check = 0; check < CRD_ESTABLISH_CHECKS; check++) {
      const crd = await this.rest.get(ref);
      const conditions = ((crd?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []);
      // An API server without CRD controllers (the emulator) may never set conditions: then serving is enough.
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True') || conditions.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, CRD_ESTABLISH_INTERVAL_MS));
    }
    throw new KubePermanentError(`CustomResourceDefinition ${crdName} was not established`, { target: { verb: 'get', kind: 'CustomResourceDefinition', name: crdName } });
  }

  private ref(name: string) {
    return { apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, name, namespace: this.namespace };
  }

  private target(verb: 'update' | 'get', name: string) {
    return { verb, apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, name, namespace: this.namespace };
  }

  private requireVersion(record: LynqNodeRecord, operation: string): void {
    if (!record.resourceVersion) {
      throw new KubePermanentError(`LynqNode ${this.namespace}/${record.name}: ${operation} needs the resourceVersion it was read at`, { target: this.target('update', record.name) });
    }
  }

  private toObject(record: LynqNodeRecord, withStatus: boolean): KubeObject {
    const metadata: KubeObject['metadata'] = { name: record.name, namespace: this.namespace, labels: record.labels };
    if (record.resourceVersion) metadata.resourceVersion = record.resourceVersion;
    const obj: KubeObject = { apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, metadata, spec: record.spec };
    if (withStatus && record.status) obj.status = { ...record.status, readySummary: readySummary(record.status) };
    return obj;
  }
}

/** A LynqNode object as the record the workflow reads. */
export function toRecord(obj: KubeObject): LynqNodeRecord {
  const record: LynqNodeRecord = {
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? '',
    labels: obj.metadata.labels ?? {},
    spec: checkedPart(obj, 'spec', LYNQNODE_SPEC_SCHEMA, obj.spec),
  };
  if (typeof obj.metadata.resourceVersion === 'string') record.resourceVersion = obj.metadata.resourceVersion;
  if (typeof obj.metadata.creationTimestamp === 'string') record.creationTimestamp = obj.metadata.creationTimestamp;
  if (hasStatus(obj)) record.status = checkedPart(obj, 'status', LYNQNODE_STATUS_SCHEMA, obj.status);
  return record;
}

/** A record without a status yet (or with an empty one) has none to read. */
function hasStatus(obj: KubeObject): boolean {
  const { status } = obj;
  return typeof status === 'object' && status !== null && Object.keys(status).length > 0;
}

/**
 * A record's spec or status as the schema reads it. A record edited by hand (or by something
 * else) fails with every bad field named, never with its value: the values are row data.
 */
function checkedPart<S extends z.ZodType>(obj: KubeObject, part: 'spec' | 'status', schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => `${fieldPath(issue.path.filter((key): key is string | number => typeof key !== 'symbol'), part)} ${issue.message}`);
  const where = `LynqNode ${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
  throw new KubePermanentError(`${where} is not a record lynq-sfn can read: ${fields.join('; ')}`, {
    target: { verb: 'get', apiVersion: LYNQNODE_API_VERSION, kind: LYNQNODE_KIND, name: obj.metadata.name, namespace: obj.metadata.namespace },
  });
}

const NO_IDS = Object.freeze([]) as unknown as string[];

/**
 * One copy of each string that many records repeat (namespace, hub, form, condition texts):
 * parsed JSON holds a copy per record, and the sync holds every record at once.
 */
function sharedStrings(): (value: string) => string {
  const pool = new Map<string, string>();
  return (value) => {
    const known = pool.get(value);
    if (known !== undefined) return known;
    pool.set(value, value);
    return value;
  };
}

/**
 * The sync's view of a record: everything the plan reads, parsed with the summary schemas so the
 * row values and applied refs are neither validated nor kept (see LynqNodeSummary).
 */
function toSummary(obj: KubeObject, shared: (value: string) => string): LynqNodeSummary {
  const spec = checkedPart(obj, 'spec', LYNQNODE_SUMMARY_SPEC_SCHEMA, obj.spec);
  spec.form = shared(spec.form);
  spec.hubId = shared(spec.hubId);
  const summary: LynqNodeSummary = { name: obj.metadata.name, namespace: shared(obj.metadata.namespace ?? ''), spec };
  if (!hasStatus(obj)) return summary;
  const status = checkedPart(obj, 'status', LYNQNODE_SUMMARY_STATUS_SCHEMA, obj.status);
  if (status.readySummary) status.readySummary = shared(status.readySummary);
  // A reconciled record's two hashes are one string; the many empty id lists are one (frozen) list.
  if (status.reconciledHash === spec.desiredHash) status.reconciledHash = spec.desiredHash;
  if (status.failedResourceIds.length === 0) status.failedResourceIds = NO_IDS;
  if (status.skippedResourceIds.length === 0) status.skippedResourceIds = NO_IDS;
  status.conditions = status.conditions.map((c) => ({
    ...c, type: shared(c.type) as typeof c.type, status: shared(c.status) as typeof c.status,
    reason: shared(c.reason), message: shared(c.message), lastTransitionTime: shared(c.lastTransitionTime),
  }));
  summary.status = status;
  return summary;
}
