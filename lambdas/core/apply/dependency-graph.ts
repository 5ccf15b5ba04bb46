// Apply order from dependIds (lynq-behaviour.md §4.1): level = 1 + max(level of deps).
// Inside a level resources keep form order, so plans are deterministic (Lynq's is random).
import type { ResourceTemplate } from '../config/config-model';

type GraphNode = Pick<ResourceTemplate, 'id' | 'dependIds'>;

/**
 * Every cycle, each as a path that ends where it starts (`a -> b -> a`), in form order. A
 * depth-first walk closes one cycle per edge that leads back into the current path, so cycles
 * that share no edge (`a <-> b` and `c -> c`) are all reported, not only the first.
 */
export function findDependencyCycles(resources: GraphNode[]): string[][] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();

  const visit = (id: string): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id];
      cycles.set(cycle.join('\0'), cycle); // a dependId listed twice closes the same cycle twice
      return;
    }
    const node = byId.get(id);
    if (!node) return; // unknown ids are reported elsewhere
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of node.dependIds) visit(dep);
    stack.pop();
    state.set(id, 'done');
  };

  for (const resource of resources) visit(resource.id);
  return [...cycles.values()];
}

/** The first cycle found, as a path that ends where it starts (`a -> b -> a`), or null. */
export function findDependencyCycle(resources: GraphNode[]): string[] | null {
  return findDependencyCycles(resources)[0] ?? null;
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
    levels[n]?.push(resource.id);
  }
  return levels;
}

/** Reverse apply order: dependents are deleted before what they depend on. */
export function deletionOrder(resources: GraphNode[]): string[] {
  return dependencyLevels(resources).reverse().flatMap((level) => [...level].reverse());
}
