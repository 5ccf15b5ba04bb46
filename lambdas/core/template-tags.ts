// "Render after parsing" (DESIGN §3): ejs tags are set aside before the YAML parser sees the
// text, so an expression may hold `: `, ` #` or quotes without breaking the YAML around it.
// Each tag is replaced by an alphanumeric token, which YAML reads as plain text in every
// scalar style (plain, quoted, block, keys), and put back into the parsed strings afterwards.

export interface SetAsideTags {
  /** The text with every tag replaced by a token. */
  text: string;
  /** Puts the original tags back into a string taken from the parsed document. */
  restore(value: string): string;
  /** Line (1-based) in the ORIGINAL text of an offset in `text` (tags may span lines). */
  lineOf(offset: number): number;
  /** Tags opened and never closed: the line each one starts on. */
  unclosedTagLines: number[];
}

// `<%%` is ejs's escape for a literal `<%`, not a tag.
const TAG = /<%(?!%)[\s\S]*?%>/g;
const OPEN = /<%(?!%)/g;

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
    const start = match.index ?? 0;
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
  for (const open of rest.matchAll(OPEN)) {
    unclosedTagLines.push(countNewlines(original, 0, last + (open.index ?? 0)) + 1);
  }

  const tokenPattern = new RegExp(`${prefix}(\\d+)Z`, 'g');
  return {
    text: out,
    restore: (value) => (value.includes(prefix) ? value.replace(tokenPattern, (_, i: string) => tags[Number(i)] ?? '') : value),
    lineOf: (offset) => {
      let hiddenBefore = 0;
      for (const [at, count] of hidden) {
        if (at > offset) break;
        hiddenBefore = count;
      }
      return countNewlines(out, 0, Math.min(offset, out.length)) + hiddenBefore + 1;
    },
    unclosedTagLines,
  };
}

/** True when a string from a form is an ejs template (a tag, or the `<%%` literal escape). */
export function isTemplateText(value: string): boolean {
  return value.includes('<%');
}
