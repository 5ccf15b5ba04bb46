import { deletionExecutionName, executionName, MAX_EXECUTION_NAME_LENGTH } from '../../lambdas/core/sync/execution-name';

const HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const VALID = /^[A-Za-z0-9_-]+$/;

describe('executionName', () => {
  it('is <uid>-<form>-<hash10> for a first apply', () => {
    expect(executionName('acme-corp', 'database-provisioning', HASH)).toBe('acme-corp-database-provisioning-a1b2c3d4e5');
  });

  it('adds -r<attempt> for retries and a salt digest when given', () => {
    expect(executionName('acme', 'db', HASH, 2)).toBe('acme-db-a1b2c3d4e5-r2');
    const salted = executionName('acme', 'db', HASH, 2, 'after:exec-1');
    expect(salted).toMatch(/^acme-db-a1b2c3d4e5-r2-[0-9a-f]{6}$/);
    expect(executionName('acme', 'db', HASH, 2, 'after:exec-2')).not.toBe(salted);
  });

  it('is deterministic', () => {
    expect(executionName('acme', 'db', HASH, 0, 's')).toBe(executionName('acme', 'db', HASH, 0, 's'));
    expect(deletionExecutionName('acme', 'db', HASH, 's')).toBe(deletionExecutionName('acme', 'db', HASH, 's'));
  });

  it('marks deletions', () => {
    expect(deletionExecutionName('acme', 'db', HASH)).toBe('acme-db-del-a1b2c3d4e5');
    expect(deletionExecutionName('acme', 'db', HASH)).not.toBe(executionName('acme', 'db', HASH));
  });

  it('sanitises characters Step Functions refuses', () => {
    const name = executionName('acme.corp', 'my form/v1', HASH, 0, 'x');
    expect(name).toMatch(VALID);
    expect(name.startsWith('acme-corp-my-form-v1-a1b2c3d4e5-')).toBe(true);
  });

  it('stays within 80 characters, keeps the hash, and long names stay distinct', () => {
    const uid = 'u'.repeat(63);
    const a = executionName(uid, 'database-provisioning', HASH, 12, 'salt');
    const b = executionName(uid, 'database-provisioning-two', HASH, 12, 'salt');
    const d = deletionExecutionName(uid, 'database-provisioning', HASH, 'salt');
    for (const n of [a, b, d]) {
      expect(n.length).toBeLessThanOrEqual(MAX_EXECUTION_NAME_LENGTH);
      expect(n).toMatch(VALID);
    }
    expect(a).toContain('-a1b2c3d4e5-r12-');
    expect(d).toContain('-del-a1b2c3d4e5-');
    expect(a).not.toBe(b);
    expect(a.length).toBe(MAX_EXECUTION_NAME_LENGTH);
  });

  it('refuses an empty hash', () => {
    expect(() => executionName('acme', 'db', '')).toThrow(/hash/);
  });
});
