// Server-side defaults of built-in kinds (the apps/v1 and core/v1 defaulting functions) that
// the recorded answers show: a Deployment comes back with its strategy, limits and pod-template
// defaults filled in, and an empty status.
import { type JsonObject, type KubeObject, isJsonObject, objectItems } from './json-types';
import type { ResourceType } from './resource-type';
import { jsonText } from './json-types';
import { storeQuantities } from './resource-quantity';

function obj(parent: JsonObject, key: string): JsonObject {
  if (!isJsonObject(parent[key])) parent[key] = {};
  return parent[key];
}

/** The image pull policy the core defaults derive from the tag. */
function pullPolicy(image: unknown): string {
  const ref = jsonText(image);
  const tag = ref.includes('@') ? 'digest' : ref.slice(ref.lastIndexOf('/') + 1).split(':')[1];
  return tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function podSpecDefaults(spec: JsonObject): void {
  for (const list of ['initContainers', 'containers']) {
    for (const c of objectItems(spec[list])) {
      c.resources ??= {};
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.imagePullPolicy ??= pullPolicy(c.image);
      for (const port of objectItems(c.ports)) port.protocol ??= 'TCP';
    }
  }
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
}

/** core/v1 SetDefaults_Service and SetDefaults_ServicePort (the cluster IP and node ports are allocated on create, unowned). */
function serviceDefaults(o: KubeObject): void {
  const spec = obj(o, 'spec');
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  for (const port of objectItems(spec.ports)) {
    port.protocol ??= 'TCP';
    if (port.targetPort === undefined && port.port !== undefined) port.targetPort = port.port;
  }
  if (spec.type !== 'ExternalName') spec.internalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
}

export function applyBuiltinDefaults(type: ResourceType, o: KubeObject): void {
  storeQuantities(type, o); // decoding rewrites quantities as the server stores them, on every write
  if (type.definedByCrd) return;
  if (type.group === '' && type.kind === 'Service') serviceDefaults(o);
  if (type.group !== 'apps' || type.kind !== 'Deployment') return;
  const spec = obj(o, 'spec');
  spec.replicas ??= 1;
  const template = obj(spec, 'template');
  const meta = obj(template, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  podSpecDefaults(obj(template, 'spec'));
  const strategy = obj(spec, 'strategy');
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const rolling = obj(strategy, 'rollingUpdate');
    rolling.maxUnavailable ??= '25%';
    rolling.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
}
