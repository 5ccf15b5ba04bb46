// Apply order from dependIds (lynq-behaviour.md §4.1): level = 1 + max(level of deps).
// Inside a level resources keep form order, so plans are deterministic (Lynq's is random).
import type { ResourceTemplate } from './config-model';

type GraphNode = Pick<ResourceTemplate, 'id' | 'dependIds'>;

/** The first cycle found, as a path that ends where it starts (`a -> b -> a`), or null. */
export function findDependencyCycle(resources: GraphNode[]): string[] | null {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    const node = byId.get(id);
    if (!node) return null; // unknown ids are reported elsewhere
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of node.dependIds) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };

  for (const resource of resources) {
    const cycle = visit(resource.id);
    if (cycle) return cycle;
  }
  return null;
}

/** Resource ids grouped by level, first level first. Throws on an unknown dependId or a cycle. */
export function dependencyLevels(resources: GraphNode[]): string[][] {
  const ids = new Set(resources.map((r) => r.id));
  for (const resource of resources) {
    for (const dep of resource.dependIds) {
      if (!ids.has(dep)) throw new Error(`resource '${resource.id}' depends on unknown resource '${dep}'`);
    }
  }
  const cycle = findDependencyCycle(resources);
  if (cycle) throw new Error(`circular dependency: ${cycle.join(' -> ')}`);

  const byId = new Map(resources.map((r) => [r.id, r]));
  const levelOf = new Map<string, number>();
  const level = (id: string): number => {
    const known = levelOf.get(id);
    if (known !== undefined) return known;
    const deps = byId.get(id)?.dependIds ?? [];
    const value = deps.length === 0 ? 0 : 1 + Math.max(...deps.map(level));
    levelOf.set(id, value);
    return value;
  };

  const levels: string[][] = [];
  for (const resource of resources) {
    const n = level(resource.id);
    while (levels.length <= n) levels.push([]);
    levels[n].push(resource.id);
  }
  return levels;
}

/** Reverse apply order: dependents are deleted before what they depend on. */
export function deletionOrder(resources: GraphNode[]): string[] {
  return dependencyLevels(resources).reverse().flatMap((level) => [...level].reverse());
}
