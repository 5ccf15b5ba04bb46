// Reads a Kubernetes List response as it arrives. Each element of the top-level `items` array is
// parsed and handed over as soon as its text is complete, so a caller that reduces items keeps
// only its reductions: a list served whole from the watch cache (resourceVersion=0 ignores `limit`
// on v1.28) never sits in memory as one string or one parsed tree. Everything else (kind,
// metadata with `continue`) is kept and parsed at the end; it is small.
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const ITEMS_KEY = /"items"\s*:\s*$/;

export interface ListEnvelope {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

export class ListItemStream {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inItems = false;
  private itemsSeen = false;
  /** Text outside `items` (with `"items":[]` in its place). */
  private envelope = '';
  /** Start of the item being read, carried over from earlier chunks. */
  private partialItem: string | undefined;

  constructor(private readonly onItem: (item: unknown) => void) {}

  /** Feeds the next piece of the response text (whole characters: decode bytes with a StringDecoder). */
  push(chunk: string): void {
    let itemStart = this.partialItem !== undefined ? 0 : -1;
    let envelopeStart = this.inItems ? -1 : 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      if (this.inString) {
        // Most of a list is string content: jump to the next quote natively.
        if (this.escaped) {
          this.escaped = false;
          continue;
        }
        const quote = chunk.indexOf('"', i);
        const end = quote < 0 ? n : quote;
        let backslashes = 0;
        for (let k = end - 1; k >= i && chunk.charCodeAt(k) === BACKSLASH; k--) backslashes++;
        if (quote < 0) {
          this.escaped = backslashes % 2 === 1; // the next chunk starts with an escaped character
          i = n;
        } else {
          if (backslashes % 2 === 0) this.inString = false;
          i = quote;
        }
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.inItems && this.depth === 2) {
          itemStart = i;
        } else if (!this.inItems && !this.itemsSeen && this.depth === 1 && c === OPEN_BRACKET && ITEMS_KEY.test(this.envelope + chunk.slice(envelopeStart, i))) {
          this.envelope += chunk.slice(envelopeStart, i + 1);
          envelopeStart = -1;
          this.inItems = true;
          this.itemsSeen = true;
        }
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.inItems && this.depth === 2 && itemStart >= 0) {
          const text = (this.partialItem ?? '') + chunk.slice(itemStart, i + 1);
          this.partialItem = undefined;
          itemStart = -1;
          this.onItem(JSON.parse(text));
        } else if (this.inItems && this.depth === 1) {
          this.inItems = false;
          envelopeStart = i;
        }
      }
    }
    if (itemStart >= 0) this.partialItem = (this.partialItem ?? '') + chunk.slice(itemStart);
    if (envelopeStart >= 0) this.envelope += chunk.slice(envelopeStart);
  }

  /** The list's kind and metadata, once the whole response was pushed. */
  finish(): ListEnvelope {
    if (this.depth !== 0 || this.inString || this.partialItem !== undefined) throw new SyntaxError('the list response ended early (incomplete JSON)');
    return JSON.parse(this.envelope) as ListEnvelope;
  }
}
