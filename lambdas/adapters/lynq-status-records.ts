// The LynqHub and LynqForm status records in the cluster (issue #13 point 6), next to the LynqNode
// records. The sync writes them (spec mirrors the configuration, status says what the last sync
// saw); `lynq-sfn rollout resume` writes one annotation on a LynqForm. Status is written with a JSON
// merge patch on the status subresource and the resume as a merge patch of one annotation, so the
// two writers never overwrite each other.
import type { KubeConnection } from './kube-connection';
import type { KubeObject } from '../core/template/rendered-resource';
import type { FormConfig } from '../core/config/config-model';
import { DEFAULT_RECORD_NAMESPACE, LABEL_HUB, LYNQNODE_API_VERSION } from '../core/apply/tracking-labels';
import { EMPTY_ROLLOUT_MEMORY, type FormRolloutStatus, type PendingRolloutStart, type RolloutMemory } from '../core/sync/rollout-plan';
import { KubeRest } from './kube-rest';
import { ANNOTATION_ROLLOUT_RESUME, LYNQFORM_KIND, LYNQHUB_KIND } from './kube-status-crds';

export type SyncResult = 'Succeeded' | 'Degraded' | 'Failed';

export interface HubSyncStatus {
  /** Absent when the sync failed before planning (the last known counts stay). */
  desired?: number;
  ready?: number;
  failed?: number;
  forms: string[];
  lastSyncTime: string;
  lastSyncResult: SyncResult;
  message: string;
}

export interface FormSyncStatus {
  hub: string;
  lastSyncTime: string;
  rollout: Omit<FormRolloutStatus, 'form'>;
}

/** The resume annotation: failures acknowledged by `lynq-sfn rollout resume`. */
export interface RolloutResume {
  at: string;
  /** node name -> desired hash it failed at. */
  acknowledged: Record<string, string>;
}

export class LynqStatusRecords {
  private readonly rest: KubeRest;

  constructor(
    kc: KubeConnection,
    readonly namespace: string = DEFAULT_RECORD_NAMESPACE,
  ) {
    this.rest = KubeRest.for(kc);
  }

  getHub(name: string): Promise<KubeObject | undefined> {
    return this.rest.get(this.ref(LYNQHUB_KIND, name));
  }

  getForm(name: string): Promise<KubeObject | undefined> {
    return this.rest.get(this.ref(LYNQFORM_KIND, name));
  }

  listForms(hub?: string): Promise<KubeObject[]> {
    return this.rest.list(LYNQNODE_API_VERSION, LYNQFORM_KIND, { namespace: this.namespace, labelSelector: hub ? `${LABEL_HUB}=${hub}` : undefined });
  }

  /** What the form's record remembers for the rollout; nothing when there is no record yet. */
  async readRolloutMemory(form: string): Promise<RolloutMemory> {
    const obj = await this.getForm(form);
    if (!obj) return EMPTY_ROLLOUT_MEMORY;
    return { pending: pendingOf(obj), acknowledged: rolloutResumeOf(obj)?.acknowledged ?? {}, readable: true };
  }

  async writeHub(hub: string, status: HubSyncStatus): Promise<void> {
    await this.rest.serverSideApply({
      apiVersion: LYNQNODE_API_VERSION, kind: LYNQHUB_KIND,
      metadata: { name: hub, namespace: this.namespace, labels: { [LABEL_HUB]: hub } },
      spec: { forms: status.forms },
    }, true);
    await this.rest.mergePatch(this.ref(LYNQHUB_KIND, hub), { status }, 'status');
  }

  async writeForm(form: FormConfig, status: FormSyncStatus): Promise<void> {
    await this.rest.serverSideApply({
      apiVersion: LYNQNODE_API_VERSION, kind: LYNQFORM_KIND,
      metadata: { name: form.name, namespace: this.namespace, labels: { [LABEL_HUB]: status.hub } },
      spec: { hubId: form.hubId, rollout: { maxSkew: form.rollout?.maxSkew ?? 0 }, resources: form.resources.length },
    }, true);
    await this.rest.mergePatch(this.ref(LYNQFORM_KIND, form.name), { status }, 'status');
  }

  /** Records a resume on the form's record (the next sync reads it). */
  async writeRolloutResume(form: string, resume: RolloutResume): Promise<void> {
    await this.rest.mergePatch(this.ref(LYNQFORM_KIND, form), { metadata: { annotations: { [ANNOTATION_ROLLOUT_RESUME]: JSON.stringify(resume) } } });
  }

  private ref(kind: string, name: string) {
    return { apiVersion: LYNQNODE_API_VERSION, kind, name, namespace: this.namespace };
  }
}

/** The resume a LynqForm record carries; a malformed annotation counts as none. */
export function rolloutResumeOf(obj: KubeObject): RolloutResume | undefined {
  const text = obj.metadata.annotations?.[ANNOTATION_ROLLOUT_RESUME];
  if (typeof text !== 'string') return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<RolloutResume>;
    const acknowledged: Record<string, string> = {};
    for (const [node, hash] of Object.entries(parsed.acknowledged ?? {})) if (typeof hash === 'string') acknowledged[node] = hash;
    return { at: typeof parsed.at === 'string' ? parsed.at : '', acknowledged };
  } catch {
    return undefined;
  }
}

/** The rollout status the sync last wrote on a LynqForm record. */
export function formRolloutOf(obj: KubeObject): Partial<FormSyncStatus['rollout']> | undefined {
  const status = obj.status as { rollout?: Partial<FormSyncStatus['rollout']> } | undefined;
  return status?.rollout && typeof status.rollout === 'object' ? status.rollout : undefined;
}

/** The pending starts as written; anything else in the record (a hand edit) is dropped. */
function pendingOf(obj: KubeObject): PendingRolloutStart[] {
  const pending: unknown = formRolloutOf(obj)?.pending;
  if (!Array.isArray(pending)) return [];
  return pending.filter((p: unknown): p is PendingRolloutStart => {
    if (p === null || typeof p !== 'object') return false;
    const entry = p as Record<string, unknown>;
    return typeof entry.node === 'string' && typeof entry.desiredHash === 'string' && typeof entry.startedAt === 'string';
  });
}
