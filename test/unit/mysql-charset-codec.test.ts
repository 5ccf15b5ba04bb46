// The module bundled in place of iconv-lite: mysql2 asks it only for encodings Buffer lacks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getDecoder, getEncoder, whatwgLabelOf } from '../../lambdas/adapters/mysql-charset-codec';

const decode = (encoding: string, bytes: number[] | Buffer) => {
  const decoder = getDecoder(encoding);
  return decoder.write(Buffer.from(bytes)) + decoder.end();
};

const MYSQL2_DIR = path.dirname(require.resolve('mysql2/package.json'));
const NOT_DECODABLE = ['dec8', 'cp850', 'hp8', 'swe7', 'armscii8', 'keybcs2', 'cp852', 'utf32', 'geostd8'];

describe('decoding what Buffer cannot', () => {
  it('decodes the single-byte and East Asian character sets as MySQL stores them', () => {
    expect(decode('cp1251', [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2])).toBe('Привет');
    expect(decode('koi8r', [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4])).toBe('Привет');
    expect(decode('latin2', [0xb1, 0xe6, 0xea])).toBe('ąćę');
    expect(decode('greek', [0xe1, 0xe2, 0xe3])).toBe('αβγ');
    expect(decode('cp1250', [0x8a, 0x9a])).toBe('Šš');
    expect(decode('sjis', [0x93, 0xfa, 0x96, 0x7b])).toBe('日本');
    expect(decode('cp932', [0x87, 0x40])).toBe('①');
    expect(decode('eucjp', [0xc6, 0xfc, 0xcb, 0xdc])).toBe('日本');
    expect(decode('euckr', [0xc7, 0xd1, 0xb1, 0xdb])).toBe('한글');
    expect(decode('gbk', [0xd6, 0xd0, 0xce, 0xc4])).toBe('中文');
    expect(decode('big5', [0xa4, 0xa4, 0xa4, 0xe5])).toBe('中文');
    expect(decode('gb18030', [0xd6, 0xd0, 0x81, 0x30, 0x81, 0x30])).toBe('中\u0080');
  });

  it('reads utf8mb3 (mysql2: cesu8) as UTF-8, and MySQL utf16 as big-endian', () => {
    expect(decode('cesu8', Buffer.from('Grüße €', 'utf8'))).toBe('Grüße €');
    expect(decode('utf16', [0x00, 0x41, 0x20, 0xac])).toBe('A€');
    expect(decode('utf16-le', [0x41, 0x00, 0xac, 0x20])).toBe('A€');
  });

  it('keeps a character split across writes (the decoder streams) and replaces invalid bytes', () => {
    const decoder = getDecoder('sjis');
    expect(decoder.write(Buffer.from([0x93])) + decoder.write(Buffer.from([0xfa])) + decoder.end()).toBe('日');
    expect(decode('cesu8', [0x41, 0xff, 0x42])).toBe('A\uFFFDB');
  });

  it('has a decoder for every encoding of mysql2 that Buffer lacks, except the ones Node cannot decode, which fail naming the charset', async () => {
    // mysql2's own table (not exported by the package): every encoding it can hand to iconv-lite.
    const { default: encodings } = (await import(path.join(MYSQL2_DIR, 'lib/constants/charset_encodings.js'))) as { default: Array<string | undefined> };
    const lacking = [...new Set(encodings)].filter((encoding): encoding is string => encoding !== undefined && !Buffer.isEncoding(encoding));
    expect(lacking.filter((encoding) => whatwgLabelOf(encoding) === undefined).sort()).toEqual([...NOT_DECODABLE].sort());
    for (const encoding of lacking.filter((name) => !NOT_DECODABLE.includes(name))) expect(() => getDecoder(encoding)).not.toThrow();
    expect(() => getDecoder('cp850')).toThrow('MySQL character set cp850 cannot be decoded by the lynq-sfn functions');
    expect(() => getDecoder('cp850')).toThrow('CONVERT(column USING utf8mb4)');
    expect(() => getDecoder('toString')).toThrow('MySQL character set toString cannot be decoded');
  });

  it('never encodes: the functions connect in utf8mb4, which mysql2 encodes with Buffer', () => {
    expect(() => getEncoder('cp1251')).toThrow('MySQL character set cp1251 cannot be encoded by the lynq-sfn functions: their MySQL connections use utf8mb4');
  });

  it('stands in for all of iconv-lite that mysql2 uses', () => {
    const stringParser = fs.readFileSync(path.join(MYSQL2_DIR, 'lib/parsers/string.js'), 'utf8');
    expect([...new Set(stringParser.match(/Iconv\.\w+/g))].sort()).toEqual(['Iconv.getDecoder', 'Iconv.getEncoder']);
  });
});
