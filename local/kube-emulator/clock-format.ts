// Timestamps as the apiserver writes them: RFC 3339, whole seconds, UTC.
export function rfc3339(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
