// Field paths in messages: `spec.forProvider.tags[0].value`, `metadata.labels['app.kubernetes.io/name']`.
const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function fieldPath(keys: ReadonlyArray<string | number>, prefix = ''): string {
  let out = prefix;
  for (const key of keys) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (SIMPLE_KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key).replace(/^"|"$/g, "'")}]`;
  }
  return out;
}
