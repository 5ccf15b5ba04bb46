import { causeMessage } from '../../lambdas/core/contracts/error-cause';

test('the message of a Lambda error cause, whether AWS JSON or a plain local message', () => {
  const aws = JSON.stringify({ errorType: 'Lynq.Permanent', errorMessage: 'node acme-corp: bad row', trace: ['at x (/var/task/index.js:1:1)'] });
  expect(causeMessage(aws)).toBe('node acme-corp: bad row');
  expect(causeMessage('conflict with "kubectl": .spec.replicas')).toBe('conflict with "kubectl": .spec.replicas');
  expect(causeMessage('{"not": "a lambda error"}')).toBe('{"not": "a lambda error"}');
  expect(causeMessage(undefined)).toBe('unknown error');
});
