// Keys come from forms and rendered templates; defining them as own properties means a key
// like `__proto__` is stored as data and never changes an object's prototype. Only that key
// needs defineProperty (every other inherited property of Object.prototype is a writable data
// property, so assigning makes an own one); assigning keeps objects fast for every other key.
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
