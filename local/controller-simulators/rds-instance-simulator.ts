// Crossplane's provider-aws for RDSInstance: `creating` (Ready=False, Synced=True) when first
// seen, `available` with an endpoint and the connection Secret once `readyAfterSeconds` have
// passed on the clock; a failure set by the test shows as Synced=False ReconcileError.
// Like the real provider, it keeps its state in the cluster, never in process memory: the time
// the external create succeeded is the `crossplane.io/external-create-succeeded` annotation, and
// an instance already `available` stays so. A second simulator (a second `run --once --simulate`)
// therefore continues where the first stopped.
import { createHash, randomBytes } from 'node:crypto';
import { RDS_GROUP, RDS_PLURAL, RDS_VERSION } from './crossplane-rds-crd';
import { type Json, type KindSimulator, MERGE_PATCH, type SimulatorContext, isApiStatus, rfc3339, tolerateRaces } from './simulator-context';

export interface RdsInstanceSimulator extends KindSimulator {
  fail(name: string, message: string): void;
  recover(name: string): void;
}

interface ConditionSpec {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message?: string;
}

function sameConditions(current: Json[] | undefined, wanted: ConditionSpec[]): boolean {
  return wanted.every((w) => (current ?? []).some((c) => c.type === w.type && c.status === w.status && c.reason === w.reason && (c.message ?? undefined) === w.message));
}

function endpointOf(obj: Json): string {
  const region = obj.spec?.forProvider?.region ?? 'us-east-1';
  const id = createHash('sha1').update(String(obj.metadata.name)).digest('hex').slice(0, 6);
  return `${obj.metadata.name}.${id}.${region}.rds.amazonaws.com`;
}

function portOf(obj: Json): string {
  const engine = String(obj.spec?.forProvider?.engine ?? 'postgres');
  return /mysql|mariadb|aurora(?!-postgres)/.test(engine) ? '3306' : '5432';
}

function b64(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}

/** Writes the connection Secret once; an existing password is kept (no rotation on each poll). */
async function writeConnectionSecret(ctx: SimulatorContext, obj: Json): Promise<void> {
  const ref = obj.spec?.writeConnectionSecretToRef;
  if (!ref?.name || !ref?.namespace) return;
  try {
    const existing = await ctx.core.readNamespacedSecret({ name: ref.name, namespace: ref.namespace });
    if (existing.data?.password) return;
  } catch (e) {
    if (!isApiStatus(e, 404)) throw e;
  }
  const data = {
    endpoint: b64(endpointOf(obj)),
    port: b64(portOf(obj)),
    username: b64(String(obj.spec?.forProvider?.masterUsername ?? 'admin')),
    password: b64(randomBytes(18).toString('base64url')),
  };
  const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name: ref.name, namespace: ref.namespace }, type: 'connection.crossplane.io/v1alpha1', data };
  try {
    await ctx.core.createNamespacedSecret({ namespace: ref.namespace, body });
  } catch (e) {
    if (isApiStatus(e, 403, 404)) return; // target namespace missing or terminating: the next pass retries
    if (!isApiStatus(e, 409)) throw e;
    await tolerateRaces(() => ctx.core.patchNamespacedSecret({ name: ref.name, namespace: ref.namespace, body: { type: body.type, data } }, MERGE_PATCH));
  }
}

/** Crossplane's annotation for the moment the external resource was created. */
export const EXTERNAL_CREATE_SUCCEEDED = 'crossplane.io/external-create-succeeded';

/** The creation time recorded on the object, writing it (as Crossplane does) when absent. */
async function externalCreateTime(ctx: SimulatorContext, obj: Json): Promise<number | undefined> {
  const recorded = Date.parse(obj.metadata.annotations?.[EXTERNAL_CREATE_SUCCEEDED] ?? '');
  if (!Number.isNaN(recorded)) return recorded;
  const now = ctx.clock.now();
  let written = false;
  await tolerateRaces(async () => {
    const body = { metadata: { annotations: { [EXTERNAL_CREATE_SUCCEEDED]: now.toISOString() } } };
    await ctx.custom.patchClusterCustomObject({ group: RDS_GROUP, version: RDS_VERSION, plural: RDS_PLURAL, name: obj.metadata.name, body }, MERGE_PATCH);
    written = true;
  });
  return written ? now.getTime() : undefined;
}

