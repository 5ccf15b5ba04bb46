// One reading rule for settings: the same text means the same value in the functions'
// environment (syncSettingsFromEnv) and in CDK context (readStackSettings).
import { readStackSettings, StackSettingsError } from '../../lib/stack-settings';
import { SyncSettingsError, syncSettingsFromEnv } from '../../lambdas/core/sync/sync-settings';

const network = { vpcId: 'vpc-1', subnetIds: 'subnet-1' };
const fromContext = (context: Record<string, unknown>) => readStackSettings((key) => ({ ...network, ...context })[key], '/p');

describe('booleans', () => {
  it.each([
    ['1', true], ['yes', true], ['YES', true], [' True ', true], ['true', true],
    ['0', false], ['no', false], ['No', false], ['FALSE', false], ['false', false],
  ])('%j is %j in the environment and in CDK context', (text, value) => {
    expect(syncSettingsFromEnv({ LYNQ_ALLOW_MASS_DELETE: text }).allowMassDeletion).toBe(value);
    expect(fromContext({ allowMassDelete: text }).allowMassDelete).toBe(value);
  });

  it('cdk.json may hold JSON booleans and the numbers 1/0', () => {
    expect(fromContext({ allowMassDelete: true, demoVpc: false }).allowMassDelete).toBe(true);
    expect(fromContext({ allowMassDelete: 1 }).allowMassDelete).toBe(true);
    expect(fromContext({ allowMassDelete: 0 }).allowMassDelete).toBe(false);
  });

  it.each(['maybe', 'on', '2', 'y'])('%j is refused by both, with the same expectation', (text) => {
    expect(() => syncSettingsFromEnv({ LYNQ_ALLOW_MASS_DELETE: text })).toThrow(SyncSettingsError);
    expect(() => syncSettingsFromEnv({ LYNQ_ALLOW_MASS_DELETE: text })).toThrow(`LYNQ_ALLOW_MASS_DELETE=${JSON.stringify(text)} is invalid: expected true or false (or yes/no, 1/0)`);
    expect(() => fromContext({ allowMassDelete: text })).toThrow(StackSettingsError);
    expect(() => fromContext({ allowMassDelete: text })).toThrow(`cdk context "allowMassDelete": expected true or false (or yes/no, 1/0), got ${JSON.stringify(text)}`);
  });
});

describe('numbers', () => {
  it('text with a decimal number and JSON numbers are read alike, spaces trimmed', () => {
    expect(syncSettingsFromEnv({ LYNQ_MAX_DELETE_PERCENT: ' 35 ' }).maxDeletePercent).toBe(35);
    expect(fromContext({ maxDeletePercent: ' 35 ' }).maxDeletePercent).toBe(35);
    expect(fromContext({ maxDeletePercent: 35 }).maxDeletePercent).toBe(35);
  });

  it.each(['35%', 'thirty', '0x10', '1e400'])('%j is refused by both', (text) => {
    expect(() => syncSettingsFromEnv({ LYNQ_MAX_DELETE_PERCENT: text })).toThrow('LYNQ_MAX_DELETE_PERCENT');
    expect(() => fromContext({ maxDeletePercent: text })).toThrow('cdk context "maxDeletePercent": expected an integer from 0 to 100');
  });

  it('the range and integer rules name themselves', () => {
    expect(() => syncSettingsFromEnv({ LYNQ_MAX_STARTS_PER_SECOND: '0' })).toThrow('LYNQ_MAX_STARTS_PER_SECOND="0" is invalid: expected a number of at least 0.001');
    expect(() => syncSettingsFromEnv({ LYNQ_GUARD_MIN_DELETIONS: '2.5' })).toThrow('LYNQ_GUARD_MIN_DELETIONS="2.5" is invalid: expected an integer of at least 0');
    expect(() => fromContext({ guardMinDeletions: '2.5' })).toThrow('cdk context "guardMinDeletions": expected an integer from 0 to 1000000, got "2.5"');
  });
});

describe('unset', () => {
  it('absent, empty and blank values give the defaults in both', () => {
    for (const blank of [undefined, '', '   ']) {
      expect(syncSettingsFromEnv({ LYNQ_ALLOW_MASS_DELETE: blank, LYNQ_MAX_DELETE_PERCENT: blank })).toMatchObject({ allowMassDeletion: false, maxDeletePercent: 20 });
      expect(fromContext({ allowMassDelete: blank, maxDeletePercent: blank })).toMatchObject({ allowMassDelete: false, maxDeletePercent: 20 });
    }
    expect(fromContext({ allowMassDelete: null, guardMinDeletions: null }).guardMinDeletions).toBeUndefined();
  });
});
