// Deployments, StatefulSets and DaemonSets: after each spec change (new generation) the status
// shows the rollout in progress, then, a poll later, all replicas updated, ready and available.
import { createHash } from 'node:crypto';
import { RolloutTracker } from './rollout-tracker';
import { type Json, type KindSimulator, MERGE_PATCH, type SimulatorContext, rfc3339, tolerateRaces } from './simulator-context';

interface WorkloadProfile {
  plural: string;
  isReady(obj: Json): boolean;
  inProgress(obj: Json, now: string): Json;
  ready(obj: Json, now: string): Json;
}

function desiredReplicas(obj: Json): number {
  return typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1;
}

function revision(obj: Json): string {
  const hash = createHash('sha1').update(JSON.stringify(obj.spec?.template ?? {})).digest('hex').slice(0, 10);
  return `${obj.metadata.name}-${hash}`;
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: string): Json {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

const deployment: WorkloadProfile = {
  plural: 'deployments',
  isReady(obj) {
    const n = desiredReplicas(obj);
    const s = obj.status ?? {};
    return s.observedGeneration === obj.metadata.generation && s.updatedReplicas === n && s.readyReplicas === n && s.availableReplicas === n;
  },
  inProgress(obj, now) {
    const n = desiredReplicas(obj);
    const previous = obj.status ?? {};
    const available = typeof previous.availableReplicas === 'number' && previous.availableReplicas > 0;
    return {
      observedGeneration: obj.metadata.generation,
      replicas: n,
      updatedReplicas: 0,
      readyReplicas: previous.readyReplicas ?? 0,
      availableReplicas: previous.availableReplicas ?? 0,
      unavailableReplicas: n,
      conditions: [
        available
          ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
          : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now),
        condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${revision(obj)}" is progressing.`, now),
      ],
    };
  },
  ready(obj, now) {
    const n = desiredReplicas(obj);
    return {
      observedGeneration: obj.metadata.generation,
      replicas: n,
      updatedReplicas: n,
      readyReplicas: n,
      availableReplicas: n,
      unavailableReplicas: null,
      conditions: [
        condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now),
        condition('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${revision(obj)}" has successfully progressed.`, now),
      ],
    };
  },
};

const statefulSet: WorkloadProfile = {
  plural: 'statefulsets',
  isReady(obj) {
    const n = desiredReplicas(obj);
    const s = obj.status ?? {};
    return s.observedGeneration === obj.metadata.generation && s.updatedReplicas === n && s.readyReplicas === n && s.updateRevision === revision(obj);
  },
  inProgress(obj) {
    return {
      observedGeneration: obj.metadata.generation,
      replicas: desiredReplicas(obj),
      readyReplicas: obj.status?.readyReplicas ?? 0,
      currentReplicas: obj.status?.currentReplicas ?? 0,
      updatedReplicas: 0,
      availableReplicas: obj.status?.availableReplicas ?? 0,
      currentRevision: obj.status?.currentRevision ?? revision(obj),
      updateRevision: revision(obj),
    };
  },
  ready(obj) {
    const n = desiredReplicas(obj);
    return {
      observedGeneration: obj.metadata.generation, replicas: n, readyReplicas: n, currentReplicas: n, updatedReplicas: n, availableReplicas: n,
      currentRevision: revision(obj), updateRevision: revision(obj),
    };
  },
};

const daemonSet: WorkloadProfile = {
  plural: 'daemonsets',
  isReady(obj) {
    const s = obj.status ?? {};
    return s.observedGeneration === obj.metadata.generation && s.desiredNumberScheduled === s.numberReady && s.updatedNumberScheduled === s.desiredNumberScheduled && s.desiredNumberScheduled > 0;
  },
  inProgress(obj) {
    return {
      observedGeneration: obj.metadata.generation, desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0,
      numberReady: obj.status?.numberReady ?? 0, updatedNumberScheduled: 0, numberAvailable: obj.status?.numberAvailable ?? 0,
    };
  },
  ready(obj) {
    return {
      observedGeneration: obj.metadata.generation, desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 0,
      numberReady: 1, updatedNumberScheduled: 1, numberAvailable: 1,
    };
  },
};

export function workloadSimulator(profile: WorkloadProfile, readyAfterMs: number): KindSimulator {
  const tracker = new RolloutTracker();
  return {
    name: profile.plural,
    async reconcile(ctx: SimulatorContext) {
      const list = (await ctx.custom.listCustomObjectForAllNamespaces({ group: 'apps', version: 'v1', plural: profile.plural })) as { items: Json[] };
      tracker.forgetAllBut(new Set(list.items.map((o) => o.metadata.uid as string)));
      for (const obj of list.items) {
        if (!ctx.owns(obj)) continue;
        if (obj.metadata.deletionTimestamp) continue;
        const { sighting, isNew } = tracker.observe(obj.metadata.uid, obj.metadata.generation ?? 1, ctx.pass);
        if (profile.isReady(obj)) continue;
        const now = rfc3339(ctx.clock.now());
        let status: Json | undefined;
        if (isNew) status = profile.inProgress(obj, now);
        else if (tracker.isDue(sighting, ctx.pass, readyAfterMs)) status = profile.ready(obj, now);
        if (!status) continue;
        const body = { status };
        await tolerateRaces(() =>
          ctx.custom.patchNamespacedCustomObjectStatus(
            { group: 'apps', version: 'v1', namespace: obj.metadata.namespace, plural: profile.plural, name: obj.metadata.name, body },
            MERGE_PATCH,
          ),
        );
      }
    },
  };
}

export const WORKLOAD_PROFILES = { deployment, statefulSet, daemonSet };
