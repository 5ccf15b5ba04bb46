// Keys come from forms and rendered templates; defining them as own properties means a key
// like `__proto__` is stored as data and never changes an object's prototype.
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
