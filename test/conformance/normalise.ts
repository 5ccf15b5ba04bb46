// The corpus README's normalisation (rules 1-11): volatile values become placeholders, numbered
// per scenario, so that an emulator's answer can be deep-compared with a recorded one.
import type { RecordedResponse } from './corpus';
import { jsonText } from '../../local/kube-emulator/json-types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObj = { [key: string]: Json };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const RFC3339 = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;
const RFC3339_EXACT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const TIME_KEYS = new Set([
  'creationTimestamp', 'deletionTimestamp', 'lastTransitionTime', 'time', 'lastUpdateTime', 'lastHeartbeatTime', 'lastProbeTime',
  'lastScaleTime', 'startTime', 'completionTime', 'eventTime', 'firstTimestamp', 'lastTimestamp',
]);

function isObj(v: unknown): v is JsonObj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function managedFieldsKey(e: Json): string {
  const o = isObj(e) ? e : {};
  return [o.operation, o.manager, o.apiVersion, o.subresource ?? ''].map((value) => jsonText(value)).join('\u0000');
}

/** One scenario's placeholder numbering; feed it the responses in step order. */
export class Normaliser {
  private readonly uids = new Map<string, string>();
  private readonly rvs = new Map<string, string>();

  private uid(u: string): string {
    if (!this.uids.has(u)) this.uids.set(u, `<uid:${this.uids.size + 1}>`);
    return this.uids.get(u)!;
  }

  private rv(v: string): string {
    if (!this.rvs.has(v)) this.rvs.set(v, `<rv:${this.rvs.size + 1}>`);
    return this.rvs.get(v)!;
  }

  private text(s: string): string {
    return s.replace(UUID, (u) => this.uid(u));
  }

  private message(s: string): string {
    return this.text(s)
      .replace(RFC3339, '<time>')
      .replace(/ResourceVersion in record \((\d+)\)/g, (_, n: string) => `ResourceVersion in record (${this.rv(n)})`)
      .replace(/(\\?)"resourceVersion\1":\1"(\d+)\1"/g, (_, q: string, n: string) => `${q}"resourceVersion${q}":${q}"${this.rv(n)}${q}"`);
  }

  normalise(response: RecordedResponse, opts: { crdGroups?: ReadonlySet<string>; path?: string } = {}): RecordedResponse {
    let body = response.body as Json | undefined;
    if (isObj(body)) body = this.discoveryScope(body, opts);
    const out: RecordedResponse = { status: response.status, headers: { ...response.headers } };
    if (body !== undefined) out.body = this.walk(body, undefined);
    return out;
  }

  /** Rule 11. */
  private discoveryScope(body: JsonObj, opts: { crdGroups?: ReadonlySet<string> }): JsonObj {
    const groups = opts.crdGroups ?? new Set<string>();
    if (body.kind === 'APIGroupList' && Array.isArray(body.groups)) {
      return { ...body, groups: body.groups.filter((g) => !(isObj(g) && groups.has(jsonText(g.name)))) };
    }
    if (body.kind === 'APIResourceList' && Array.isArray(body.resources) && typeof body.groupVersion === 'string') {
      const group = body.groupVersion.includes('/') ? body.groupVersion.split('/')[0] : '';
      if (groups.has(group)) {
        const sorted = [...body.resources].sort((a, b) => (jsonText((a as JsonObj).name) < jsonText((b as JsonObj).name) ? -1 : 1));
        return { ...body, resources: sorted };
      }
    }
    return body;
  }

  private walk(value: Json, key: string | undefined): Json {
    if (typeof value === 'string') {
      if (key !== undefined && TIME_KEYS.has(key) && RFC3339_EXACT.test(value)) return '<time>';
      if (key === 'message') return this.message(value);
      if (key === 'storageVersionHash') return '<hash>';
      if (key === 'selfLink') return '<selfLink>';
      if (key === 'clusterIP' && value !== 'None' && value !== '') return '<clusterIP>';
      return this.text(value);
    }
    if (typeof value === 'number') {
      if (key === 'nodePort' || key === 'healthCheckNodePort') return '<nodePort>';
      return value;
    }
    if (Array.isArray(value)) {
      let items = value;
      if (key === 'managedFields') items = [...value].sort((a, b) => (managedFieldsKey(a) < managedFieldsKey(b) ? -1 : managedFieldsKey(a) > managedFieldsKey(b) ? 1 : 0));
      if (key === 'clusterIPs') return items.map((ip) => (ip === 'None' ? ip : '<clusterIP>'));
      return items.map((v) => this.walk(v, undefined));
    }
    if (!isObj(value)) return value;
    const out: JsonObj = {};
    const isList = (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) || value.kind === 'Table';
    for (const k of Object.keys(value).sort()) {
      const v = value[k];
      const nk = this.text(k);
      if (k === 'metadata' && isObj(v)) {
        out[nk] = this.metadata(v, isList);
        continue;
      }
      out[nk] = this.walk(v, k);
    }
    if (value.kind === 'Table') this.tableAges(out);
    return out;
  }

  private metadata(meta: JsonObj, ofList: boolean): JsonObj {
    const out: JsonObj = {};
    for (const k of Object.keys(meta).sort()) {
      const v = meta[k];
      if (k === 'resourceVersion' && typeof v === 'string') out[k] = ofList ? '<rv>' : this.rv(v);
      else if (k === 'continue' && typeof v === 'string' && v !== '') out[k] = '<continue>';
      else if (k === 'name' && typeof v === 'string' && typeof meta.generateName === 'string' && meta.generateName !== '' && v.startsWith(meta.generateName) && v !== meta.generateName) {
        out[k] = `${meta.generateName}<suffix>`;
      } else out[this.text(k)] = this.walk(v, k);
    }
    return out;
  }

  /** Rule 10. */
  private tableAges(table: JsonObj): void {
    const defs = Array.isArray(table.columnDefinitions) ? table.columnDefinitions : [];
    const ageColumns = defs.map((d, i) => (isObj(d) && (d.type === 'date' || d.name === 'Age') ? i : -1)).filter((i) => i >= 0);
    if (!Array.isArray(table.rows)) return;
    for (const row of table.rows) {
      if (!isObj(row) || !Array.isArray(row.cells)) continue;
      for (const i of ageColumns) if (i < row.cells.length) row.cells[i] = '<age>';
    }
  }
}
