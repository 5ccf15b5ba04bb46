// Public surface of lambdas/core/readiness.
export * from './provider-errors';
export * from './readiness-wait';
export * from './readiness';
