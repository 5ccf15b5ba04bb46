import { runInNewContext } from 'node:vm';
import { b64enc, bool, date, defaultTo, float, fromJson, int, quote, sha1sum, toHost, toJson, trunc63, TEMPLATE_HELPERS } from '../../lambdas/core/template/template-helpers';
import { formatGoDate } from '../../lambdas/core/template/go-date-format';

describe('template helpers', () => {
  test('every helper is in template scope under its Lynq name', () => {
    expect(Object.keys(TEMPLATE_HELPERS).sort()).toEqual(
      ['b64enc', 'bool', 'date', 'defaultTo', 'float', 'fromJson', 'int', 'quote', 'sha1sum', 'toHost', 'toJson', 'trunc63'],
    );
  });

  test('trunc63 keeps the first 63 bytes and never splits a character', () => {
    expect(trunc63('a'.repeat(70))).toBe('a'.repeat(63));
    expect(trunc63('short')).toBe('short');
    expect(trunc63(`${'a'.repeat(62)}é`)).toBe('a'.repeat(62)); // é is 2 bytes
    expect(trunc63(`${'a'.repeat(62)}-x`)).toBe(`${'a'.repeat(62)}-`); // trailing '-' kept, as Lynq
    expect(trunc63(null)).toBe('');
  });

  test('sha1sum is lowercase hex SHA-1', () => {
    expect(sha1sum('test')).toBe('a94a8fe5ccb19ba61c4c0873d391e987982fbbd3');
  });

  test('toHost strips scheme, port, path, userinfo and IPv6 brackets', () => {
    expect(toHost('https://acme.example.com/path?q=1')).toBe('acme.example.com');
    expect(toHost('http://user:pw@acme.example.com:8443/x')).toBe('acme.example.com');
    expect(toHost('http://[::1]:8080/')).toBe('::1');
    expect(toHost('a.com:8080')).toBe('a.com');
    expect(toHost('a.com/path')).toBe('a.com/path');
    expect(toHost('acme.example.com')).toBe('acme.example.com');
    expect(toHost(null)).toBe('');
  });

  test('int returns real integers; unparseable gives 0', () => {
    expect(int('42')).toBe(42);
    expect(int('-7')).toBe(-7);
    expect(int('3.9')).toBe(3);
    expect(int(5.8)).toBe(5);
    expect(int(true)).toBe(1);
    expect(int(false)).toBe(0);
    expect(int('not-a-number')).toBe(0);
    expect(int('')).toBe(0);
    expect(int(null)).toBe(0);
  });

  test('float returns real numbers; unparseable gives 0', () => {
    expect(float('42')).toBe(42);
    expect(float('1.5')).toBe(1.5);
    expect(float(2.25)).toBe(2.25);
    expect(float('x')).toBe(0);
    expect(float(undefined)).toBe(0);
  });

  test('bool follows Lynq: true/1/yes/on/t/y (any case), non-zero numbers, true', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', 'Yes', 'on', 't', 'Y', true, 1, 2, -1]) expect(bool(yes)).toBe(true);
    for (const no of ['false', '0', 'no', '', 'off', 'enabled', 0, false, null, undefined]) expect(bool(no)).toBe(false);
  });

  test('defaultTo is Lynq\'s default: the fallback for every empty value (Sprig\'s empty)', () => {
    for (const empty of [undefined, null, '', 0, false, [], {}]) expect(defaultTo(empty, 'd')).toBe('d');
    for (const kept of ['x', '0', 'false', 1, -1, true, [0], { a: 1 }, new Date(0)]) expect(defaultTo(kept, 'd')).toBe(kept);
    // An empty object made in another realm (a sandboxed template's own `{}`) is empty too.
    expect(defaultTo(runInNewContext('({})'), 'd')).toBe('d');
    expect(defaultTo(Object.create(null), 'd')).toBe('d');
  });

  test('quote, b64enc, toJson, fromJson', () => {
    expect(quote('a "b"\n')).toBe('"a \\"b\\"\\n"');
    expect(quote(null)).toBe('');
    expect(b64enc('5432')).toBe('NTQzMg==');
    expect(toJson({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(toJson(undefined)).toBe('null');
    expect(fromJson('{"tier":"gold"}')).toEqual({ tier: 'gold' });
    expect(fromJson('[1,2]')).toEqual([1, 2]);
    expect(fromJson('{broken')).toEqual({});
    expect(fromJson('"just a string"')).toEqual({});
    expect(fromJson(null)).toEqual({});
  });

  test('date formats Go layouts in UTC', () => {
    const t = new Date('2024-03-05T07:08:09.123Z');
    expect(date('20060102150405', t)).toBe('20240305070809');
    expect(date('2006-01-02T15:04:05Z07:00', t)).toBe('2024-03-05T07:08:09Z');
    expect(date('2006-01-02', '2024-03-05T23:59:59Z')).toBe('2024-03-05');
    expect(date('Jan 2, 2006 at 3:04pm (MST)', t)).toBe('Mar 5, 2024 at 7:08am (UTC)');
    expect(date('Monday January _2 15:04:05.000', t)).toBe('Tuesday March  5 07:08:09.123');
    expect(date('06/1/2 03PM', new Date('2024-12-25T15:00:00Z'))).toBe('24/12/25 03PM');
    expect(date('002 -0700', t)).toBe('065 +0000');
    expect(date('2006', t.getTime())).toBe('2024');
    expect(() => date('2006', 'not a date')).toThrow(/time must be/);
    expect(() => date(20060102, t)).toThrow(/layout must be a string/);
  });

  test('formatGoDate fractional seconds .999 trims zeros', () => {
    expect(formatGoDate('05.999', new Date('2024-01-01T00:00:01.100Z'))).toBe('01.1');
    expect(formatGoDate('05.999', new Date('2024-01-01T00:00:01.000Z'))).toBe('01');
  });
});
