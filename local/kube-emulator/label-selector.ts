// Label selectors as the apiserver parses them: `a=b`, `a==b`, `a!=b`, `a`, `!a`,
// `a in (x,y)`, `a notin (x)`, comma-separated and all required.
import { badRequest } from './api-error';

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'absent'; key: string }
  | { op: 'gt' | 'lt'; key: string; bound: number };

export type LabelSelector = (labels: Record<string, string> | undefined) => boolean;

/** Splits on commas that are not inside a parenthesised value list. */
function splitTopLevel(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseRequirement(text: string): Requirement {
  let m = /^([^\s!=(),]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (m) return { op: m[2] as 'in' | 'notin', key: m[1], values: m[3].split(',').map((v) => v.trim()).filter((v) => v !== '') };
  m = /^([^\s!=(),<>]+)\s*([<>])\s*(-?\d+)$/.exec(text);
  if (m) return { op: m[2] === '>' ? 'gt' : 'lt', key: m[1], bound: Number(m[3]) };
  m = /^([^\s!=(),]+)\s+(in|notin)\s+([^\s(]+)/.exec(text);
  if (m) throw badRequest(`unable to parse requirement: found '${m[3]}' expected: '('`);
  m = /^([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(text);
  if (m) return { op: m[2] === '!=' ? 'neq' : 'eq', key: m[1], value: m[3] };
  m = /^!\s*([^\s!=(),]+)$/.exec(text);
  if (m) return { op: 'absent', key: m[1] };
  m = /^([^\s!=(),]+)$/.exec(text);
  if (m) return { op: 'exists', key: m[1] };
  throw badRequest(`unable to parse requirement: invalid label selector "${text}"`);
}

function matches(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  switch (req.op) {
    case 'eq': return has && value === req.value;
    case 'neq': return !has || value !== req.value;
    case 'in': return has && req.values.includes(value);
    case 'notin': return !has || !req.values.includes(value);
    case 'exists': return has;
    case 'absent': return !has;
    case 'gt': return has && /^-?\d+$/.test(value) && Number(value) > req.bound;
    case 'lt': return has && /^-?\d+$/.test(value) && Number(value) < req.bound;
  }
}

export function parseLabelSelector(selector: string | null): LabelSelector {
  const requirements = splitTopLevel(selector ?? '').map(parseRequirement);
  return (labels) => requirements.every((r) => matches(r, labels ?? {}));
}

/**
 * A metav1.LabelSelector object (matchLabels and matchExpressions, all required) as a matcher.
 * An operator the API does not know selects nothing.
 */
export function labelSelectorOf(matchLabels: Record<string, string>, matchExpressions: Array<{ key: string; operator: unknown; values: string[] }>): LabelSelector {
  const operators: Record<string, (key: string, values: string[]) => Requirement> = {
    In: (key, values) => ({ op: 'in', key, values }),
    NotIn: (key, values) => ({ op: 'notin', key, values }),
    Exists: (key) => ({ op: 'exists', key }),
    DoesNotExist: (key) => ({ op: 'absent', key }),
  };
  const requirements: Requirement[] = [
    ...Object.entries(matchLabels).map(([key, value]): Requirement => ({ op: 'eq', key, value })),
    ...matchExpressions.map((e) => (typeof e.operator === 'string' && Object.hasOwn(operators, e.operator) ? operators[e.operator](e.key, e.values) : { op: 'in' as const, key: e.key, values: [] })),
  ];
  return (labels) => requirements.every((r) => matches(r, labels ?? {}));
}
