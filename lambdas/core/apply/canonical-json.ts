// JSON with object keys sorted at every level: equal data gives equal text whatever the key order.

export function canonicalJson(value: unknown, replace: (value: unknown) => unknown = (v) => v): string {
  const walk = (input: unknown): string => {
    const item = replace(input);
    if (item === undefined) return 'null';
    // As JSON.stringify does inside arrays: what JSON cannot hold becomes null.
    if (typeof item === 'function' || typeof item === 'symbol') return 'null';
    if (item === null || typeof item !== 'object') return JSON.stringify(item);
    if (Array.isArray(item)) return `[${item.map(walk).join(',')}]`;
    const keys = Object.keys(item).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${walk((item as Record<string, unknown>)[key])}`).join(',')}}`;
  };
  return walk(value);
}

