// Go's own layout table (time/format_test.go, formatTests) with its reference instant
// 2009-02-04 21:00:57 taken in UTC and with 12 ms (JS dates stop at milliseconds), so the zone
// columns read UTC / Z / +0000 and the fractions .012000..., where Go's read PST / -0800 / .0123456.
import { formatGoDate } from '../../lambdas/core/template/go-date-format';

const t = new Date(Date.UTC(2009, 1, 4, 21, 0, 57, 12));

const GO_FORMAT_TESTS: [name: string, layout: string, expected: string][] = [
  ['ANSIC', 'Mon Jan _2 15:04:05 2006', 'Wed Feb  4 21:00:57 2009'],
  ['UnixDate', 'Mon Jan _2 15:04:05 MST 2006', 'Wed Feb  4 21:00:57 UTC 2009'],
  ['RubyDate', 'Mon Jan 02 15:04:05 -0700 2006', 'Wed Feb 04 21:00:57 +0000 2009'],
  ['RFC822', '02 Jan 06 15:04 MST', '04 Feb 09 21:00 UTC'],
  ['RFC850', 'Monday, 02-Jan-06 15:04:05 MST', 'Wednesday, 04-Feb-09 21:00:57 UTC'],
  ['RFC1123', 'Mon, 02 Jan 2006 15:04:05 MST', 'Wed, 04 Feb 2009 21:00:57 UTC'],
  ['RFC1123Z', 'Mon, 02 Jan 2006 15:04:05 -0700', 'Wed, 04 Feb 2009 21:00:57 +0000'],
  ['RFC3339', '2006-01-02T15:04:05Z07:00', '2009-02-04T21:00:57Z'],
  ['RFC3339Nano', '2006-01-02T15:04:05.999999999Z07:00', '2009-02-04T21:00:57.012Z'],
  ['Kitchen', '3:04PM', '9:00PM'],
  ['am/pm', '3pm', '9pm'],
  ['AM/PM', '3PM', '9PM'],
  ['two-digit year', '06 01 02', '09 02 04'],
  ['Janet', 'Hi Janet, the Month is January', 'Hi Janet, the Month is February'],
  ['Stamp', 'Jan _2 15:04:05', 'Feb  4 21:00:57'],
  ['StampMilli', 'Jan _2 15:04:05.000', 'Feb  4 21:00:57.012'],
  ['StampMicro', 'Jan _2 15:04:05.000000', 'Feb  4 21:00:57.012000'],
  ['StampNano', 'Jan _2 15:04:05.000000000', 'Feb  4 21:00:57.012000000'],
  ['DateTime', '2006-01-02 15:04:05', '2009-02-04 21:00:57'],
  ['DateOnly', '2006-01-02', '2009-02-04'],
  ['TimeOnly', '15:04:05', '21:00:57'],
  ['YearDay', 'Jan  2 002 __2 2', 'Feb  4 035  35 4'],
  ['Year', '2006 6 06 _6 __6 ___6', '2009 6 09 _6 __6 ___6'],
  ['Month', 'Jan January 1 01 _1', 'Feb February 2 02 _2'],
  ['DayOfMonth', '2 02 _2 __2', '4 04  4  35'],
  ['DayOfWeek', 'Mon Monday', 'Wed Wednesday'],
  ['Hour', '15 3 03 _3', '21 9 09 _9'],
  ['Minute', '4 04 _4', '0 00 _0'],
  ['Second', '5 05 _5', '57 57 _57'],
];

describe("Go's layout table", () => {
  test.each(GO_FORMAT_TESTS)('%s: %j', (_name, layout, expected) => {
    expect(formatGoDate(layout, t)).toBe(expected);
  });
});

describe('the cases that were wrong before the port', () => {
  test('a fraction after any field, not only after seconds: 20060102.000 gives milliseconds', () => {
    expect(formatGoDate('20060102.000', t)).toBe('20090204.012');
    expect(formatGoDate('20060102150405,999', t)).toBe('20090204210057,012');
  });
  test('a three-letter month or day followed by a lower-case letter is text', () => {
    expect(formatGoDate('Month 01', t)).toBe('Month 02');
    expect(formatGoDate('Janet', t)).toBe('Janet');
    expect(formatGoDate('Jan.', t)).toBe('Feb.');
  });
  test('a run of fraction digits followed by another digit is not a fraction', () => {
    expect(formatGoDate('.0001', t)).toBe('.0002');
  });
  test('.999 with nothing left drops its separator; _2006 is an underscore and the year', () => {
    expect(formatGoDate('05.999', new Date(Date.UTC(2024, 0, 1, 0, 0, 1)))).toBe('01');
    expect(formatGoDate('x_2006', t)).toBe('x_2009');
  });
});

describe('layouts are tokenized once and kept in a bounded cache', () => {
  const t = new Date(Date.UTC(2009, 1, 4, 21, 0, 57, 12));
  test('a layout gives the same text for other times after it was cached, and after the cache was refilled', () => {
    expect(formatGoDate('2006-01-02', t)).toBe('2009-02-04');
    expect(formatGoDate('2006-01-02', new Date(Date.UTC(2024, 11, 31)))).toBe('2024-12-31');
    // More distinct layouts than the cache holds (as a Go template building its layout from row values could).
    // Text without reference values: digits are reference values (1 is the month), so write n in letters.
    const text = (n: number) => n.toString(5).replace(/[0-4]/g, (d) => 'qrstu'.charAt(Number(d)));
    for (let n = 0; n < 300; n++) expect(formatGoDate(`${text(n)} 15:04`, t)).toBe(`${text(n)} 21:00`);
    expect(formatGoDate('2006-01-02', t)).toBe('2009-02-04');
    expect(formatGoDate(`${text(0)} 15:04`, new Date(Date.UTC(2024, 0, 1, 7, 30)))).toBe(`${text(0)} 07:30`);
  });
});
