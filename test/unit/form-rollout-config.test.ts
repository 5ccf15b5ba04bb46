import { parseFormConfig } from '../../lambdas/core/config/config-text';

const form = (rollout: string) => `apiVersion: operator.lynq.sh/v1
kind: LynqForm
metadata:
  name: web
spec:
  hubId: hub
${rollout}
  configMaps:
    - id: cm
      nameTemplate: "<%= uid %>-cm"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          a: "1"
`;

describe('spec.rollout on a form (Lynq\'s maxSkew)', () => {
  it('reads maxSkew; no rollout means no limit', () => {
    expect(parseFormConfig(form('  rollout:\n    maxSkew: 2\n    progressDeadlineSeconds: 600'), 'f.yaml').form?.rollout).toEqual({ maxSkew: 2 });
    expect(parseFormConfig(form(''), 'f.yaml').form?.rollout).toEqual({ maxSkew: 0 });
  });

  it('is left out of the form hash: changing maxSkew is not a change every node must apply', () => {
    const none = parseFormConfig(form(''), 'f.yaml').form!;
    const two = parseFormConfig(form('  rollout:\n    maxSkew: 2'), 'f.yaml').form!;
    const five = parseFormConfig(form('  rollout:\n    maxSkew: 5'), 'f.yaml').form!;
    expect(two.contentHash).toBe(none.contentHash);
    expect(five.contentHash).toBe(none.contentHash);
    expect(parseFormConfig(form('').replace('a: "1"', 'a: "2"'), 'f.yaml').form!.contentHash).not.toBe(none.contentHash);
  });

  it.each([
    ['  rollout:\n    maxSkew: -1', 'spec.rollout.maxSkew', 'must be between 0'],
    ['  rollout:\n    maxSkew: two', 'spec.rollout.maxSkew', 'must be an integer'],
    ['  rollout:\n    progressDeadlineSeconds: 10', 'spec.rollout.progressDeadlineSeconds', 'must be between 60 and 3600'],
    ['  rollout:\n    maxSkw: 2', 'spec.rollout.maxSkw', 'unknown field'],
    ['  rollout: 2', 'spec.rollout', 'must be a mapping'],
  ])('%s is refused naming the field', (rollout, field, message) => {
    const { problems } = parseFormConfig(form(rollout), 'f.yaml');
    expect(problems).toEqual([expect.objectContaining({ file: 'f.yaml', field: expect.stringContaining(field), message: expect.stringContaining(message) })]);
  });
});
