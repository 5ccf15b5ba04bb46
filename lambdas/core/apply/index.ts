// Public surface of lambdas/core/apply.
export * from './apply-plan';
export * from './canonical-json';
export * from './cluster-scoped-kinds';
export * from './dependency-graph';
export * from './desired-hash';
export * from './jsonpath-syntax';
export * from './kind-plurals';
export * from './object-diff';
export * from './resource-key';
export * from './tracking-labels';
