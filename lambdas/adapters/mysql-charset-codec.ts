// Bundled in place of iconv-lite (esbuild alias in LAMBDA_ESBUILD_OPTIONS, issue #14: iconv-lite is
// ~0.5 MB of every hub-reading function). mysql2 (lib/parsers/string.js) asks iconv-lite only for
// the encodings Buffer does not know; Node's TextDecoder (full ICU) decodes the ones that matter.
// Encoding is never needed: the connection is pinned to utf8mb4 (mysqlClientOptions), which
// mysql2 encodes with Buffer.

/**
 * mysql2's encoding names (mysql2/lib/constants/charset_encodings.js) that are not Buffer
 * encodings, as WHATWG labels. cesu8 is mysql2's name for utf8mb3, which holds only the Basic
 * Multilingual Plane, where CESU-8 and UTF-8 are the same bytes.
 */
const WHATWG_LABEL_OF: Readonly<Record<string, string>> = {
  big5: 'big5',
  cesu8: 'utf-8',
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp866: 'ibm866',
  cp932: 'windows-31j',
  eucjp: 'euc-jp',
  eucjpms: 'euc-jp',
  euckr: 'euc-kr',
  gb18030: 'gb18030',
  gb2312: 'gb2312',
  gbk: 'gbk',
  greek: 'iso-8859-7',
  hebrew: 'iso-8859-8',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  latin2: 'iso-8859-2',
  latin5: 'iso-8859-9',
  latin7: 'iso-8859-13',
  macintosh: 'macintosh',
  macroman: 'macintosh',
  sjis: 'shift_jis',
  tis620: 'tis-620',
  // MySQL's utf16 is big-endian.
  utf16: 'utf-16be',
  'utf16-le': 'utf-16le',
};

/** What mysql2 calls on the decoder it gets: write each buffer, then end. */
export interface CharsetDecoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

export function whatwgLabelOf(encoding: string): string | undefined {
  return Object.hasOwn(WHATWG_LABEL_OF, encoding) ? WHATWG_LABEL_OF[encoding] : undefined;
}

const UTF8MB4_HINT = 'read it as utf8mb4 (CONVERT(column USING utf8mb4)) or convert the column to utf8mb4';

/** Same contract as iconv-lite's getDecoder; invalid bytes become U+FFFD, as with iconv-lite. */
export function getDecoder(encoding: string): CharsetDecoder {
  const label = whatwgLabelOf(encoding);
  if (label === undefined) {
    throw new Error(`MySQL character set ${encoding} cannot be decoded by the lynq-sfn functions (no decoder for it in Node.js): ${UTF8MB4_HINT}`);
  }
  const decoder = new TextDecoder(label);
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  };
}

/** iconv-lite's getEncoder: mysql2 only asks for it when a connection's charset is not utf8mb4, which ours always is. */
export function getEncoder(encoding: string): never {
  throw new Error(`MySQL character set ${encoding} cannot be encoded by the lynq-sfn functions: their MySQL connections use utf8mb4`);
}
