import { parseFormConfig } from '../../lambdas/core/config/config-text';
import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { renderResource, renderResources, RenderError } from '../../lambdas/core/template/template-render';

const NOW = new Date('2024-05-06T07:08:09Z');

function form(body: string): FormConfig {
  const text = `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata:
  name: test-form
spec:
  hubId: test-hub
${body}`;
  const { form: parsed, problems } = parseFormConfig(text, 'form.yaml');
  if (!parsed) throw new Error(problems.map((p) => JSON.stringify(p)).join('\n'));
  return parsed;
}

function node(extra: Record<string, string | number | boolean | null> = {}): NodeValues {
  return { uid: 'acme', activate: true, hubId: 'test-hub', ...extra };
}

/** A ConfigMap-free manifest with one field `spec.x.value: <field>`, for coercion tests. */
function oneField(field: string): FormConfig {
  return form(`  manifests:
    - id: thing
      nameTemplate: thing
      spec:
        apiVersion: example.com/v1
        kind: Thing
        spec:
          x:
            value: ${field}
`);
}

function renderValue(field: string, values: NodeValues): unknown {
  const [r] = renderResources(oneField(field), values, { now: NOW });
  return (r.manifest.spec as { x: { value: unknown } }).x.value;
}

/** Every key path of an object (arrays by index), to compare structure. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => keyPaths(v, `${prefix}[${i}]`))];
  if (value !== null && typeof value === 'object') return [prefix, ...Object.entries(value).flatMap(([k, v]) => keyPaths(v, `${prefix}.${k}`))];
  return [prefix];
}

describe('typed results', () => {
  test.each([
    ['50', 50],
    ['-3', -3],
    ['0', 0],
    ['1', 1],
    ['1.5', 1.5],
    ['true', true],
    ['false', false],
    ['null', null],
    ['', ''],
    ['db.t3.small', 'db.t3.small'],
    ['1Gi', '1Gi'],
    ['{"a":1}', '{"a":1}'],
    ['[1,2]', '[1,2]'],
    ['0x1F', 31],
    ['1e3', 1000],
    ['.inf', '.inf'],
    ['99999999999999999999', '99999999999999999999'],
  ])('unquoted template rendering %j gives %j', (rendered, expected) => {
    expect(renderValue('<%= v %>', node({ v: rendered }))).toEqual(expected);
  });

  test.each(['50', '1.5', 'true', 'null', ''])('quoted template rendering %j stays a string', (rendered) => {
    expect(renderValue('"<%= v %>"', node({ v: rendered }))).toBe(rendered);
    expect(renderValue("'<%= v %>'", node({ v: rendered }))).toBe(rendered);
  });

  test('numbers and booleans from the row keep their type through an unquoted template', () => {
    expect(renderValue('<%= v %>', node({ v: 50 }))).toBe(50);
    expect(renderValue('<%= v %>', node({ v: false }))).toBe(false);
    expect(renderValue('<%= bool(v) %>', node({ v: 0 }))).toBe(false);
    expect(renderValue('<%= int(v) %>', node({ v: '12' }))).toBe(12);
    expect(renderValue('<%= v %>', node({ v: null }))).toBe('');
  });

  test('a block scalar stays a string', () => {
    expect(renderValue('|\n              <%= v %>', node({ v: '7' }))).toBe('7\n');
  });

  test('an expression may hold ": " and " #" unquoted', () => {
    expect(renderValue("<%= v === 'x' ? 'a: b' : 'c #d' %>", node({ v: 'y' }))).toBe('c #d');
  });

  test('labels, annotations, env values and args stay strings even when unquoted', () => {
    const f = form(`  deployments:
    - id: app
      nameTemplate: app
      spec:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          labels:
            n: <%= n %>
          annotations:
            b: <%= b %>
        spec:
          replicas: <%= n %>
          template:
            spec:
              containers:
                - name: c
                  args: [<%= n %>]
                  env:
                    - name: N
                      value: <%= n %>
`);
    const [r] = renderResources(f, node({ n: 3, b: true }), { now: NOW });
    const m = r.manifest as any;
    expect(m.metadata.labels.n).toBe('3');
    expect(m.metadata.annotations.b).toBe('true');
    expect(m.spec.replicas).toBe(3);
    expect(m.spec.template.spec.containers[0].env[0].value).toBe('3');
    expect(m.spec.template.spec.containers[0].args).toEqual(['3']);
  });

  test('ConfigMap data stays a string', () => {
    const f = form(`  configMaps:
    - id: cm
      nameTemplate: cm
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          size: <%= n %>
`);
    expect((renderResources(f, node({ n: 3 }), { now: NOW })[0].manifest as any).data.size).toBe('3');
  });
});

describe('untrusted values', () => {
  const hostile = [
    'line1\nline2\n  nested: key',
    'a: b',
    '- item',
    '{}',
    '{"injected": true}',
    '---\nkind: Secret',
    `he said "hi" and 'bye'`,
    'value # not a comment',
    '<%= process.exit() %>',
    '<%- require("fs") %>',
    '${process.env.HOME}',
    '%>',
    'x'.repeat(1024 * 1024),
  ];
  const f = form(`  manifests:
    - id: thing
      nameTemplate: thing
      spec:
        apiVersion: example.com/v1
        kind: Thing
        metadata:
          labels:
            fixed: "yes"
        spec:
          plain: <%= payload %>
          quoted: "prefix-<%= payload %>"
          list:
            - <%= payload %>
            - other
`);
  const baseline = renderResources(f, node({ payload: 'plain' }), { now: NOW })[0].manifest;

  test.each(hostile.map((v) => [v.length > 50 ? `${v.slice(0, 20)}… (${v.length} chars)` : v, v]))('%j renders as one literal string in its own field', (_, value) => {
    const manifest = renderResources(f, node({ payload: value }), { now: NOW })[0].manifest as any;
    expect(manifest.spec.plain).toBe(value);
    expect(manifest.spec.quoted).toBe(`prefix-${value}`);
    expect(manifest.spec.list).toEqual([value, 'other']);
    expect(keyPaths(manifest)).toEqual(keyPaths(baseline));
    expect(manifest.metadata).toEqual(baseline.metadata);
  });

  test('a value holding a template is never evaluated', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => { throw new Error('process.exit called'); }));
    try {
      const manifest = renderResources(f, node({ payload: '<%= process.exit(3) %>' }), { now: NOW })[0].manifest as any;
      expect(manifest.spec.plain).toBe('<%= process.exit(3) %>');
      expect(exit).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
    }
  });

  test('process and require are not reachable from a template (template-confinement.test.ts has the rest)', () => {
    expect(() => renderValue('"<%= typeof process %>"', node())).toThrow(/template code may not use 'process'/);
    expect(() => renderValue(`"<%= (()=>0)['constr' + 'uctor']('return process')() %>"`, node())).toThrow(/Code generation from strings disallowed/);
  });
});

describe('string-only fields', () => {
  test('a Service selector and a Deployment matchLabels stay strings when the value looks like a number', () => {
    const f = form(`  services:
    - id: svc
      nameTemplate: svc
      spec:
        apiVersion: v1
        kind: Service
        spec:
          selector: { app: <%= uid %>, multi: <%= flag %> }
          ports: [{ port: <%= port %> }]
  deployments:
    - id: app
      nameTemplate: app
      spec:
        apiVersion: apps/v1
        kind: Deployment
        spec:
          selector: { matchLabels: { app: <%= uid %> } }
`);
    const rendered = renderResources(f, node({ uid: '123', flag: 1, port: 8080 }), { now: NOW });
    const svc = rendered.find((r) => r.id === 'svc')!;
    const app = rendered.find((r) => r.id === 'app')!;
    expect((svc.manifest.spec as { selector: unknown }).selector).toEqual({ app: '123', multi: '1' });
    expect((svc.manifest.spec as { ports: unknown }).ports).toEqual([{ port: 8080 }]);
    expect((app.manifest.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: '123' } });
  });
});

describe('names, namespaces, labels and annotations', () => {
  const f = form(`  namespaces:
    - id: ns
      nameTemplate: "node-<%= uid %>"
      targetNamespace: ignored-for-namespaces
      spec:
        apiVersion: v1
        kind: Namespace
  configMaps:
    - id: cm
      targetNamespace: "node-<%= uid %>"
      labelsTemplate:
        tier: "<%= plan %>"
        shared: from-template
      annotationsTemplate:
        "<%= uid %>.example.com/owner": "<%= hubId %>/<%= templateRef %>"
      spec:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: fixed-name
          labels:
            shared: from-spec
            keep: me
        data:
          "<%= uid %>-key": value
`);
  const [cm, ns] = renderResources(f, node({ plan: 'pro' }), { now: NOW });

  test('nameTemplate names the object; empty nameTemplate falls back to spec.metadata.name', () => {
    expect(ns.manifest.metadata.name).toBe('node-acme');
    expect(cm.manifest.metadata.name).toBe('fixed-name');
  });

  test('targetNamespace sets the namespace, and is ignored for a Namespace', () => {
    expect(ns.manifest.metadata.namespace).toBeUndefined();
    expect(cm.manifest.metadata.namespace).toBe('node-acme');
  });

  test('labelsTemplate and annotationsTemplate are merged over spec.metadata (template wins)', () => {
    expect(cm.manifest.metadata.labels).toEqual({ shared: 'from-template', keep: 'me', tier: 'pro' });
    expect(cm.manifest.metadata.annotations).toEqual({ 'acme.example.com/owner': 'test-hub/test-form' });
  });

  test('keys may be templates', () => {
    expect((cm.manifest as any).data).toEqual({ 'acme-key': 'value' });
  });

  test('renderResource renders one resource and keeps its template', () => {
    const one = renderResource(f, 'cm', node({ plan: 'pro' }), { now: NOW });
    expect(one.id).toBe('cm');
    expect(one.template.id).toBe('cm');
    expect(one.manifest).toEqual(cm.manifest);
    expect(() => renderResource(f, 'nope', node(), { now: NOW })).toThrow(/no resource with this id/);
  });

  test('results are in form order and every render is independent', () => {
    expect(renderResources(f, node({ plan: 'a' }), { now: NOW }).map((r) => r.id)).toEqual(['cm', 'ns']);
    const first = renderResources(f, node({ plan: 'a' }), { now: NOW })[0];
    (first.manifest.metadata.labels as Record<string, string>).tier = 'mutated';
    expect(renderResources(f, node({ plan: 'a' }), { now: NOW })[0].manifest.metadata.labels?.tier).toBe('a');
  });
});

describe('rendered keys', () => {
  // The form's shape is compiled once per form (spec-render-plan); what a rendered key decides
  // must still be decided per node, from the key it rendered to.
  const f = form(`  manifests:
    - id: thing
      nameTemplate: thing
      spec:
        apiVersion: example.com/v1
        kind: Thing
        spec:
          "<%= mapName %>":
            port: <%= port %>
          fixed: 1
          "<%= other %>": 2
          items:
            - a: <%= port %>
`);
  const render = (values: Record<string, string | number>) => renderResources(f, node(values), { now: NOW })[0].manifest.spec as Record<string, unknown>;

  test('a field under a key that renders to a string-only map stays a string; under another key it takes its type', () => {
    expect(render({ mapName: 'labels', port: 80, other: 'o' }).labels).toEqual({ port: '80' });
    expect(render({ mapName: 'ports', port: 80, other: 'o' }).ports).toEqual({ port: 80 });
  });

  test('a rendered key meeting a literal one is an error naming the field', () => {
    expect(() => render({ mapName: 'm', port: 80, other: 'fixed' })).toThrow(/field spec\.fixed: two keys render to the same name/);
  });

  test('every node gets its own objects and arrays', () => {
    const first = render({ mapName: 'm', port: 1, other: 'o' });
    (first.items as Array<Record<string, unknown>>)[0].a = 'mutated';
    expect(render({ mapName: 'm', port: 1, other: 'o' }).items).toEqual([{ a: 1 }]);
  });
});

describe('render errors', () => {
  const f = form(`  manifests:
    - id: rds-instance
      nameTemplate: "<%= uid %>-db"
      spec:
        apiVersion: example.com/v1
        kind: Thing
        spec:
          forProvider:
            dbInstanceClass: "<%= dbInstanceClas %>"
            tags:
              - value: "<%= JSON.parse(raw).x %>"
`);

  test('a missing variable names the variable, node, resource and field path', () => {
    const error = (() => {
      try {
        renderResources(f, node({ raw: '{"x":1}' }), { now: NOW });
      } catch (e) {
        return e;
      }
      throw new Error('no error');
    })() as RenderError;
    expect(error).toBeInstanceOf(RenderError);
    expect(error.resourceId).toBe('rds-instance');
    expect(error.fieldPath).toBe('spec.forProvider.dbInstanceClass');
    expect(error.message).toContain("undefined variable 'dbInstanceClas'");
    expect(error.message).toContain("node 'acme'");
    expect(error.message).toContain("resource 'rds-instance'");
  });

  test('an exception thrown by a template is a RenderError with the field path', () => {
    let error: RenderError | undefined;
    try {
      renderResources(f, node({ dbInstanceClas: 'x', raw: 'not json' }), { now: NOW });
    } catch (e) {
      error = e as RenderError;
    }
    expect(error).toBeInstanceOf(RenderError);
    expect(error!.fieldPath).toBe('spec.forProvider.tags[0].value');
    expect(error!.message).toMatch(/template threw: .*JSON/);
  });

  test('redaction keeps the message readable: a short value inside a word is not replaced, a quoted window is', () => {
    const messageFor = (raw: string, plan: string): string => {
      try {
        renderResources(f, node({ dbInstanceClas: 'x', raw, plan }), { now: NOW });
      } catch (e) {
        return (e as RenderError).message;
      }
      throw new Error('no error');
    };
    // "Cannot read properties of undefined (reading 'b')" with the row value 'pro' in scope: not garbled.
    expect(() => renderValue('"<%= fromJson(raw).a.b %>"', node({ raw: '{}', plan: 'pro' })))
      .toThrow(/template threw: Cannot read properties of undefined \(reading 'b'\)$/);
    const windowed = messageFor('{"x": tok_SENTINEL_9f2}', 'pro');
    expect(windowed).not.toMatch(/SENTIN|tok_/);
    expect(windowed).toMatch(/template threw: .*<value of raw>.* is not valid JSON/);
  });

  test('an exception that quotes a row value does not repeat it', () => {
    const secret = 'hunter2-is-not-json';
    const error = (() => {
      try {
        renderResources(f, node({ dbInstanceClas: 'x', raw: secret }), { now: NOW });
      } catch (e) {
        return e as RenderError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RenderError);
    expect(error!.message).toContain('template threw');
    expect(error!.message).not.toContain(secret);
  });

  test('a name that renders empty is an error', () => {
    const g = form(`  manifests:
    - id: nameless
      nameTemplate: "<%= empty %>"
      spec:
        apiVersion: v1
        kind: ConfigMap
`);
    expect(() => renderResources(g, node({ empty: '' }), { now: NOW })).toThrow(/nameTemplate.*both empty/);
  });

  test('the pinned clock is the one templates see', () => {
    expect(renderValue('"<%= date(\'20060102150405\', now) %>"', node())).toBe('20240506070809');
  });

  test('hubId and templateRef are in scope', () => {
    expect(renderValue('"<%= hubId %>:<%= templateRef %>"', node())).toBe('test-hub:test-form');
  });
});

describe('setting tags aside', () => {
  test('text that looks like a placeholder token is left alone', () => {
    expect(renderValue('"LQTAG0X0Z <%= uid %> LQTAG1X0Z"', node())).toBe('LQTAG0X0Z acme LQTAG1X0Z');
  });

  test('<%% is a literal <% (ejs escape)', () => {
    expect(renderValue('"50<%% of <%= uid %>"', node())).toBe('50<% of acme');
  });

  test('a tag inside a YAML comment is ignored with the comment', () => {
    expect(renderValue('plain # <%= nothere %>', node())).toBe('plain');
  });

  test('a tag may hold quotes of the surrounding YAML style', () => {
    expect(renderValue(`"<%= "say \\"hi\\"" %>"`, node())).toBe('say "hi"');
    // Tag content is JavaScript, never YAML-unescaped: a quote inside it needs no YAML doubling.
    expect(renderValue(`'<%= "it's" %>'`, node())).toBe("it's");
  });
});
