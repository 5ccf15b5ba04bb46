// The one list of corpus steps the emulator is not held to, each with its reason. Every other
// step of ../shared/kube-conformance must match. Keys are `<scenario>#<step index>`, or
// `<scenario>#*` for a whole scenario.
export const SKIPPED_STEPS: Readonly<Record<string, string>> = {
};

export function skipReason(scenario: string, index: number): string | undefined {
  return SKIPPED_STEPS[`${scenario}#${index}`] ?? SKIPPED_STEPS[`${scenario}#*`];
}
