// Go's reference-time layouts (Mon Jan 2 15:04:05 MST 2006), as Lynq's `date` helper takes them,
// so forms written for Lynq keep their layouts. The tokenizer follows Go's time.nextStdChunk rule
// for rule (a three-letter month or day followed by a lower-case letter is text: "Janet", "Month";
// ".000" / ",999" not followed by a digit is a fraction of a second wherever it stands).
// Times are formatted in UTC: Lambda runs in UTC and a render must not depend on the machine's zone.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Format = (t: Date) => string;

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);
const monthName = (t: Date): string => MONTHS[t.getUTCMonth()] ?? '';
const dayName = (t: Date): string => DAYS[t.getUTCDay()] ?? '';
const hour12 = (t: Date): number => t.getUTCHours() % 12 || 12;

function dayOfYear(t: Date): number {
  return Math.floor((Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()) - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** `.000` keeps every digit; `.999` drops trailing zeros, and the separator too when nothing is left. */
function fraction(separator: string, digits: number, trimZeros: boolean): Format {
  return (t) => {
    // JS dates carry milliseconds; finer digits are zeros.
    let text = pad(t.getUTCMilliseconds(), 3).padEnd(digits, '0').slice(0, digits);
    if (trimZeros) text = text.replace(/0+$/, '');
    return text === '' ? '' : `${separator}${text}`;
  };
}

const STD = {
  longMonth: monthName,
  month: (t) => monthName(t).slice(0, 3),
  numMonth: (t) => String(t.getUTCMonth() + 1),
  zeroMonth: (t) => pad(t.getUTCMonth() + 1, 2),
  longWeekDay: dayName,
  weekDay: (t) => dayName(t).slice(0, 3),
  day: (t) => String(t.getUTCDate()),
  underDay: (t) => pad(t.getUTCDate(), 2, ' '),
  zeroDay: (t) => pad(t.getUTCDate(), 2),
  underYearDay: (t) => pad(dayOfYear(t), 3, ' '),
  zeroYearDay: (t) => pad(dayOfYear(t), 3),
  hour: (t) => pad(t.getUTCHours(), 2),
  hour12: (t) => String(hour12(t)),
  zeroHour12: (t) => pad(hour12(t), 2),
  minute: (t) => String(t.getUTCMinutes()),
  zeroMinute: (t) => pad(t.getUTCMinutes(), 2),
  second: (t) => String(t.getUTCSeconds()),
  zeroSecond: (t) => pad(t.getUTCSeconds(), 2),
  longYear: (t) => pad(t.getUTCFullYear(), 4),
  year: (t) => pad(t.getUTCFullYear() % 100, 2),
  PM: (t) => (t.getUTCHours() >= 12 ? 'PM' : 'AM'),
  pm: (t) => (t.getUTCHours() >= 12 ? 'pm' : 'am'),
  tz: () => 'UTC',
  // Offset zero: the ISO 8601 forms print Z, the numeric forms +00...
  iso8601: () => 'Z',
  numSecondsTz: () => '+000000',
  numColonSecondsTz: () => '+00:00:00',
  numTz: () => '+0000',
  numColonTz: () => '+00:00',
  numShortTz: () => '+00',
} satisfies Record<string, Format>;

/** `01` … `06`: month, day, hour (12), minute, second, two-digit year. */
const ZERO_PADDED: Partial<Record<string, Format>> = { 1: STD.zeroMonth, 2: STD.zeroDay, 3: STD.zeroHour12, 4: STD.zeroMinute, 5: STD.zeroSecond, 6: STD.year };

interface Chunk {
  /** Where the reference value starts in the layout, and how long it is. */
  at: number;
  length: number;
  format: Format;
}

const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Go's nextStdChunk: the first reference value in layout from `from`, or null when only text remains. */
function nextChunk(layout: string, from: number): Chunk | null {
  const has = (i: number, text: string) => layout.startsWith(text, i);
  const chunk = (at: number, length: number, format: Format): Chunk => ({ at, length, format });
  for (let i = from; i < layout.length; i += 1) {
    const c = layout[i];
    switch (c) {
      case 'J':
        if (has(i, 'Jan')) {
          if (has(i, 'January')) return chunk(i, 7, STD.longMonth);
          if (!isLower(layout[i + 3])) return chunk(i, 3, STD.month);
        }
        break;
      case 'M':
        if (has(i, 'Mon')) {
          if (has(i, 'Monday')) return chunk(i, 6, STD.longWeekDay);
          if (!isLower(layout[i + 3])) return chunk(i, 3, STD.weekDay);
        }
        if (has(i, 'MST')) return chunk(i, 3, STD.tz);
        break;
      case '0': {
        const zeroPadded = ZERO_PADDED[layout.charAt(i + 1)];
        if (zeroPadded) return chunk(i, 2, zeroPadded);
        if (has(i, '002')) return chunk(i, 3, STD.zeroYearDay);
        break;
      }
      case '1':
        if (layout[i + 1] === '5') return chunk(i, 2, STD.hour);
        return chunk(i, 1, STD.numMonth);
      case '2':
        if (has(i, '2006')) return chunk(i, 4, STD.longYear);
        return chunk(i, 1, STD.day);
      case '_':
        if (layout[i + 1] === '2') {
          // `_2006` is a literal underscore followed by the year.
          if (has(i + 1, '2006')) return chunk(i + 1, 4, STD.longYear);
          return chunk(i, 2, STD.underDay);
        }
        if (has(i, '__2')) return chunk(i, 3, STD.underYearDay);
        break;
      case '3':
        return chunk(i, 1, STD.hour12);
      case '4':
        return chunk(i, 1, STD.minute);
      case '5':
        return chunk(i, 1, STD.second);
      case 'P':
        if (layout[i + 1] === 'M') return chunk(i, 2, STD.PM);
        break;
      case 'p':
        if (layout[i + 1] === 'm') return chunk(i, 2, STD.pm);
        break;
      case '-':
        if (has(i, '-070000')) return chunk(i, 7, STD.numSecondsTz);
        if (has(i, '-07:00:00')) return chunk(i, 9, STD.numColonSecondsTz);
        if (has(i, '-0700')) return chunk(i, 5, STD.numTz);
        if (has(i, '-07:00')) return chunk(i, 6, STD.numColonTz);
        if (has(i, '-07')) return chunk(i, 3, STD.numShortTz);
        break;
      case 'Z':
        for (const zone of ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07']) if (has(i, zone)) return chunk(i, zone.length, STD.iso8601);
        break;
      case '.':
      case ',': {
        const digit = layout[i + 1];
        if (digit === '0' || digit === '9') {
          let j = i + 1;
          while (layout[j] === digit) j += 1;
          // Only a fraction when the run of digits ends here.
          if (!isDigit(layout[j])) return chunk(i, j - i, fraction(c, j - i - 1, digit === '9'));
        }
        break;
      }
      default:
        break;
    }
  }
  return null;
}

/** A layout split into its literal text and the formats of its reference values. */
type CompiledLayout = ReadonlyArray<string | Format>;

function compileLayout(layout: string): CompiledLayout {
  const parts: Array<string | Format> = [];
  let i = 0;
  for (let chunk = nextChunk(layout, 0); chunk; chunk = nextChunk(layout, i)) {
    parts.push(layout.slice(i, chunk.at), chunk.format);
    i = chunk.at + chunk.length;
  }
  parts.push(layout.slice(i));
  return parts;
}

// A form renders the same few layouts for every node: tokenize each once. Bounded, because a Go
// template may build its layout from row values.
const COMPILED_LAYOUTS = new Map<string, CompiledLayout>();
const MAX_COMPILED_LAYOUTS = 256;

function compiledLayoutOf(layout: string): CompiledLayout {
  let compiled = COMPILED_LAYOUTS.get(layout);
  if (compiled === undefined) {
    compiled = compileLayout(layout);
    if (COMPILED_LAYOUTS.size >= MAX_COMPILED_LAYOUTS) COMPILED_LAYOUTS.clear();
    COMPILED_LAYOUTS.set(layout, compiled);
  }
  return compiled;
}

export function formatGoDate(layout: string, time: Date): string {
  if (Number.isNaN(time.getTime())) throw new Error('date: invalid time');
  let out = '';
  for (const part of compiledLayoutOf(layout)) out += typeof part === 'string' ? part : part(time);
  return out;
}
