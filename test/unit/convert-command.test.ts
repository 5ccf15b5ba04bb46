// `lynq-sfn convert`: Go templates rewritten into ejs that renders the same, in the file's own
// text; what cannot be converted is reported and left working as a Go template.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFormText } from '../../lambdas/core/template/go-template/convert-form-text';
import { goTemplateToEjs, NotConvertible } from '../../lambdas/core/template/go-template/go-to-ejs';
import { compileTemplate } from '../../lambdas/core/template/template-compile';
import { templateScope, renderResources } from '../../lambdas/core/template/template-render';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { mapHubRows } from '../../lambdas/core/sync/row-mapping';
import { convertDirectory } from '../../cli/convert-command';

const NOW = new Date('2026-11-24T12:34:56Z');
const VALUES = { uid: 'acme-corp', activate: true, hubId: 'hub', planType: 'pro', size: 50, items: '["a","b"]', empty: '' };

function both(source: string, values: Record<string, unknown> = VALUES): [string, string] {
  const scope = templateScope(values as never, NOW);
  const { ejs } = goTemplateToEjs(source);
  return [compileTemplate(source)(scope), compileTemplate(ejs)(scope)];
}

describe('Go template -> ejs renders the same', () => {
  test.each([
    '{{ .uid }}-app',
    'node-{{ .uid | upper | trunc 4 }}',
    '{{ .uid }}-final-snapshot-{{ now | date "20060102150405" }}',
    '{{ if eq .planType "enterprise" }}1000m{{ else if eq .planType "pro" }}750m{{ else }}500m{{ end }}',
    '{{ if and .uid (not .empty) }}yes{{ end }}{{ if or .empty .uid }}-or{{ end }}',
    '{{ .empty | default "fallback" }}|{{ index . "planType" }}|{{ $.uid }}',
    '{{ with .planType }}plan={{ . }}{{ else }}none{{ end }}',
    '{{ range $i, $v := (.items | fromJson) }}{{ $i }}={{ $v }};{{ end }}',
    '{{ $n := .uid }}{{ $n | sha1sum | trunc 8 }}',
    '{{ print .uid "-suffix" | trunc63 }}|{{ "a,b" | replace "," "-" }}|{{ contains "corp" .uid }}',
    '{{ ternary "big" "small" (gt .size 10) }}|{{ list "a" "b" | join "+" }}|{{ (dict "k" .uid).k }}',
    'a  {{- " trimmed" -}}  b %> c',
  ])('%s', (source) => {
    const [go, ejs] = both(source);
    expect(ejs).toBe(go);
  });

  test('typed pipelines are flagged so the scalar is written unquoted', () => {
    expect(goTemplateToEjs('{{ .size | int }}')).toEqual({ ejs: '<%= int(size) %>', typed: true });
    expect(goTemplateToEjs('{{ .size | int }}Mi').typed).toBe(false);
  });

  test.each([
    ['{{ printf "%s-x" .uid }}', 'printf'],
    ['{{ len .uid }}', 'len'],
    ['{{ range .x }}a{{ else }}b{{ end }}', '{{range}} with {{else}}'],
    ['{{ .uid | sha256sum }}', 'sha256sum'],
  ])('%s is not converted (%s)', (source, what) => {
    expect(() => goTemplateToEjs(source)).toThrow(NotConvertible);
    expect(() => goTemplateToEjs(source)).toThrow(what);
  });
});

