// Public surface of lambdas/core/template.
export * from './go-date-format';
export * from './own-property';
export * from './rendered-resource';
export * from './resource-template-sources';
export * from './scalar-template';
export * from './string-only-fields';
export * from './template-batch';
export * from './template-code';
export * from './template-compile';
export * from './template-document';
export * from './template-helpers';
export * from './template-refusal';
export * from './template-render';
export * from './template-sandbox';
export * from './template-tags';
export * from './template-termination';
export * from './typed-scalar';
