// Go templates inside forms: chosen per string next to ejs, the same parse-then-render and typing
// rules, and validation that names file, resource, field and position.
import { join } from 'node:path';
import { parseFormConfig, validateConfigFiles } from '../../lambdas/core/config/config-text';
import { formatConfigProblem } from '../../lambdas/core/config/config-error';
import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { renderResources, RenderError } from '../../lambdas/core/template/template-render';
import { templateEngineOf } from '../../lambdas/core/template/template-compile';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { mapHubRows } from '../../lambdas/core/sync/row-mapping';
import { validateDirectory } from '../../cli/validate-command';

const NOW = new Date('2026-11-24T12:34:56Z');

const HUB = `apiVersion: operator.lynq.sh/v1
kind: LynqHub
metadata:
  name: my-hub
spec:
  source:
    type: mysql
    mysql: {host: db.local, database: nodes_db, username: reader, table: nodes}
  valueMappings: {uid: node_id, activate: is_active}
  extraValueMappings:
    plan: plan_type
    size: size_gb
`;

function formText(resources: string): string {
  return `apiVersion: operator.lynq.sh/v1
kind: LynqForm
metadata:
  name: my-form
spec:
  hubId: my-hub
${resources}`;
}

function form(resources: string): FormConfig {
  const { form: parsed, problems } = parseFormConfig(formText(resources), 'form.yaml');
  if (!parsed) throw new Error(problems.map((p) => formatConfigProblem(p)).join('\n'));
  return parsed;
}

function node(extra: Record<string, string | number | boolean | null> = {}): NodeValues {
  return { uid: 'acme', activate: true, hubId: 'my-hub', plan: 'pro', size: 50, ...extra };
}

/** A manifest whose spec.x holds the given YAML fields, rendered for one node. */
function renderFields(fields: string, values = node()): Record<string, unknown> {
  const f = form(`  manifests:
    - id: thing
      nameTemplate: "{{ .uid }}-thing"
      spec:
        apiVersion: example.com/v1
        kind: Thing
        spec:
          x:
${fields.split('\n').map((line) => `            ${line}`).join('\n')}
`);
  const [r] = renderResources(f, values, { now: NOW });
  expect(r.manifest.metadata.name).toBe('acme-thing');
  return (r.manifest.spec as { x: Record<string, unknown> }).x;
}

function problems(resources: string): string[] {
  return validateConfigFiles('cfg', [{ file: 'hub.yaml', text: HUB }, { file: 'form.yaml', text: formText(resources) }]).problems.map(formatConfigProblem);
}

describe('per-string engine choice', () => {
  test('ejs when a string holds <%, Go when it holds only {{', () => {
    expect(templateEngineOf('<%= uid %>')).toBe('ejs');
    expect(templateEngineOf('{{ .uid }}')).toBe('go');
    expect(templateEngineOf('<%= uid %> {{ literal }}')).toBe('ejs');
    expect(templateEngineOf('plain')).toBe('ejs');
  });

  test('a literal {{ is kept with {{ "{{" }} or by any ejs tag in the string', () => {
    const x = renderFields(`go: '{{ "{{" }} $labels.instance }}'
ejs: "<%# literal %>{{ $labels.instance }}"`);
    expect(x).toEqual({ go: '{{ $labels.instance }}', ejs: '{{ $labels.instance }}' });
  });

  test('both syntaxes in one form render the same values', () => {
    const x = renderFields(`go: "{{ .uid }}-{{ .plan }}"
ejs: "<%= uid %>-<%= plan %>"`);
    expect(x).toEqual({ go: 'acme-pro', ejs: 'acme-pro' });
  });
});

