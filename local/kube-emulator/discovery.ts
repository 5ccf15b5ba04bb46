// Discovery documents (/api, /apis, /api/v1, /apis/<group>/<version>, /version), which both
// kubectl and client-node's KubernetesObjectApi read to map kinds to URLs.
import { type JsonObject, jsonText } from './json-types';
import type { ResourceRegistry } from './resource-registry';
import { allowsDeleteCollection, apiVersionOf } from './resource-type';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
/** The apiextensions server lists a custom resource's verbs in this order. */
const CRD_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

export function versionInfo(): JsonObject {
  return {
    major: '1', minor: '30', gitVersion: 'v1.30.0-lynq-emulator', gitCommit: 'emulator', gitTreeState: 'clean',
    buildDate: '2024-01-01T00:00:00Z', goVersion: 'go1.22', compiler: 'gc', platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): JsonObject {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupDocument(name: string, versions: string[]): JsonObject {
  return {
    name,
    versions: versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
  };
}

/**
 * The built-in groups in the order a real server lists them (by group priority); groups defined by
 * CustomResourceDefinitions (a lower priority) come after them, by name.
 */
const BUILTIN_GROUP_ORDER = [
  'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
  'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'admissionregistration.k8s.io',
  'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io', 'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io',
];

function groupRank(name: string): number {
  const rank = BUILTIN_GROUP_ORDER.indexOf(name);
  return rank < 0 ? BUILTIN_GROUP_ORDER.length : rank;
}

export function groupList(registry: ResourceRegistry): JsonObject {
  const groups = [...registry.groups()].sort(([a], [b]) => groupRank(a) - groupRank(b) || (a < b ? -1 : 1));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(([name, versions]) => groupDocument(name, versions)) };
}

export function group(registry: ResourceRegistry, name: string): JsonObject | undefined {
  const versions = registry.groups().get(name);
  return versions ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(name, versions) } : undefined;
}

export function resourceList(registry: ResourceRegistry, groupName: string, version: string): JsonObject | undefined {
  const types = registry.inGroupVersion(groupName, version);
  if (types.length === 0 && !(groupName === '' && version === 'v1')) return undefined;
  const resources: JsonObject[] = [];
  for (const t of types) {
    resources.push({
      name: t.plural, singularName: t.singular, namespaced: t.namespaced, kind: t.kind,
      verbs: (t.definedByCrd ? CRD_VERBS : VERBS).filter((verb) => verb !== 'deletecollection' || allowsDeleteCollection(t)),
      ...(t.shortNames.length > 0 ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length > 0 ? { categories: t.categories } : {}),
      storageVersionHash: '',
    });
    if (t.versions.find((v) => v.name === version)?.hasStatus) {
      resources.push({ name: `${t.plural}/status`, singularName: '', namespaced: t.namespaced, kind: t.kind, verbs: ['get', 'patch', 'update'] });
    }
  }
  // By name, subresources after their resource, as a real server lists them.
  resources.sort((a, b) => (jsonText(a.name) < jsonText(b.name) ? -1 : 1));
  // The core group's list is served without apiVersion, the named groups' with it.
  return { kind: 'APIResourceList', ...(groupName ? { apiVersion: 'v1' } : {}), groupVersion: apiVersionOf(groupName, version), resources };
}
