// One drift detection round (issue #13): for every settled node (Ready, for its current row and
// form) render what its next apply would send, list what is in the cluster (metadata only, one
// paginated LIST per kind), and start a repair execution for each node with drift, at most
// maxConcurrentRepairs running at once. It writes nothing itself: the repair execution records the
// drift on the LynqNode and writes the drifted objects again.
import type { ProjectConfig } from '../core/config/config-model';
import type { LynqNodeSummary } from '../core/contracts/workflow-contracts';
import { mapHubRows, templateVariables } from '../core/sync/row-mapping';
import { planSync } from '../core/sync/sync-plan';
import type { SyncSettings } from '../core/sync/sync-settings';
import type { DriftSettings } from '../core/sync/drift-settings';
import { detectDrift, type ExpectedObject, type LiveMetadata, type NodeDrift } from '../core/sync/drift-detection';
import { planRepair, repairsInFlight, repairsWithinMaxSkew, throttleRepairs, type PlannedRepair } from '../core/sync/drift-repair';
import { renderResources } from '../core/template/template-render';
import { desiredObject } from '../core/apply/desired-object';
import { withApplyAnnotations } from '../core/apply/applied-hash';
import { lynqNodeName } from '../core/lynqnode/lynqnode-status';
import type { ExecutionStarter } from '../adapters/execution-starter';
import type { StructuredLog } from './workflow-deps';
import type { SyncMetrics } from './run-sync';

export interface DriftRoundDeps {
  readRows(): Promise<Record<string, unknown>[]>;
  listRecords(): Promise<LynqNodeSummary[]>;
  /** The hub's managed objects of one kind, metadata only. */
  listManaged(apiVersion: string, kind: string): Promise<LiveMetadata[]>;
  isNamespaced(apiVersion: string, kind: string): Promise<boolean>;
  /** Namespace of the LynqNode records (where namespaced objects without a namespace land). */
  recordNamespace: string;
  starter: ExecutionStarter;
  log: StructuredLog;
  metrics?: SyncMetrics;
  clock: { now(): Date };
}

export interface DriftRoundReport {
  nodesChecked: number;
  objectsExpected: number;
  objectsListed: number;
  /** Kinds listed (one paginated LIST each). */
  kinds: string[];
  drifted: NodeDrift[];
  /** Names of the repair executions started (or already running under that name). */
  repairs: string[];
  /** Drifted nodes left for a later round by their form's maxSkew or the concurrency cap. */
  deferred: number;
  startFailures: number;
  durationMs: number;
}

export async function runDriftRound(deps: DriftRoundDeps, config: ProjectConfig, syncSettings: SyncSettings, settings: DriftSettings): Promise<DriftRoundReport> {
  const started = deps.clock.now();
  const hub = config.hub.name;
  const mapped = mapHubRows(config.hub, await deps.readRows());
  const records = await deps.listRecords();
  const rejectedUids = mapped.rejected.map((r) => r.uid).filter((uid): uid is string => uid !== null);
  const plan = planSync({ forms: config.forms, nodes: mapped.nodes, records, now: started, settings: syncSettings, rejectedUids });
  // Only settled nodes: one that is starting, running or failing is being written anyway.
  const settled = plan.idle.filter((n) => n.reason === 'ready');
  const nodesByUid = new Map(mapped.nodes.map((n) => [n.uid, n]));

  const expected: ExpectedObject[] = [];
  for (const { uid, form: formName } of settled) {
    const form = config.forms.find((f) => f.name === formName);
    const node = nodesByUid.get(uid);
    if (!form || !node) continue;
    const identity = { nodeName: lynqNodeName(uid, formName), recordNamespace: deps.recordNamespace, uid, form: formName, hubId: hub };
    try {
      for (const rendered of renderResources(form, templateVariables(node, form), { now: started })) {
        const namespaced = await deps.isNamespaced(rendered.manifest.apiVersion, rendered.manifest.kind);
        // The hash and start-time values do not matter here, only that the annotations are sent.
        const desired = withApplyAnnotations(desiredObject(rendered, identity, namespaced), '', '');
        expected.push({ node: identity.nodeName, uid, form: formName, resourceId: rendered.id, template: rendered.template, desired });
      }
    } catch (err) {
      // Its own execution reports a render error; drift cannot be judged without the objects.
      deps.log.warn('Drift not checked: the node\'s resources could not be rendered', { hub, uid, form: formName, error: err instanceof Error ? err.message : String(err) });
    }
  }

  const kinds = new Map(expected.map((e) => [`${e.desired.apiVersion} ${e.desired.kind}`, { apiVersion: e.desired.apiVersion, kind: e.desired.kind }]));
  const live: LiveMetadata[] = [];
  for (const { apiVersion, kind } of kinds.values()) live.push(...(await deps.listManaged(apiVersion, kind)));
  const drifted = detectDrift(expected, live);

  const recordsByName = new Map(records.map((r) => [r.name, r]));
  const repairs = drifted.flatMap((d): PlannedRepair[] => {
    const record = recordsByName.get(d.node);
    return record ? [planRepair(d, record, started)] : [];
  });
  // Each form's maxSkew first (repairs count as updating nodes), then the overall repair cap.
  const withinSkew = repairsWithinMaxSkew(repairs, config.forms, records);
  const capped = throttleRepairs(withinSkew.start, { maxConcurrent: settings.maxConcurrentRepairs, inFlight: repairsInFlight(records) });
  const start = capped.start;
  const deferred = [...withinSkew.deferred, ...capped.deferred];
  const report: DriftRoundReport = {
    nodesChecked: settled.length, objectsExpected: expected.length, objectsListed: live.length,
    kinds: [...kinds.keys()], drifted, repairs: [], deferred: deferred.length, startFailures: 0, durationMs: 0,
  };
  for (const repair of start) {
    // What drifted is named by id, kind, object name and field path: never a value.
    const what = repair.resources.map((r) => `${r.id} (${r.reason}${r.fields ? `: ${r.fields.join(', ')} now owned by ${(r.managers ?? []).join(', ')}` : ''})`);
    try {
      await deps.starter.start(repair.name, repair.input);
      report.repairs.push(repair.name);
      deps.log.info('Drift repair started', { hub, execution: repair.name, uid: repair.uid, form: repair.form, drifted: what });
    } catch (err) {
      report.startFailures++;
      deps.log.error('Drift repair could not be started', { hub, execution: repair.name, uid: repair.uid, form: repair.form, error: err instanceof Error ? err.message : String(err) });
    }
  }
  report.durationMs = deps.clock.now().getTime() - started.getTime();
  deps.metrics?.count('DriftedNodes', drifted.length);
  deps.metrics?.count('DriftRepairsStarted', report.repairs.length);
  deps.metrics?.count('DriftRoundDurationMs', report.durationMs);
  deps.log.info('Drift detection round finished', {
    hub, nodesChecked: report.nodesChecked, objectsExpected: report.objectsExpected, objectsListed: report.objectsListed,
    kinds: report.kinds.length, drifted: drifted.length, repairs: report.repairs.length, deferred: report.deferred, durationMs: report.durationMs,
  });
  return report;
}