/** A phase the instance passes through before `available`, e.g. creating then backing-up. */
export interface RdsPhase {
  phase: string;
  seconds: number;
}

export function rdsInstanceSimulator(readyAfterSeconds: number, phases: RdsPhase[] = [{ phase: 'creating', seconds: readyAfterSeconds }]): RdsInstanceSimulator {
  const failures = new Map<string, string>();

  async function setStatus(ctx: SimulatorContext, obj: Json, dbInstanceStatus: string, conditions: ConditionSpec[], extra: Json = {}): Promise<void> {
    const atProvider = obj.status?.atProvider ?? {};
    const unchanged = atProvider.dbInstanceStatus === dbInstanceStatus && sameConditions(obj.status?.conditions, conditions)
      && Object.entries(extra).every(([k, v]) => atProvider[k] === v);
    if (unchanged) return;
    const now = rfc3339(ctx.clock.now());
    const body = {
      status: {
        atProvider: { ...extra, dbInstanceStatus },
        conditions: conditions.map((c) => ({ ...c, message: c.message ?? null, lastTransitionTime: now })),
      },
    };
    await tolerateRaces(() => ctx.custom.patchClusterCustomObjectStatus({ group: RDS_GROUP, version: RDS_VERSION, plural: RDS_PLURAL, name: obj.metadata.name, body }, MERGE_PATCH));
  }

  return {
    name: RDS_PLURAL,
    fail: (name, message) => void failures.set(name, message),
    recover: (name) => void failures.delete(name),
    async reconcile(ctx) {
      let list: { items: Json[] };
      try {
        list = (await ctx.custom.listClusterCustomObject({ group: RDS_GROUP, version: RDS_VERSION, plural: RDS_PLURAL })) as { items: Json[] };
      } catch (e) {
        if (isApiStatus(e, 404)) return; // CRD not installed: nothing to simulate
        throw e;
      }
      for (const obj of list.items) {
        if (!ctx.owns(obj)) continue;
        if (obj.metadata.deletionTimestamp) continue;
        const createdMs = await externalCreateTime(ctx, obj);
        if (createdMs === undefined) continue; // deleted or changed since listed: next pass
        const failure = failures.get(obj.metadata.name);
        if (failure !== undefined) {
          await setStatus(ctx, obj, obj.status?.atProvider?.dbInstanceStatus ?? 'creating', [
            { type: 'Ready', status: 'False', reason: 'Creating' },
            { type: 'Synced', status: 'False', reason: 'ReconcileError', message: failure },
          ]);
          continue;
        }
        const elapsedSeconds = (ctx.clock.now().getTime() - createdMs) / 1000;
        const alreadyAvailable = obj.status?.atProvider?.dbInstanceStatus === 'available';
        const current = alreadyAvailable ? undefined : currentPhase(phases, elapsedSeconds);
        if (current) {
          // provider-aws: Creating while creating, Unavailable in any other phase before available.
          await setStatus(ctx, obj, current, [
            { type: 'Ready', status: 'False', reason: current === 'creating' ? 'Creating' : 'Unavailable' },
            { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
          ]);
          continue;
        }
        await writeConnectionSecret(ctx, obj);
        await setStatus(ctx, obj, 'available', [
          { type: 'Ready', status: 'True', reason: 'Available' },
          { type: 'Synced', status: 'True', reason: 'ReconcileSuccess' },
        ], { endpoint: endpointOf(obj) });
      }
    },
  };
}

function currentPhase(phases: RdsPhase[], elapsedSeconds: number): string | undefined {
  let end = 0;
  for (const p of phases) {
    end += p.seconds;
    if (elapsedSeconds < end) return p.phase;
  }
  return undefined;
}
