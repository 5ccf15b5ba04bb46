// Splits a Go text/template string into text and action tokens, following Go's lexer for the
// subset lynq-sfn accepts: `{{- ` / ` -}}` trim markers, `{{/* comments */}}`, quoted, raw and
// character literals, numbers, fields, variables, identifiers, `|`, `( )`, `,`, `:=`, `=`.
import { GoTemplateSyntaxError, positionAt } from './go-template-error';

export type TokenKind =
  | 'text' | 'open' | 'close' | 'identifier' | 'field' | 'variable' | 'dot' | 'string' | 'number'
  | 'pipe' | 'lparen' | 'rparen' | 'comma' | 'declare' | 'assign';

export interface Token {
  kind: TokenKind;
  /** Offset in the template string. */
  pos: number;
  /** Text for text tokens, name for identifiers/fields/variables, decoded value for strings. */
  value: string;
  /** Numbers only. */
  number?: number;
  /** Whitespace came right before this token (separates `.a .b` from `.a.b`). */
  spaced: boolean;
}

const SPACE = /[ \t\r\n]/;
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][+-]?[0-9]+)?)/;

function fail(source: string, pos: number, reason: string): never {
  throw new GoTemplateSyntaxError(reason, positionAt(source, pos));
}

function parseNumber(source: string, pos: number, text: string): number {
  const clean = text.replace(/_/g, '');
  const sign = clean.startsWith('-') ? -1 : 1;
  const body = clean.replace(/^[+-]/, '');
  let value: number;
  if (/^0[xX]/.test(body)) value = Number.parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) value = Number.parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) value = Number.parseInt(body.slice(2), 8);
  else if (/^0[0-7]+$/.test(body)) value = Number.parseInt(body.slice(1), 8); // Go's legacy octal
  else value = Number(body);
  if (!Number.isFinite(value)) fail(source, pos, `bad number syntax: "${text}"`);
  return sign * value;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Decodes a Go interpreted string or rune literal body (escapes as in Go's strconv.Unquote). */
function unescape(source: string, pos: number, body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const ch = body.charAt(i);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && ESCAPES[next] !== undefined) {
      out += ESCAPES[next];
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const size = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) fail(source, pos, `invalid escape \\${next}${hex} in quoted string`);
      out += next === 'x' ? String.fromCharCode(Number.parseInt(hex, 16)) : String.fromCodePoint(Number.parseInt(hex, 16));
      i += 1 + size;
    } else if (next !== undefined && /[0-7]/.test(next)) {
      const oct = body.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) fail(source, pos, `invalid escape \\${oct} in quoted string`);
      out += String.fromCharCode(Number.parseInt(oct, 8));
      i += 3;
    } else {
      fail(source, pos, `invalid escape \\${next ?? ''} in quoted string`);
    }
  }
  return out;
}

function isTrimMarker(source: string, i: number): boolean {
  // `{{- ` needs the space: `{{-3}}` is the number -3.
  return source[i] === '-' && SPACE.test(source[i + 1] ?? '');
}