describe('typing: the same parse-then-render rules as ejs', () => {
  test("the seed's unquoted {{ .dbStorageGb }} and {{ .dbMultiAz }} give an integer and a boolean", () => {
    const x = renderFields(`allocatedStorage: {{ .size }}
multiAZ: {{ .flag }}`, node({ flag: false }));
    expect(x).toEqual({ allocatedStorage: 50, multiAZ: false });
  });

  test('a quoted template stays a string; a typed pipeline (int, float, bool) is native even quoted, as in Lynq', () => {
    const x = renderFields(`quoted: "{{ .size }}"
replicas: "{{ .size | int }}"
ratio: '{{ "0.75" | float }}'
flag: "{{ "yes" | bool }}"
suffixed: "{{ .size | int }}Mi"`);
    expect(x).toEqual({ quoted: '50', replicas: 50, ratio: 0.75, flag: true, suffixed: '50Mi' });
  });

  test('typed pipelines stay strings in string-only fields (ConfigMap data, labels), as Lynq strips its markers there', () => {
    const f = form(`  configMaps:
    - id: cm
      nameTemplate: cm
      spec:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          labels:
            n: "{{ .size | int }}"
        data:
          cpu-limit: '{{ "1.5" | float }}'
          true-from-yes: '{{ "yes" | bool }}'
          zero: '{{ "not-a-number" | int }}'
`);
    const [r] = renderResources(f, node(), { now: NOW });
    expect((r.manifest as any).data).toEqual({ 'cpu-limit': '1.5', 'true-from-yes': 'true', zero: '0' });
    expect((r.manifest as any).metadata.labels.n).toBe('50');
  });

  test('YAML escapes in a double-quoted scalar apply to the action, as YAML-first parsing does in Lynq', () => {
    const x = renderFields(`cpu: "{{ if eq .plan \\"enterprise\\" }}1000m{{ else }}500m{{ end }}"
snapshot: "{{ .uid }}-final-snapshot-{{ now | date \\"20060102150405\\" }}"
single: '{{ if eq .plan "pro" }}it''s pro{{ end }}'
plain: {{ if eq .plan "pro" }}750m{{ end }}`);
    expect(x).toEqual({ cpu: '500m', snapshot: 'acme-final-snapshot-20261124123456', single: "it's pro", plain: '750m' });
  });

  test('keys, nameTemplate, targetNamespace, labelsTemplate and annotationsTemplate take Go templates', () => {
    const f = form(`  configMaps:
    - id: cm
      nameTemplate: "{{ .uid }}-cm"
      targetNamespace: "node-{{ .uid }}"
      labelsTemplate:
        "{{ .plan }}-tier": "{{ .uid | upper }}"
      annotationsTemplate:
        size: "{{ .size }}"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          "key-{{ .uid }}": value
`);
    const [r] = renderResources(f, node(), { now: NOW });
    expect(r.manifest.metadata).toMatchObject({ name: 'acme-cm', namespace: 'node-acme', labels: { 'pro-tier': 'ACME' }, annotations: { size: '50' } });
    expect((r.manifest as any).data).toEqual({ 'key-acme': 'value' });
  });
});

describe('row values stay literal text in both syntaxes', () => {
  test.each([
    ['{{ env "AWS_SECRET_ACCESS_KEY" }}'],
    ['<%= process.env.AWS_SECRET_ACCESS_KEY %>'],
    ['{{ .uid }} and <%= uid %>'],
  ])('a row value %j is output as written', (evil) => {
    const x = renderFields(`go: "{{ .plan }}"
ejs: "<%= plan %>"
goUnquoted: {{ .plan }}
ejsUnquoted: <%= plan %>`, node({ plan: evil }));
    expect(x).toEqual({ go: evil, ejs: evil, goUnquoted: evil, ejsUnquoted: evil });
  });
});

