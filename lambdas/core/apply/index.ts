// Public surface of lambdas/core/apply.
export * from './applied-hash';
export * from './apply-decision';
export * from './canonical-json';
export * from './cluster-scoped-kinds';
export * from './dependency-graph';
export * from './desired-hash';
export * from './desired-object';
export * from './ignore-fields';
export * from './jsonpath-syntax';
export * from './node-identity';
export * from './object-diff';
export * from './orphan-markers';
export * from './removal-decision';
export * from './resolved-namespace';
export * from './resource-key';
export * from './resource-ownership';
export * from './tracking-labels';
