// LoadNode: read the row and the LynqNode fresh, claim the node, decide apply / delete / nothing.
// It never turns an update into a deletion on its own: a node whose row is gone or inactive is
// deleted only when the input says allowDelete (a sync decision that passed the mass-deletion
// guard, or an operator's explicit manual run).
import type { FormConfig, NodeValues, ProjectConfig } from '../core/config/config-model';
import { allForms, projectOfForm } from '../core/config/hub-lookup';
import { LABEL_UID } from '../core/apply/tracking-labels';
import type { LynqNodeRecord, LynqNodeStatus, NodeRun } from '../core/contracts/workflow-contracts';
import type { AppliedRef, DriftReport } from '../core/contracts/workflow-contracts';
import { resourceKey } from '../core/apply/resource-key';
import { parseExecutionInput, parseLoadNodeEvent, type LoadNodeEvent } from '../core/contracts/payload-parsing';
import { PermanentError } from '../core/contracts/workflow-errors';
import { mapHubRows, templateVariables } from '../core/sync/row-mapping';
import { desiredHash } from '../core/apply/desired-hash';
import { dependencyLevels } from '../core/apply/dependency-graph';
import { lynqNodeLabels, lynqNodeName } from '../core/lynqnode/lynqnode-status';
import { emptyStatus, progressingStatus } from '../core/lynqnode/lynqnode-progress';
import { renderedRefs } from './rendered-refs';
import { removeOrphans } from './orphan-cleanup';
import { placeRecordedRefs } from '../adapters/resource-placement';
import type { StateMachineTask, WorkflowDeps } from './workflow-deps';

/** The LoadNode Task. Its result's `action` (apply / delete / none) is what the RouteAction Choice routes on. */
export const loadNodeTask: StateMachineTask = (deps, event) => loadNode(deps, parseLoadNodeEvent(event));

export async function loadNode(deps: WorkflowDeps, event: LoadNodeEvent): Promise<NodeRun> {
  const input = parseExecutionInput(event.input);
  const formName = input.form ?? await formOfUid(deps, input.uid);
  // Form names are unique across hubs: the form says which hub's table holds the node's row.
  const project = projectOfForm(deps.config, formName);
  const form = project?.forms.find((f) => f.name === formName);
  const name = lynqNodeName(input.uid, formName);
  const record = await deps.records.get(name);
  const values = form && project ? await readNodeValues(deps, input.uid, form, project) : undefined;
  const run: NodeRun = {
    uid: input.uid, form: formName, execution: event.execution, startTime: event.startTime,
    action: 'none', reason: '', desiredHash: '', levels: [], levelIndex: 0, currentLevel: [],
    readyIds: [], failedIds: [], skippedIds: [], failureMessages: [],
  };

  if (form && project && values?.activate) {
    const hash = desiredHash(values, form);
    const levels = dependencyLevels(form.resources);
    const previousRefs = await placeRecordedRefs(deps.cluster, record?.status?.appliedRefs ?? [], deps.records.namespace);
    const refs = await renderedRefs(deps.cluster, form, values, new Date(event.startTime), previousRefs, deps.records.namespace);
    await claimForApply(deps, record, { name, values, hash, execution: event.execution, form, hubId: project.hub.name, refs, drift: input.drift });
    await removeOrphans(deps, name, { uid: input.uid, form: form.name, hubId: project.hub.name }, previousRefs, refs);
    deps.log.info('node claimed for apply', { node: name, execution: event.execution, levels: levels.length });
    return { ...run, action: 'apply', reason: record ? 'update' : 'create', desiredHash: hash, levels, currentLevel: levels[0] ?? [] };
  }
  if (record) {
    const reason = !form ? 'form removed from the configuration' : values ? 'row deactivated' : 'row deleted';
    if (!input.allowDelete) {
      // Rows may vanish between the sync's plan and this step (a table emptied by mistake): only the
      // sync's guarded decision, or an explicit manual run, deprovisions.
      deps.log.warn('node not deleted: the input does not allow deletion', { node: name, execution: event.execution, reason });
      return { ...run, action: 'none', reason: `${reason}; left as it is because the input does not say "allowDelete": true` };
    }
    const now = deps.clock.now();
    await deps.records.updateStatusWithRetry(name, (current) => ({
      ...(current.status ?? emptyStatus(form?.resources.length ?? 0)),
      currentExecution: event.execution,
      claim: { execution: event.execution, claimedAt: now.toISOString() },
      lastAction: 'delete',
      conditions: progressingStatus(current.status, now, 'Deleting', 'Deleting the node\'s resources').conditions,
    }));
    deps.log.info('node claimed for deletion', { node: name, execution: event.execution, reason });
    return { ...run, action: 'delete', reason };
  }
  if (!form) {
    throw new PermanentError(`node ${input.uid}: form "${formName}" is not configured (forms: ${allForms(deps.config).map((f) => f.name).join(', ')})`);
  }
  return { ...run, action: 'none', reason: values ? 'row inactive and nothing provisioned' : 'no row and nothing provisioned' };
}

