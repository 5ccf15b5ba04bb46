// The one list of corpus steps the emulator is not held to, each with its reason. Every other
// step of ../shared/kube-conformance is compared (and counted as failing when it differs).
// Keys are `<scenario>#<step index>`.
const RBAC = 'RBAC and impersonation are not emulated (every request is an administrator\'s); no product test relies on them. Real-cluster runs cover RBAC.';

export const SKIPPED_STEPS: Readonly<Record<string, string>> = {
  '12-forbidden#6': RBAC,
  '12-forbidden#7': RBAC,
  '12-forbidden#8': RBAC,
  '12-forbidden#9': RBAC,
  '12-forbidden#10': RBAC,
  '12-forbidden#11': RBAC,
  '12-forbidden#12': RBAC,
  '12-forbidden#13': RBAC,
  '12-forbidden#14': RBAC,
  '12-forbidden#15': RBAC,
  '12-forbidden#16': `${RBAC} The writes of steps 6-9 therefore succeed, so the namespace's resourceVersion numbering differs here.`,
};

export function skipReason(scenario: string, index: number): string | undefined {
  return SKIPPED_STEPS[`${scenario}#${index}`];
}
