// Row values stay out of every message that leaves a handler (DESIGN §6, issue 8 point 14). They
// are untrusted and may be secret, and messages travel far: execution causes, logs, LynqNode
// conditions. Yet the API server quotes invalid values (`Invalid value: "…"`) and JSON.parse
// quotes a window of its input (`"tok_SENTIN"... is not valid JSON`).
//
// Redaction must not garble the message either. A value is therefore replaced only where it
// stands as a whole token (the value `pro` is a word in "plan pro", not in "properties" or
// "pro-tier"), and a
// quoted fragment is replaced when it is a piece of a value (the window JSON.parse shows).
//
// Only string values are redacted: numbers and booleans appear in every message as counts,
// ports and times, and replacing them would garble far more than it hides. The uid is kept: it
// names the node in every message anyway.

/** A row's values by the name messages may call them (template variable or column). */
export type RowValues = Readonly<Record<string, unknown>>;

/** Names never redacted: they are not row data, or (uid) name the node on purpose. */
const KEPT = new Set(['uid', 'activate', 'hubId', 'templateRef']);
/** Shorter values are not redacted as whole tokens: one or two characters occur everywhere. */
const MIN_VALUE_LENGTH = 3;
/** Shorter quoted fragments (`Unexpected token 'o'`) are not treated as pieces of a value. */
const MIN_FRAGMENT_LENGTH = 4;

// '-' joins words in object names (`acme-pro-db`): a value there is part of a name, not a quoted value.
const WORD = /[\p{L}\p{N}_-]/u;
const QUOTED = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g;

interface Secret {
  name: string;
  /** The value as it is, and as it looks inside a JSON or Go quoted string. */
  forms: string[];
}

function secretsOf(rows: readonly RowValues[]): Secret[] {
  const secrets: Secret[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (KEPT.has(name) || typeof value !== 'string' || value.length < MIN_VALUE_LENGTH || seen.has(value)) continue;
      seen.add(value);
      const escaped = JSON.stringify(value).slice(1, -1);
      secrets.push({ name, forms: escaped === value ? [value] : [value, escaped] });
    }
  }
  // Longest first, so a value that contains another is replaced whole.
  return secrets.sort((a, b) => (b.forms[0]?.length ?? 0) - (a.forms[0]?.length ?? 0));
}

const isWordChar = (ch: string | undefined): boolean => ch !== undefined && WORD.test(ch);

/** Replaces each whole-token occurrence of `value` in `text`. */
function replaceWholeToken(text: string, value: string, label: string): string {
  const startsWithWord = isWordChar(value[0]);
  const endsWithWord = isWordChar(value[value.length - 1]);
  let out = '';
  let from = 0;
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) {
    if (at < from) continue;
    const before = at > 0 ? text[at - 1] : undefined;
    const after = text[at + value.length];
    if ((startsWithWord && isWordChar(before)) || (endsWithWord && isWordChar(after))) continue;
    out += text.slice(from, at) + label;
    from = at + value.length;
  }
  return out + text.slice(from);
}

// V8's JSON.parse error shows a window of its input, which may mix template text and a value
// (`Unexpected token 'o', "{"a": tok_SENTINE"... is not valid JSON`).
const JSON_WINDOW = /(, (?:\.\.\.)?")([\s\S]*)("(?:\.\.\.)? is not valid JSON)/;
const WINDOW_PIECE = 4;

/** True when some piece of `window` (WINDOW_PIECE characters or the whole of a shorter one) is a piece of `value`. */
function sharesPiece(window: string, value: string): boolean {
  const size = Math.min(WINDOW_PIECE, window.length, value.length);
  if (size === 0) return false;
  for (let i = 0; i + size <= window.length; i += 1) if (value.includes(window.slice(i, i + size))) return true;
  return false;
}

/** `message` with every row value (and every quoted piece of one) replaced by `<value of NAME>`. */
export function redactRowValues(message: string, rows: RowValues | readonly RowValues[]): string {
  const secrets = secretsOf(Array.isArray(rows) ? (rows as readonly RowValues[]) : [rows as RowValues]);
  if (secrets.length === 0 || message === '') return message;
  let text = message;
  for (const { name, forms } of secrets) {
    for (const form of forms) if (text.includes(form)) text = replaceWholeToken(text, form, `<value of ${name}>`);
  }
  text = text.replace(JSON_WINDOW, (whole, open: string, window: string, close: string) => {
    const owner = secrets.find(({ forms }) => forms.some((form) => sharesPiece(window, form)));
    return owner === undefined ? whole : `${open}<value of ${owner.name}>${close}`;
  });
  return text.replace(QUOTED, (quoted, double: string | undefined, single: string | undefined) => {
    const inner = double ?? single ?? '';
    if (inner.length < MIN_FRAGMENT_LENGTH) return quoted;
    const owner = secrets.find(({ forms }) => forms.some((form) => form.includes(inner)));
    if (owner === undefined) return quoted;
    const quote = quoted[0];
    return `${quote}<value of ${owner.name}>${quote}`;
  });
}
