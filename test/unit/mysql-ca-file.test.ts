// LYNQ_MYSQL_CA_FILE is read when the first connection opens; a file that cannot serve fails naming the setting and path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mysqlCaText, readMysqlCaFile } from '../../lambdas/adapters/mysql-ca-file';

describe('readMysqlCaFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lynq-ca-file-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the PEM text', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(join(dir, 'ca.pem'), pem);
    expect(readMysqlCaFile(join(dir, 'ca.pem'))).toBe(pem);
  });

  it('names the setting and the file when it is missing or holds no certificate', () => {
    expect(() => readMysqlCaFile(join(dir, 'missing.pem'))).toThrow(`LYNQ_MYSQL_CA_FILE ${join(dir, 'missing.pem')} cannot be read (ENOENT)`);
    writeFileSync(join(dir, 'key.pem'), '-----BEGIN PRIVATE KEY-----\n');
    expect(() => readMysqlCaFile(join(dir, 'key.pem'))).toThrow(`LYNQ_MYSQL_CA_FILE ${join(dir, 'key.pem')} holds no PEM certificate`);
  });
});

describe('mysqlCaText', () => {
  test('reads a CA file once for the life of the process; a failed read is reported again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lynq-ca-once-'));
    try {
      const file = join(dir, 'ca.pem');
      expect(() => mysqlCaText(file)).toThrow('cannot be read (ENOENT)');
      writeFileSync(file, '-----BEGIN CERTIFICATE-----\nfirst\n-----END CERTIFICATE-----\n');
      expect(mysqlCaText(file)).toContain('first');
      writeFileSync(file, '-----BEGIN CERTIFICATE-----\nsecond\n-----END CERTIFICATE-----\n');
      expect(mysqlCaText(file)).toContain('first');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
