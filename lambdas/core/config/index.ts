// Public surface of lambdas/core/config.
export * from './compiled-config';
export * from './config-error';
export * from './config-schema-reader';
export * from './config-schemas';
export * from './config-model';
export * from './config-text';
export * from './config-validation';
export * from './default-placement';
export * from './execution-budget';
export * from './execution-timeout';
export * from './field-path';
export * from './form-config';
export * from './hub-config';
export * from './hub-lookup';
export * from './node-name-collision';
export * from './placeholder-values';
export * from './setting-values';
