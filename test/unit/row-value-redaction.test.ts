import { redactRowValues } from '../../lambdas/core/contracts/row-value-redaction';

const row = { uid: 'acme', activate: true, hubId: 'hub', plan: 'pro', token: 'tok_SENTINEL_9f2', port: 5432, region: 'us' };

describe('redactRowValues', () => {
  test('a value quoted by the API server is replaced, the rest of the message kept', () => {
    expect(redactRowValues('Deployment.apps "acme-app" is invalid: metadata.labels: Invalid value: "tok_SENTINEL_9f2": a valid label must be …', row))
      .toBe('Deployment.apps "acme-app" is invalid: metadata.labels: Invalid value: "<value of token>": a valid label must be …');
  });

  test('a value inside a word is left alone: no garbled messages', () => {
    expect(redactRowValues("Cannot read properties of undefined (reading 'x')", row)).toBe("Cannot read properties of undefined (reading 'x')");
    expect(redactRowValues('the pro plan, proposals, pro-tier: (pro)', row)).toBe('the <value of plan> plan, proposals, pro-tier: (<value of plan>)');
  });

  test("JSON.parse's window onto a value is replaced, wherever it starts", () => {
    let message = '';
    try { JSON.parse(`{"a": ${row.token}}`); } catch (error) { message = (error as Error).message; }
    expect(message).toContain('tok_SENTIN');
    const redacted = redactRowValues(message, row);
    expect(redacted).not.toMatch(/SENTIN|tok_/);
    expect(redactRowValues('Unexpected token \'o\', "tok_SENTIN"... is not valid JSON', row)).toBe('Unexpected token \'o\', "<value of token>"... is not valid JSON');
    expect(redactRowValues('Unexpected token, ..."SENTINEL_9"... is not valid JSON', row)).toBe('Unexpected token, ..."<value of token>"... is not valid JSON');
  });

  test('a value quoted with escapes (JSON or Go %q) is replaced too', () => {
    const tricky = { uid: 'acme', note: 'say "hi"\nbye' };
    expect(redactRowValues('Invalid value: "say \\"hi\\"\\nbye": too long', tricky)).toBe('Invalid value: "<value of note>": too long');
  });

  test('the uid, numbers, booleans and one- or two-character values are kept', () => {
    expect(redactRowValues('node acme: port 5432 in us is true', row)).toBe('node acme: port 5432 in us is true');
  });

  test('several rows, the longest value first', () => {
    expect(redactRowValues('a: secret-long b: secret', [{ short: 'secret' }, { long: 'secret-long' }])).toBe('a: <value of long> b: <value of short>');
  });
});
