// Pure helpers for the LynqNode record (DESIGN §4): its name, conditions and READY summary.
import type { LynqNodeCondition, LynqNodeStatus } from '../contracts/workflow-contracts';
import { LABEL_FORM, LABEL_HUB, LABEL_UID } from '../apply/tracking-labels';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** `<uid>-<form>`, e.g. acme-corp-database-provisioning; must be a valid DNS subdomain (Lynq only logs the failed create). */
export function lynqNodeName(uid: string, form: string): string {
  const name = `${uid}-${form}`;
  if (!uid) throw new Error(`invalid LynqNode name for form "${form}": uid is empty`);
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new Error(
      `invalid LynqNode name "${name}" (uid "${uid}", form "${form}"): must be a DNS subdomain of at most 253 lowercase letters, digits, '-' or '.'`,
    );
  }
  return name;
}

/** Labels of a LynqNode record: the sync lists a hub's records by them. */
export function lynqNodeLabels(hubName: string, uid: string, form: string): Record<string, string> {
  return { [LABEL_HUB]: hubName, [LABEL_UID]: uid, [LABEL_FORM]: form };
}

export function emptyLynqNodeStatus(): LynqNodeStatus {
  return {
    desiredResources: 0,
    readyResources: 0,
    failedResources: 0,
    skippedResources: 0,
    failedResourceIds: [],
    skippedResourceIds: [],
    appliedResources: [],
    appliedRefs: [],
    retryCount: 0,
    conditions: [],
  };
}

export function getCondition(conditions: LynqNodeCondition[] | undefined, type: LynqNodeCondition['type']): LynqNodeCondition | undefined {
  return conditions?.find((c) => c.type === type);
}

/**
 * Sets one condition, keeping its lastTransitionTime while the status stays the same
 * (Kubernetes convention: the time marks a status change, not a message change).
 */
export function setCondition(
  conditions: LynqNodeCondition[] | undefined,
  next: Omit<LynqNodeCondition, 'lastTransitionTime'>,
  now: Date,
): LynqNodeCondition[] {
  const list = conditions ?? [];
  const previous = getCondition(list, next.type);
  const lastTransitionTime = previous && previous.status === next.status ? previous.lastTransitionTime : now.toISOString();
  const updated: LynqNodeCondition = { ...next, lastTransitionTime };
  return previous ? list.map((c) => (c.type === next.type ? updated : c)) : [...list, updated];
}

/** `ready/desired` for the READY printer column (kubectl cannot join two fields). */
export function readySummary(status: Pick<LynqNodeStatus, 'readyResources' | 'desiredResources'>): string {
  return `${status.readyResources}/${status.desiredResources}`;
}
