// Public surface of lambdas/core/lynqnode.
export * from './lynqnode-progress';
export * from './lynqnode-status';
export * from './node-status-view';
