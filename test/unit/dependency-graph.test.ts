import { deletionOrder, dependencyLevels, findDependencyCycle, findDependencyCycles } from '../../lambdas/core/apply/dependency-graph';

const r = (id: string, ...dependIds: string[]) => ({ id, dependIds });

describe('dependency graph', () => {
  test('level = 1 + max level of deps; inside a level, form order', () => {
    const resources = [r('app', 'db', 'cfg'), r('cfg'), r('db', 'ns'), r('ns'), r('svc', 'ns'), r('ingress', 'app')];
    expect(dependencyLevels(resources)).toEqual([['cfg', 'ns'], ['db', 'svc'], ['app'], ['ingress']]);
  });

  test('independent resources share the first level', () => {
    expect(dependencyLevels([r('a'), r('b'), r('c')])).toEqual([['a', 'b', 'c']]);
    expect(dependencyLevels([])).toEqual([]);
  });

  test('deletion order is the reverse of apply order', () => {
    expect(deletionOrder([r('ns'), r('db', 'ns'), r('app', 'db'), r('cfg', 'ns')])).toEqual(['app', 'cfg', 'db', 'ns']);
  });

  test('cycles are found with their path', () => {
    expect(findDependencyCycle([r('a', 'b'), r('b', 'a')])).toEqual(['a', 'b', 'a']);
    expect(findDependencyCycle([r('a', 'b'), r('b', 'c'), r('c', 'a')])).toEqual(['a', 'b', 'c', 'a']);
    expect(findDependencyCycle([r('x'), r('a', 'a')])).toEqual(['a', 'a']);
    expect(findDependencyCycle([r('x'), r('a', 'x'), r('b', 'a', 'x')])).toBeNull();
  });

  test('every cycle is found, not only the first', () => {
    expect(findDependencyCycles([r('a', 'b'), r('b', 'a'), r('c', 'c')])).toEqual([['a', 'b', 'a'], ['c', 'c']]);
    // Two cycles through one resource, and a dependId listed twice (one cycle, reported once).
    expect(findDependencyCycles([r('a', 'b', 'c'), r('b', 'a'), r('c', 'a', 'a')])).toEqual([['a', 'b', 'a'], ['a', 'c', 'a']]);
    expect(findDependencyCycles([r('x'), r('a', 'x')])).toEqual([]);
  });

  test('dependencyLevels refuses cycles and unknown ids', () => {
    expect(() => dependencyLevels([r('a', 'b'), r('b', 'a')])).toThrow('circular dependency: a -> b -> a');
    expect(() => dependencyLevels([r('a', 'ghost')])).toThrow("resource 'a' depends on unknown resource 'ghost'");
  });
});
