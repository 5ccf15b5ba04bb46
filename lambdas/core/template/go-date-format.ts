// Go's reference-time layouts (Mon Jan 2 15:04:05 MST 2006), as Lynq's `date` helper takes them,
// so forms written for Lynq keep their layouts. Times are formatted in UTC: Lambda runs in UTC
// and a render must not depend on the machine's zone.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

function dayOfYear(t: Date): number {
  return Math.floor((Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()) - Date.UTC(t.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

function fraction(t: Date, digits: number, trimZeros: boolean): string {
  // JS dates carry milliseconds; finer digits are zeros.
  let text = pad(t.getUTCMilliseconds(), 3).padEnd(digits, '0').slice(0, digits);
  if (trimZeros) text = text.replace(/0+$/, '');
  return text === '' ? '' : `.${text}`;
}

type Token = { text: string; format: (t: Date) => string };

// Longest tokens first, as Go matches them.
const TOKENS: Token[] = [
  { text: 'January', format: (t) => MONTHS[t.getUTCMonth()] },
  { text: 'Monday', format: (t) => DAYS[t.getUTCDay()] },
  { text: 'Z07:00', format: () => 'Z' },
  { text: '-07:00', format: () => '+00:00' },
  { text: 'Z0700', format: () => 'Z' },
  { text: '-0700', format: () => '+0000' },
  { text: '2006', format: (t) => pad(t.getUTCFullYear(), 4) },
  { text: 'Jan', format: (t) => MONTHS[t.getUTCMonth()].slice(0, 3) },
  { text: 'Mon', format: (t) => DAYS[t.getUTCDay()].slice(0, 3) },
  { text: 'MST', format: () => 'UTC' },
  { text: 'Z07', format: () => 'Z' },
  { text: '-07', format: () => '+00' },
  { text: '002', format: (t) => pad(dayOfYear(t), 3) },
  { text: '__2', format: (t) => pad(dayOfYear(t), 3, ' ') },
  { text: '_2', format: (t) => pad(t.getUTCDate(), 2, ' ') },
  { text: '01', format: (t) => pad(t.getUTCMonth() + 1, 2) },
  { text: '02', format: (t) => pad(t.getUTCDate(), 2) },
  { text: '03', format: (t) => pad(t.getUTCHours() % 12 || 12, 2) },
  { text: '04', format: (t) => pad(t.getUTCMinutes(), 2) },
  { text: '05', format: (t) => pad(t.getUTCSeconds(), 2) },
  { text: '06', format: (t) => pad(t.getUTCFullYear() % 100, 2) },
  { text: '15', format: (t) => pad(t.getUTCHours(), 2) },
  { text: 'PM', format: (t) => (t.getUTCHours() >= 12 ? 'PM' : 'AM') },
  { text: 'pm', format: (t) => (t.getUTCHours() >= 12 ? 'pm' : 'am') },
  { text: '1', format: (t) => String(t.getUTCMonth() + 1) },
  { text: '2', format: (t) => String(t.getUTCDate()) },
  { text: '3', format: (t) => String(t.getUTCHours() % 12 || 12) },
  { text: '4', format: (t) => String(t.getUTCMinutes()) },
  { text: '5', format: (t) => String(t.getUTCSeconds()) },
];

const FRACTION = /^[.,](0+|9+)/;

export function formatGoDate(layout: string, time: Date): string {
  if (Number.isNaN(time.getTime())) throw new Error('date: invalid time');
  let out = '';
  let i = 0;
  while (i < layout.length) {
    const rest = layout.slice(i);
    const frac = FRACTION.exec(rest);
    // Go treats ".000"/".999" as fractional seconds only right after a seconds field.
    if (frac && /(05|5)$/.test(layout.slice(0, i))) {
      out += fraction(time, frac[1].length, frac[1][0] === '9');
      i += frac[0].length;
      continue;
    }
    const token = TOKENS.find((candidate) => rest.startsWith(candidate.text));
    if (token) {
      out += token.format(time);
      i += token.text.length;
    } else {
      out += layout[i];
      i += 1;
    }
  }
  return out;
}
