// asl-validator ships no type declarations.
declare module 'asl-validator' {
  export default function aslValidator(definition: unknown, options?: unknown): { isValid: boolean; errors: unknown[] };
}