/**
 * The form of an input without one. The only form of the configuration; with one hub of several
 * forms, none (the input must name it, as before several hubs existed). With several hubs, the one
 * form this uid has: forms of the hubs whose tables hold a row for it, and forms of its LynqNode
 * records (so a node whose row is gone can still be deprovisioned by hand). More than one is an
 * error listing them.
 */
async function formOfUid(deps: WorkflowDeps, uid: string): Promise<string> {
  const forms = allForms(deps.config);
  const [only] = forms;
  if (only && forms.length === 1) return only.name;
  const hint = `start the execution with {"uid": "${uid}", "form": "<name>"}`;
  if (deps.config.hubs.length === 1) {
    throw new PermanentError(`node ${uid}: the hub has ${forms.length} forms (${forms.map((f) => f.name).join(', ')}); ${hint}`);
  }
  const candidates = new Set<string>();
  for (const project of deps.config.hubs) {
    if (project.forms.length === 0) continue;
    const { nodes } = mapHubRows(project.hub, await deps.readRows(project.hub, { uid }));
    if (nodes.some((n) => n.uid === uid)) for (const form of project.forms) candidates.add(form.name);
  }
  for (const record of await deps.records.list(`${LABEL_UID}=${uid}`)) candidates.add(record.spec.form);
  const [single] = candidates;
  if (single !== undefined && candidates.size === 1) return single;
  const found = candidates.size === 0 ? 'no hub table holds a row for it and it has no LynqNode record' : `it has ${candidates.size} forms in the hubs' tables and its LynqNode records (${[...candidates].sort().join(', ')})`;
  throw new PermanentError(`node ${uid}: ${found}; ${hint}`);
}

/** The node's template variables, or undefined when the hub's table has no row for it. */
async function readNodeValues(deps: WorkflowDeps, uid: string, form: FormConfig, project: ProjectConfig): Promise<NodeValues | undefined> {
  // Only this uid's rows: a mass rollout must not read the whole table once per node.
  const rows = await deps.readRows(project.hub, { uid });
  const { nodes, rejected } = mapHubRows(project.hub, rows);
  const rejection = rejected.find((r) => r.uid === uid);
  if (rejection) {
    throw new PermanentError(`node ${uid}: its row in table ${project.hub.source.mysql.table} (hub ${project.hub.name}) is invalid: ${rejection.field}: ${rejection.reason}`);
  }
  const node = nodes.find((n) => n.uid === uid);
  return node ? templateVariables(node, form) : undefined;
}

interface Claim {
  name: string;
  values: NodeValues;
  hash: string;
  execution: string;
  form: FormConfig;
  hubId: string;
  refs: AppliedRef[];
  /** Set for a drift repair: recorded on the LynqNode, and the listed resources are written whatever their applied hash. */
  drift?: DriftReport;
}

async function claimForApply(deps: WorkflowDeps, existing: LynqNodeRecord | undefined, claim: Claim): Promise<void> {
  const spec = { uid: claim.values.uid, form: claim.form.name, hubId: claim.hubId, desiredHash: claim.hash, formHash: claim.form.contentHash, values: claim.values };
  const labels = lynqNodeLabels(claim.hubId, claim.values.uid, claim.form.name);
  if (existing) {
    await deps.records.replaceSpec({ ...existing, labels: { ...existing.labels, ...labels }, spec });
  } else {
    await deps.records.create({ name: claim.name, namespace: deps.records.namespace, labels, spec });
  }
  const now = deps.clock.now();
  await deps.records.updateStatusWithRetry(claim.name, (current) => {
    const previous = current.status;
    // Retries of the same desired state keep counting (the sync's backoff); a new state starts afresh.
    const sameHash = previous?.reconciledHash === claim.hash;
    const status: LynqNodeStatus = {
      ...emptyStatus(claim.form.resources.length),
      ...progressingStatus(previous, now, 'Reconciling', claim.drift
        ? `Execution ${claim.execution} is repairing drift in ${claim.drift.resources.map((r) => r.id).join(', ')}`
        : `Execution ${claim.execution} is applying ${claim.form.resources.length} resources`),
      reconciledHash: previous?.reconciledHash,
      retryCount: sameHash ? previous.retryCount : 0,
      lastFailureTime: previous?.lastFailureTime,
      lastExecution: previous?.lastExecution,
      currentExecution: claim.execution,
      claim: { execution: claim.execution, claimedAt: now.toISOString() },
      lastAction: 'apply',
      appliedRefs: claim.refs,
      appliedResources: claim.refs.map(resourceKey),
      drift: claim.drift ? { ...claim.drift, repairExecution: claim.execution } : previous?.drift,
    };
    if (!status.drift) delete status.drift;
    return status;
  });
}
