// Public surface of lambdas/core/sync.
export * from './dns-label';
export * from './execution-name';
export * from './hub-records';
export * from './manual-execution-name';
export * from './plan-explanation';
export * from './retry-backoff';
export * from './rollout-plan';
export * from './rollout-throttle';
export * from './row-mapping';
export * from './start-order';
export * from './sync-plan';
export * from './sync-settings';
export * from './sync-settings-schema';
