// A strict JSONPath grammar for ignoreFields (lynq-behaviour.md §2.2), checked when the config is
// loaded so a typo fails at validate/synth time rather than at apply time:
//   $ then segments: .name  .*  ..name  ..*  [n]  [*]  [n:m]  ['key']  ["key"]  [?(filter)]
const NAME = /^[A-Za-z0-9_$-]+/;
const INDEX = /^\[\s*(-?\d+|\*|-?\d*\s*:\s*-?\d*)\s*\]/;
const QUOTED = /^\[\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*\]/;

/** null when valid, else what is wrong. */
export function jsonPathProblem(path: string): string | null {
  if (!path.startsWith('$')) return 'must start with $';
  let rest = path.slice(1);
  if (rest === '') return 'names no field (a bare $ would ignore the whole object)';
  while (rest !== '') {
    const at = path.length - rest.length;
    if (rest.startsWith('..') || rest.startsWith('.')) {
      rest = rest.slice(rest.startsWith('..') ? 2 : 1);
      if (rest.startsWith('*')) { rest = rest.slice(1); continue; }
      if (rest.startsWith('[')) continue;
      const name = NAME.exec(rest);
      if (!name) return `expected a field name at position ${at + 1}`;
      rest = rest.slice(name[0].length);
      continue;
    }
    if (rest.startsWith('[?(')) {
      let depth = 0;
      let end = -1;
      for (let i = 2; i < rest.length; i += 1) {
        if (rest[i] === '(') depth += 1;
        else if (rest[i] === ')') {
          depth -= 1;
          if (depth === 0) { end = i; break; }
        }
      }
      if (end === -1 || rest[end + 1] !== ']') return `unterminated filter at position ${at}`;
      if (rest.slice(3, end).trim() === '') return `empty filter at position ${at}`;
      rest = rest.slice(end + 2);
      continue;
    }
    const bracket = INDEX.exec(rest) ?? QUOTED.exec(rest);
    if (bracket) { rest = rest.slice(bracket[0].length); continue; }
    return `unexpected ${JSON.stringify(rest[0])} at position ${at}`;
  }
  return null;
}
