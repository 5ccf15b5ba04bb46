// jsonText: the one text form of a JSON value, shared by the emulator's messages and the conformance harness.
import { jsonText } from '../../local/kube-emulator/json-types';

describe('jsonText', () => {
  it('prints strings as they are, numbers and booleans as text, objects and arrays as JSON', () => {
    expect(['v1', 3, 1.5, false, { a: 1 }, ['x']].map((value) => jsonText(value))).toEqual(['v1', '3', '1.5', 'false', '{"a":1}', '["x"]']);
  });

  it('reads null as absent: the fallback, empty unless given (Go reads a null string field as "")', () => {
    expect(jsonText(null)).toBe('');
    expect(jsonText(undefined)).toBe('');
    expect(jsonText(null, '{}')).toBe('{}');
  });
});