describe('render errors', () => {
  test('a missing variable at render time names resource and field', () => {
    const f = form(`  configMaps:
    - id: cm
      nameTemplate: cm
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          a: "{{ .nope }}"
`);
    expect(() => renderResources(f, node(), { now: NOW })).toThrow(RenderError);
    expect(() => renderResources(f, node(), { now: NOW })).toThrow("resource 'cm', field data.a: undefined variable 'nope'");
  });

  test('a function error names position and never the row value', () => {
    const f = form(`  configMaps:
    - id: cm
      nameTemplate: cm
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          a: "{{ lt .plan 3 }}"
`);
    let message = '';
    try {
      renderResources(f, node({ plan: 'secret-plan-value' }), { now: NOW });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("field data.a: template threw: go template error at line 1, column 4: error calling lt: incompatible types for comparison: string and int");
    expect(message).not.toContain('secret-plan-value');
  });
});

describe('validate reports Go-template errors with file, resource id, field and position', () => {
  test('syntax errors, unknown and refused functions', () => {
    expect(problems(`  configMaps:
    - id: cm
      nameTemplate: "{{ .uid | | trim }}"
      targetNamespace: "{{ env \\"HOME\\" }}"
      labelsTemplate:
        tier: "{{ invalidFunc .plan }}"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          a: "{{ if .plan }}x"
          b: {{ .uid | trunc }}
`)).toEqual([
      "form.yaml: resource 'cm': spec.data.a: go template syntax error at line 1, column 16: unexpected EOF: an {{if}}, {{with}} or {{range}} has no {{end}}",
      "form.yaml: resource 'cm': spec.data.b: go template syntax error at line 1, column 11: wrong number of arguments for trunc: want 2, got 1",
      "form.yaml: resource 'cm': nameTemplate: go template syntax error at line 1, column 11: unexpected \"|\" in command",
      "form.yaml: resource 'cm': targetNamespace: go template syntax error at line 1, column 4: function \"env\" is refused: it reads the environment of the process, which holds the function's credentials; templates see only the node's values",
      "form.yaml: resource 'cm': labelsTemplate.tier: go template syntax error at line 1, column 4: function \"invalidFunc\" not defined",
    ]);
  });

  test('an unknown variable (missingkey=error) is named with its position', () => {
    expect(problems(`  configMaps:
    - id: cm
      nameTemplate: "{{ .uid }}-cm"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          a: "x-{{ .plan }}-{{ .plann }}"
          b: '{{ index . "optional" | default "d" }}'
`)).toEqual([
      "form.yaml: resource 'cm': spec.data.a: undefined variable 'plann' at line 1, column 18; the hub 'my-hub' provides: uid, activate, hubId, templateRef, plan, size",
    ]);
  });

  test('an action never closed names its line', () => {
    expect(problems(`  configMaps:
    - id: cm
      nameTemplate: "{{ .uid"
      spec: {apiVersion: v1, kind: ConfigMap}
`)[0]).toBe("form.yaml: line 9: Go template action '{{' is never closed with '}}'");
  });
});

describe('examples/seed-verbatim: the seed document\'s YAML as written', () => {
  const dir = join(__dirname, '../../examples/seed-verbatim');
  const row = { node_id: 'acme-corp', domain: 'acme.example.com', is_active: 1, db_instance_class: 'db.t3.small', db_storage_gb: 50, db_multi_az: false, plan_type: 'pro' };

  test('loads and validates (lynq-sfn validate examples/seed-verbatim)', () => {
    expect(validateDirectory(dir)).toMatchObject({ exitCode: 0, stderr: '' });
    const project = loadProjectConfig(dir);
    expect(project.hub.name).toBe('database-per-node');
    expect(project.forms.map((f) => f.name)).toEqual(['database-provisioning']);
  });

  test('renders like the ejs example for the same row', () => {
    const verbatim = loadProjectConfig(dir);
    const ejs = loadProjectConfig(join(__dirname, '../../examples/database-per-node'));
    const render = (p: typeof verbatim, values: Record<string, unknown>) => {
      const { nodes } = mapHubRows(p.hub, [values]);
      return renderResources(p.forms[0], nodes[0], { now: NOW }).map((r) => r.manifest);
    };
    // The ejs example departs from the seed where real RDS needs it (a valid masterUsername, a
    // supported engine version, placeholders for the account's network): those fields alone differ.
    const withoutRdsAccountFields = (manifests: Record<string, any>[]) => manifests.map((m) => {
      if (m.kind !== 'RDSInstance') return m;
      const { masterUsername, engineVersion, region, dbSubnetGroupName, vpcSecurityGroupIds, ...forProvider } = m.spec.forProvider;
      return { ...m, spec: { ...m.spec, forProvider } };
    });
    for (const plan of ['pro', 'enterprise']) {
      const fromGo = render(verbatim, { ...row, plan_type: plan });
      expect(withoutRdsAccountFields(fromGo)).toEqual(withoutRdsAccountFields(render(ejs, { ...row, plan_type: plan })));
      const byKind = (kind: string) => fromGo.find((m) => m.kind === kind) as any;
      const rds = byKind('RDSInstance');
      expect(rds.spec.forProvider).toMatchObject({ allocatedStorage: 50, multiAZ: false, finalDBSnapshotIdentifier: 'acme-corp-final-snapshot-20261124123456' });
      expect(byKind('Deployment').spec.template.spec.containers[0].resources.requests).toEqual(plan === 'pro' ? { cpu: '500m', memory: '1Gi' } : { cpu: '1000m', memory: '2Gi' });
    }
  });
});
