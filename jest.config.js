// @kubernetes/client-node 1.x and some of its dependencies ship ESM only;
// swc turns them (and our TypeScript) into CommonJS for jest.
const esmOnly = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose', 'jsonpath-plus', 'aws-local-stepfunctions'];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
  testTimeout: 60000,
  // With --coverage, files that no test loads show up at 0 % instead of being left out.
  collectCoverageFrom: ['lambdas/**/*.ts', 'lib/**/*.ts', 'cli/**/*.ts', 'local/**/*.ts'],
};
