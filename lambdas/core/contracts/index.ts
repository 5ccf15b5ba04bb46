// Public surface of lambdas/core/contracts.
export * from './cluster';
export * from './error-cause';
export * from './lynqnode-records';
export * from './payload-parsing';
export * from './row-value-redaction';
export * from './sync-event';
export * from './workflow-contracts';
export * from './workflow-errors';