describe('convertFormText', () => {
  test('a converted literal block renders the same as the Go one', () => {
    const text = `data:\n  conf: |\n    name={{ .uid }}\n    {{- range $i, $v := list "a" "b" }}\n    item{{ $i }}={{ $v }}\n    {{- end }}\n`;
    const converted = convertFormText(text).text;
    const valueOf = (yaml: string) => {
      const [, block] = yaml.split('conf: |\n');
      return block.split('\n').map((l) => l.slice(4)).join('\n');
    };
    const scope = templateScope(VALUES, NOW);
    expect(compileTemplate(valueOf(converted))(scope)).toBe(compileTemplate(valueOf(text))(scope));
    expect(compileTemplate(valueOf(text))(scope)).toBe('name=acme-corp\nitem0=a\nitem1=b\n');
  });

  test('keeps comments and layout; quoting follows the original; typed pipelines become unquoted', () => {
    const text = `# a comment with {{ braces }}
spec:
  a: "{{ .uid }}-x"   # trailing comment
  b: '{{ if eq .planType "pro" }}it''s pro{{ end }}'
  c: {{ .size }}
  d: "{{ .size | int }}"
  "{{ .uid }}-key": v
  e: "{{ printf \\"%d\\" .size }}"
  f: |
    {{ .uid }}
  g: "<%= uid %> {{ stays }}"
  h: |-   # a comment
    name: {{ .uid }}

    {{- if eq .planType "pro" }}
    tier: pro
    {{- end }}
  i: >
    {{ .uid }}
`;
    const result = convertFormText(text);
    expect(result.text).toBe(`# a comment with {{ braces }}
spec:
  a: "<%= uid %>-x"   # trailing comment
  b: '<% if ((planType === 'pro')) { %>it''s pro<% } %>'
  c: <%= size %>
  d: <%= int(size) %>
  "<%= uid %>-key": v
  e: "{{ printf \\"%d\\" .size }}"
  f: |
    <%= uid %>
  g: "<%= uid %> {{ stays }}"
  h: |-   # a comment
    name: <%= uid %><% if ((planType === 'pro')) { %>
    tier: pro<% } %>
  i: >
    {{ .uid }}
`);
    expect(result.converted).toBe(7);
    expect(result.notConverted).toEqual([
      { line: 8, field: 'spec.e', reason: 'the function "printf" has no ejs equivalent here' },
      { line: 18, field: 'spec.i', reason: 'a folded (>) or keep/indented (|+, |2) block scalar is left as a Go template' },
    ]);
  });
});

describe('lynq-sfn convert', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lynq-convert-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  test('the converted seed validates and renders exactly like the verbatim seed', () => {
    const source = join(__dirname, '../../examples/seed-verbatim');
    const out = join(dir, 'out');
    const result = convertDirectory(source, { out });
    expect(result).toEqual({ stdout: 'form.yaml: 28 template(s) converted to ejs\nthe converted configuration validates (' + out + ')\n', stderr: '', exitCode: 0 });
    expect(readFileSync(join(out, 'form.yaml'), 'utf8')).not.toContain('{{');
    expect(readFileSync(join(source, 'form.yaml'), 'utf8')).toContain('{{ .uid }}'); // --out leaves the originals alone

    const row = { node_id: 'acme-corp', is_active: 1, db_instance_class: 'db.t3.small', db_storage_gb: 50, db_multi_az: false, plan_type: 'enterprise' };
    const render = (d: string) => {
      const project = loadProjectConfig(d);
      return renderResources(project.forms[0], mapHubRows(project.hub, [row]).nodes[0], { now: NOW }).map((r) => r.manifest);
    };
    expect(render(out)).toEqual(render(source));
  });

  test('in place, and prints what it left as Go templates', () => {
    mkdirSync(join(dir, 'cfg'));
    copyFileSync(join(__dirname, '../../examples/seed-verbatim/hub.yaml'), join(dir, 'cfg', 'hub.yaml'));
    writeFileSync(join(dir, 'cfg', 'form.yaml'), `apiVersion: operator.lynq.sh/v1
kind: LynqForm
metadata:
  name: f
spec:
  hubId: database-per-node
  configMaps:
    - id: cm
      nameTemplate: "{{ .uid }}-cm"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          name: "{{ printf \\"%s-%s\\" .uid .planType }}"
`);
    const result = convertDirectory(join(dir, 'cfg'));
    expect(result.stdout).toBe(`form.yaml: 1 template(s) converted to ejs, 1 left as Go templates:
  form.yaml:14: spec.configMaps[0].spec.data.name: not converted: the function "printf" has no ejs equivalent here
the converted configuration validates (${join(dir, 'cfg')})
`);
    expect(readFileSync(join(dir, 'cfg', 'form.yaml'), 'utf8')).toContain('nameTemplate: "<%= uid %>-cm"');
  });
});
