// A JSON value as text for sort keys and templates: strings as they are, anything else as JSON, absent as ''.
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}
