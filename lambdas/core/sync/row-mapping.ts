// Rows of the hub table -> template variables of nodes (DESIGN §3, §5).
//
// Values keep their SQL types: numbers stay numbers, NULL is null, DATETIME/TIMESTAMP become ISO
// strings (a zero date is null), JSON columns are their JSON text. mysql2 delivers BOOLEAN/TINYINT(1) as 0/1 with nothing to tell them from other
// integers, so only the column mapped to `activate` is read as a flag; a form that wants a real
// boolean from another such column writes `bool(column)` (see the example's `multiAZ`).
// A BIT(1) column arrives as a one-byte Buffer and becomes 0/1 the same way. Other binary data
// is not a template value and is rejected.
//
// Invalid rows are rejected with a reason, never mangled into something else.
import type { FormConfig, HubConfig, NodeValue, NodeValues } from '../config/config-model';
import { dnsLabelProblem } from './dns-label';
import { toHost } from '../template/template-helpers';

export interface RowRejection {
  /** Index of the row in the query result. */
  rowIndex: number;
  uid: string | null;
  /** The column the problem is in. */
  field: string;
  reason: string;
}

export interface MappedRows {
  nodes: NodeValues[];
  rejected: RowRejection[];
}

/** Every column the hub maps, each once (for the SELECT and for checking the table). */
export function mappedColumns(hub: HubConfig): string[] {
  const columns = [hub.valueMappings.uid, hub.valueMappings.activate];
  if (hub.valueMappings.hostOrUrl !== undefined) columns.push(hub.valueMappings.hostOrUrl);
  columns.push(...Object.values(hub.extraValueMappings));
  return [...new Set(columns)];
}

const TRUE_WORDS = new Set(['1', 'true', 'yes']);

/** `activate`: 1, true, yes (case-insensitive) and SQL booleans; everything else is inactive. */
export function isActiveValue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) === 1;
  if (typeof value === 'string') return TRUE_WORDS.has(value.toLowerCase());
  if (Buffer.isBuffer(value)) return value.length === 1 && value[0] === 1;
  return false;
}

type Converted = { ok: true; value: NodeValue } | { ok: false; reason: string };

function convertValue(value: unknown): Converted {
  if (value === null) return { ok: true, value: null };
  if (typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'is not a finite number' };
  if (typeof value === 'bigint') {
    // Beyond 2^53 a JS number would silently change the value; the decimal text keeps it.
    return { ok: true, value: Number.isSafeInteger(Number(value)) ? Number(value) : value.toString() };
  }
  // A zero date (`0000-00-00`) is no point in time: null, as the adapter reads it.
  if (value instanceof Date) return { ok: true, value: Number.isNaN(value.getTime()) ? null : value.toISOString() };
  if (Buffer.isBuffer(value)) {
    if (value.length === 1 && (value[0] === 0 || value[0] === 1)) return { ok: true, value: value[0] };
    return { ok: false, reason: `holds binary data (${value.length} bytes), which is not a supported template value` };
  }
  // A JSON column a driver parsed (MySQL's JSON type): its JSON text, which fromJson() reads back.
  if (Array.isArray(value) || (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)) {
    return { ok: true, value: JSON.stringify(value) };
  }
  return { ok: false, reason: `has an unsupported type (${typeof value})` };
}

function uidOf(value: unknown): { uid: string | null; problem: string | null } {
  if (value === null || value === undefined) return { uid: null, problem: 'uid is NULL' };
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = value.toString();
    return { uid: text, problem: dnsLabelProblem(text) === null ? null : `uid ${JSON.stringify(text)} ${dnsLabelProblem(text)}` };
  }
  if (typeof value !== 'string') return { uid: null, problem: `uid has an unsupported type (${typeof value})` };
  const problem = dnsLabelProblem(value);
  return { uid: value, problem: problem === null ? null : `uid ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)} ${problem}` };
}

export function mapHubRows(hub: HubConfig, rows: Record<string, unknown>[]): MappedRows {
  const { uid: uidColumn, activate: activateColumn, hostOrUrl: hostColumn } = hub.valueMappings;
  const rejected: RowRejection[] = [];
  const nodes: NodeValues[] = [];
  const uids = rows.map((row) => uidOf(row[uidColumn]));
  // A uid on several rows is ambiguous: none of them is trusted (Lynq's "last row wins" is not kept).
  const rowsByUid = new Map<string, number[]>();
  uids.forEach(({ uid, problem }, rowIndex) => {
    if (uid === null || problem !== null) return;
    const same = rowsByUid.get(uid);
    if (same) same.push(rowIndex);
    else rowsByUid.set(uid, [rowIndex]);
  });
  // Per hub, not per row: a sync maps every row of the table.
  const columns = mappedColumns(hub);
  const extraMappings = Object.entries(hub.extraValueMappings);

  rows.forEach((row, rowIndex) => {
    const read = uids[rowIndex];
    if (!read) return; // one per row: uids is rows mapped
    const { uid, problem } = read;
    const reject = (field: string, reason: string): void => {
      rejected.push({ rowIndex, uid: problem === null ? uid : null, field, reason });
    };
    for (const column of columns) {
      if (!Object.prototype.hasOwnProperty.call(row, column)) {
        reject(column, `mapped column '${column}' is missing from the row`);
        return;
      }
    }
    if (problem !== null) {
      reject(uidColumn, problem);
      return;
    }
    const sameUid = rowsByUid.get(uid as string) ?? [];
    if (sameUid.length > 1) {
      reject(uidColumn, `duplicate uid '${uid}' (rows ${sameUid.join(', ')})`);
      return;
    }
    const node: NodeValues = { uid: uid as string, activate: isActiveValue(row[activateColumn]), hubId: hub.name };
    if (hostColumn !== undefined) {
      const host = convertValue(row[hostColumn]);
      if (!host.ok) { reject(hostColumn, `hostOrUrl ${host.reason}`); return; }
      node.hostOrUrl = host.value;
      node.host = host.value === null ? null : toHost(String(host.value));
    }
    for (const [variable, column] of extraMappings) {
      const converted = convertValue(row[column]);
      if (!converted.ok) { reject(column, `value for '${variable}' ${converted.reason}`); return; }
      node[variable] = converted.value;
    }
    nodes.push(node);
  });
  return { nodes, rejected };
}

/** The node's variables as a form's templates see them: adds `templateRef` (the form name). */
export function templateVariables(node: NodeValues, form: FormConfig): NodeValues {
  return { ...node, templateRef: form.name };
}