/** Lexes one action body starting after `{{` (and its trim marker); returns the offset after `}}`. */
function lexAction(source: string, start: number, tokens: Token[]): { end: number; trimAfter: boolean } {
  let i = start;
  let spaced = false;
  let parens = 0;
  const push = (kind: TokenKind, pos: number, value: string, number?: number): void => {
    tokens.push({ kind, pos, value, spaced, ...(number !== undefined ? { number } : {}) });
    spaced = false;
  };
  for (;;) {
    if (i >= source.length) fail(source, start, 'unclosed action: "{{" without "}}"');
    const ch = source.charAt(i);
    // Right delimiter, possibly with its trim marker (` -}}`).
    if (SPACE.test(ch) && source[i + 1] === '-' && source.startsWith('}}', i + 2)) {
      if (parens > 0) fail(source, i, 'unclosed left paren');
      return { end: i + 4, trimAfter: true };
    }
    if (source.startsWith('}}', i)) {
      if (parens > 0) fail(source, i, 'unclosed left paren');
      return { end: i + 2, trimAfter: false };
    }
    if (SPACE.test(ch)) {
      spaced = true;
      i += 1;
      continue;
    }
    if (source.startsWith('/*', i)) fail(source, i, 'comment must be the whole action: {{/* ... */}}');
    if (ch === '|') { push('pipe', i, '|'); i += 1; continue; }
    if (ch === '(') { push('lparen', i, '('); parens += 1; i += 1; continue; }
    if (ch === ')') {
      if (parens === 0) fail(source, i, 'unexpected right paren');
      push('rparen', i, ')'); parens -= 1; i += 1; continue;
    }
    if (ch === ',') { push('comma', i, ','); i += 1; continue; }
    if (source.startsWith(':=', i)) { push('declare', i, ':='); i += 2; continue; }
    if (ch === '=') { push('assign', i, '='); i += 1; continue; }
    if (ch === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') {
        if (source[j] === '\\') j += 1;
        if (source[j] === '\n') fail(source, i, 'unterminated quoted string');
        j += 1;
      }
      if (j >= source.length) fail(source, i, 'unterminated quoted string');
      push('string', i, unescape(source, i, source.slice(i + 1, j)));
      i = j + 1;
      continue;
    }
    if (ch === '`') {
      const j = source.indexOf('`', i + 1);
      if (j === -1) fail(source, i, 'unterminated raw quoted string');
      push('string', i, source.slice(i + 1, j).replace(/\r/g, ''));
      i = j + 1;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'") {
        if (source[j] === '\\') j += 1;
        j += 1;
      }
      if (j >= source.length) fail(source, i, 'unterminated character constant');
      const text = unescape(source, i, source.slice(i + 1, j));
      if (Array.from(text).length !== 1) fail(source, i, `malformed character constant: ${source.slice(i, j + 1)}`);
      push('number', i, source.slice(i, j + 1), text.codePointAt(0));
      i = j + 1;
      continue;
    }
    const next = source[i + 1] ?? '';
    const startsNumber = /[0-9]/.test(ch) || ((ch === '+' || ch === '-') && /[0-9.]/.test(next)) || (ch === '.' && /[0-9]/.test(next));
    const num = startsNumber ? NUMBER.exec(source.slice(i)) : null;
    if (num) {
      if (IDENT_PART.test(source[i + num[0].length] ?? '')) fail(source, i, `bad number syntax: "${source.slice(i, i + num[0].length + 1)}"`);
      push('number', i, num[0], parseNumber(source, i, num[0]));
      i += num[0].length;
      continue;
    }
    if (ch === '.') {
      let j = i + 1;
      if (IDENT_START.test(source[j] ?? '')) {
        while (IDENT_PART.test(source[j] ?? '')) j += 1;
        push('field', i, source.slice(i + 1, j));
      } else {
        push('dot', i, '.');
      }
      i = j;
      continue;
    }
    if (ch === '$') {
      let j = i + 1;
      while (IDENT_PART.test(source[j] ?? '')) j += 1;
      push('variable', i, source.slice(i, j));
      i = j;
      continue;
    }
    if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (IDENT_PART.test(source[j] ?? '')) j += 1;
      push('identifier', i, source.slice(i, j));
      i = j;
      continue;
    }
    fail(source, i, `unexpected character ${JSON.stringify(ch)} in action`);
  }
}

/** Tokens of a whole template. Text tokens already have trim markers applied. */
export function lexTemplate(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let trimNext = false;
  while (i < source.length) {
    const open = source.indexOf('{{', i);
    let text = source.slice(i, open === -1 ? source.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open === -1) {
      if (text !== '') tokens.push({ kind: 'text', pos: i, value: text, spaced: false });
      break;
    }
    let bodyStart = open + 2;
    if (isTrimMarker(source, bodyStart)) {
      text = text.replace(/[ \t\r\n]+$/, '');
      bodyStart += 2;
    }
    if (text !== '') tokens.push({ kind: 'text', pos: i, value: text, spaced: false });
    // A comment is a whole action: {{/* ... */}}, with optional trim markers around it.
    const afterSpace = bodyStart + (/^[ \t\r\n]*/.exec(source.slice(bodyStart))?.[0].length ?? 0);
    if (source.startsWith('/*', afterSpace) && (afterSpace === bodyStart || afterSpace > open + 2)) {
      const close = source.indexOf('*/', afterSpace + 2);
      if (close === -1) fail(source, open, 'unclosed comment');
      const rest = source.slice(close + 2);
      const trimmed = /^ -\}\}/.exec(rest) ?? /^[ \t\r\n]+-\}\}/.exec(rest);
      if (trimmed) {
        trimNext = true;
        i = close + 2 + trimmed[0].length;
      } else if (rest.startsWith('}}')) {
        i = close + 4;
      } else {
        fail(source, close, 'comment ends before closing delimiter');
      }
      continue;
    }
    tokens.push({ kind: 'open', pos: open, value: '{{', spaced: false });
    const { end, trimAfter } = lexAction(source, bodyStart, tokens);
    tokens.push({ kind: 'close', pos: end - 2, value: '}}', spaced: false });
    trimNext = trimAfter;
    i = end;
  }
  return tokens;
}
