// Public surface of lambdas/core/contracts.
export * from './cluster';
export * from './error-cause';
export * from './lynqnode-records';
export * from './lynqnode-record-schemas';
export * from './payload-parsing';
export * from './payload-schemas';
export * from './row-value-redaction';
export * from './sync-event';
export * from './workflow-contracts';
export * from './workflow-errors';
export * from './drift-report-schemas';
