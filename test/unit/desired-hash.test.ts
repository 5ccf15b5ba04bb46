import { parseFormConfig } from '../../lambdas/core/config/config-text';
import { desiredHash } from '../../lambdas/core/apply/desired-hash';
import { canonicalJson } from '../../lambdas/core/apply/canonical-json';
import type { FormConfig } from '../../lambdas/core/config/config-model';

function form(text: string): FormConfig {
  const { form: parsed, problems } = parseFormConfig(text, 'form.yaml');
  if (!parsed) throw new Error(JSON.stringify(problems));
  return parsed;
}

const BASE = `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: {name: f}
spec:
  hubId: h
  configMaps:
    - id: cm
      nameTemplate: "<%= uid %>-cm"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          size: <%= size %>
`;

describe('desired hash', () => {
  const f = form(BASE);
  const values = { uid: 'acme', activate: true, size: 5, plan: 'pro' };

  test('is sha256 hex and stable under key order', () => {
    const h = desiredHash(values, f);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(desiredHash({ plan: 'pro', size: 5, activate: true, uid: 'acme' }, f)).toBe(h);
    expect(desiredHash(values, form(BASE))).toBe(h);
  });

  test('changes when any value changes, including its type', () => {
    const h = desiredHash(values, f);
    expect(desiredHash({ ...values, size: 6 }, f)).not.toBe(h);
    expect(desiredHash({ ...values, size: '5' }, f)).not.toBe(h);
    expect(desiredHash({ ...values, plan: null }, f)).not.toBe(h);
    expect(desiredHash({ ...values, activate: false }, f)).not.toBe(h);
    expect(desiredHash({ ...values, extra: 'x' }, f)).not.toBe(h);
  });

  test('changes when anything in the form changes, quoting included', () => {
    const h = desiredHash(values, f);
    expect(desiredHash(values, form(BASE.replace('-cm"', '-config"')))).not.toBe(h);
    expect(desiredHash(values, form(BASE.replace('size: <%= size %>', 'size: "<%= size %>"')))).not.toBe(h);
    expect(desiredHash(values, form(`${BASE}      timeoutSeconds: 60\n`))).not.toBe(h);
    expect(desiredHash(values, form(BASE.replace('metadata: {name: f}', 'metadata: {name: g}')))).not.toBe(h);
  });

  test('does not change for comments or key order in the form', () => {
    const h = desiredHash(values, f);
    const reordered = BASE.replace('apiVersion: v1\n        kind: ConfigMap', 'kind: ConfigMap # a comment\n        apiVersion: v1');
    expect(desiredHash(values, form(reordered))).toBe(h);
  });
});

describe('golden desired hash', () => {
  // Pinned on purpose: if this changes, every node of every deployment would be re-applied by the
  // next sync. Change it only with a deliberate migration note in the release.
  test('the example values and form hash to the same value as always', () => {
    const values = { uid: 'acme', activate: true, size: 5, plan: 'pro', since: null, ratio: 1.5 };
    expect(canonicalJson({ b: [2, { d: 1, c: 'x' }], a: null, e: 1.5, f: 'ü"\n' })).toBe('{"a":null,"b":[2,{"c":"x","d":1}],"e":1.5,"f":"ü\\"\\n"}');
    expect(desiredHash(values, form(BASE))).toBe('42645ed9f8cca9fbd4a9dd0c49f1f3c81abfedaf6f02df838225706e27eb92e4');
  });
});
