// Public surface of lambdas/core/contracts.
export * from './error-cause';
export * from './lynqnode-record-schemas';
export * from './payload-parsing';
export * from './payload-schemas';
export * from './row-value-redaction';
export * from './workflow-contracts';
export * from './workflow-errors';
