// "Render after parsing" (DESIGN §3): ejs tags and Go-template actions are set aside before the
// YAML parser sees the text, so an expression may hold `: `, ` #` or quotes without breaking the
// YAML around it (and the seed's unquoted `allocatedStorage: {{ .dbStorageGb }}` is a scalar).
// Each tag is replaced by an alphanumeric token, which YAML reads as plain text in every
// scalar style (plain, quoted, block, keys), and put back into the parsed strings afterwards.

export interface SetAsideTags {
  /** The text with every tag replaced by a token. */
  text: string;
  /**
   * Puts the original tags back into a string taken from the parsed document. `style` is the
   * scalar's YAML style: in a quoted scalar a Go action gets the YAML escapes YAML would have
   * applied to it (`\"` in a double-quoted string is `"`), as Lynq's YAML-first parse does.
   */
  restore(value: string, style?: string): string;
  /** Line (1-based) in the ORIGINAL text of an offset in `text` (tags may span lines). */
  lineOf(offset: number): number;
  /** Tags opened and never closed: the line each one starts on. */
  unclosedTagLines: number[];
  /** The opener (`<%` or `{{`) of each unclosed tag, in the same order. */
  unclosedTagOpeners: string[];
}

// `<%%` is ejs's escape for a literal `<%`, not a tag. A Go action ends at the first `}}`.
const TAG = /<%(?!%)[\s\S]*?%>|\{\{[\s\S]*?\}\}/g;
const OPEN = /<%(?!%)|\{\{/g;

/** A token prefix that does not occur in the text, so restoring can never touch user text. */
function tokenPrefix(text: string): string {
  for (let n = 0; ; n += 1) {
    const prefix = `LQTAG${n}X`;
    if (!text.includes(prefix)) return prefix;
  }
}

function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 10) count += 1;
  return count;
}

export function setAsideTemplateTags(original: string): SetAsideTags {
  const prefix = tokenPrefix(original);
  const tags: string[] = [];
  // For line mapping: [offset in replaced text, newlines hidden inside tags before it].
  const hidden: Array<[number, number]> = [];
  let hiddenSoFar = 0;
  let out = '';
  let last = 0;
  for (const match of original.matchAll(TAG)) {
    const start = match.index;
    out += original.slice(last, start);
    const token = `${prefix}${tags.length}Z`;
    tags.push(match[0]);
    out += token;
    hiddenSoFar += countNewlines(match[0]);
    hidden.push([out.length, hiddenSoFar]);
    last = start + match[0].length;
  }
  const rest = original.slice(last);
  out += rest;

  const unclosedTagLines: number[] = [];
  const unclosedTagOpeners: string[] = [];
  for (const open of rest.matchAll(OPEN)) {
    unclosedTagLines.push(countNewlines(original, 0, last + open.index) + 1);
    unclosedTagOpeners.push(open[0]);
  }

  const tokenPattern = new RegExp(`${prefix}(\\d+)Z`, 'g');
  return {
    text: out,
    restore: (value, style) => (value.includes(prefix) ? value.replace(tokenPattern, (_, i: string) => yamlUnescapedAction(tags[Number(i)] ?? '', style)) : value),
    lineOf: (offset) => {
      let hiddenBefore = 0;
      for (const [at, count] of hidden) {
        if (at > offset) break;
        hiddenBefore = count;
      }
      return countNewlines(out, 0, Math.min(offset, out.length)) + hiddenBefore + 1;
    },
    unclosedTagLines,
    unclosedTagOpeners,
  };
}

/** True when a string from a form is a template: ejs (a tag, or the `<%%` escape) or Go (`{{`). */
export function isTemplateText(value: string): boolean {
  return value.includes('<%') || value.includes('{{');
}

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** A Go action as YAML would have read it inside a quoted scalar (ejs tags are left as written). */
function yamlUnescapedAction(tag: string, style: string | undefined): string {
  if (!tag.startsWith('{{')) return tag;
  if (style === 'QUOTE_SINGLE') return tag.replace(/''/g, "'");
  if (style !== 'QUOTE_DOUBLE') return tag;
  return tag.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (whole, escape: string) => {
    if (escape.length > 1) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16));
    return DOUBLE_QUOTED_ESCAPES[escape] ?? whole;
  });
}
