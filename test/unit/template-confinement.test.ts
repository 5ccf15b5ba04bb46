// Templates run confined (issue 8 point 15): no way from template code to the process, its
// environment or Node's modules, neither by name (refused at validate time) nor by computed
// names (the template realm has nothing to reach); run time is bounded.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { parseFormConfig, validateConfigFiles } from '../../lambdas/core/config/config-text';
import { formatConfigProblem } from '../../lambdas/core/config/config-error';
import type { FormConfig, NodeValues } from '../../lambdas/core/config/config-model';
import { renderResources, RenderError } from '../../lambdas/core/template/template-render';

const NOW = new Date('2024-05-06T07:08:09Z');

const formText = (value: string, name = 'test-form') => `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata:
  name: ${name}
spec:
  hubId: test-hub
  manifests:
    - id: thing
      nameTemplate: thing
      spec:
        apiVersion: example.com/v1
        kind: Thing
        spec:
          value: ${JSON.stringify(value)}
`;

const HUB = `apiVersion: sfn.lynq.sh/v1
kind: LynqHub
metadata:
  name: test-hub
spec:
  source:
    mysql: { host: db, database: d, username: u, table: nodes }
  valueMappings: { uid: node_id, activate: is_active }
  extraValueMappings: { plan: plan_type }
`;

function form(value: string): FormConfig {
  const { form: parsed, problems } = parseFormConfig(formText(value), 'form.yaml');
  if (!parsed) throw new Error(problems.map((p) => p.message).join('\n'));
  return parsed;
}

const node = (extra: Record<string, string | number | boolean | null> = {}): NodeValues => ({ uid: 'acme', activate: true, hubId: 'test-hub', plan: 'pro', ...extra });

function render(value: string): unknown {
  const [r] = renderResources(form(value), node(), { now: NOW });
  return (r.manifest.spec as { value: unknown }).value;
}

function validationProblems(value: string): string[] {
  return validateConfigFiles('cfg', [{ file: 'hub.yaml', text: HUB }, { file: 'form.yaml', text: formText(value) }]).problems.map(formatConfigProblem);
}

describe('code that names a way out is refused at validate time', () => {
  test.each([
    ['<%= process.env.HOME %>', 'process'],
    ['<%= this.process.env.HOME %>', 'this'],
    ["<%= (()=>0).constructor('return process')() %>", 'constructor'],
    ["<%- require('child_process').execSync('id') %>", 'require'],
    ['<% const g = globalThis %>', 'globalThis'],
    ["<%= ({})['__proto__'] %>", '__proto__'],
    ["<%= x['constructor'] %>", 'constructor'],
    ["<%= Function('return 1')() %>", 'Function'],
    ["<%= eval('1') %>", 'eval'],
    ["<%= import('fs') %>", 'import'],
  ])('%s', (template, name) => {
    expect(validationProblems(template)).toEqual([
      `form.yaml: resource 'thing': spec.spec.value: template code may not use '${name}': templates run confined, without Node's globals (process, require, Buffer), 'this', function constructors or promises`,
    ]);
  });

  test('the same words in literal text, comments or prose strings are fine', () => {
    expect(validationProblems("this process: <%= plan === 'global' ? 'use this module' : 'require it' %><%# process %>")).toEqual([]);
    expect(render("this process: <%= plan === 'global' ? 'x' : 'use this module' %>")).toBe('this process: use this module');
  });
});

describe('computed names find nothing to reach', () => {
  // Each of these passes the static check; the realm is what stops them.
  const FN = "(()=>0)['constr' + 'uctor']";

  test('no function constructor: code generation from strings is off in the template realm', () => {
    expect(() => render(`<%= ${FN}('return 1')() %>`)).toThrow(RenderError);
    expect(() => render(`<%= ${FN}('return 1')() %>`)).toThrow(/template threw: Code generation from strings disallowed/);
    expect(() => render("<%= now['constr' + 'uctor']['constr' + 'uctor']('return 1')() %>")).toThrow(/Code generation from strings disallowed/);
  });

  test('helpers, now, parsed JSON and helper errors all belong to the template realm', () => {
    expect(render(`<%= trunc63['constr' + 'uctor'] === ${FN} %>`)).toBe('true');
    expect(render(`<%= now['constr' + 'uctor']['constr' + 'uctor'] === ${FN} %>`)).toBe('true');
    expect(render(`<%= fromJson('{"a": [1]}').a['constr' + 'uctor']['constr' + 'uctor'] === ${FN} %>`)).toBe('true');
    expect(render(`<% let leaked = 'none'; try { date(1, now) } catch (e) { leaked = e['constr' + 'uctor']['constr' + 'uctor'] === ${FN} } %><%= leaked %>`)).toBe('true');
    expect(render(`<%= sha1sum('a') + '|' + b64enc('a') + '|' + date('2006', now) %>`)).toBe(`${createHash('sha1').update('a').digest('hex')}|YQ==|2024`);
  });

  test('helpers get and give copies across the realms: data, dates and errors work as before', () => {
    expect(render(`<%= toJson(fromJson('{"a": [1, 2], "b": null}')) %>`)).toBe('{"a":[1,2],"b":null}');
    expect(render(`<%= fromJson('[1, 2, 3]').length %>/<%= fromJson('not json').x === undefined %>`)).toBe('3/true');
    expect(render("<%= date('2006-01-02T15:04:05Z', now) %>/<%= bool('yes') %>/<%= int('42.9') + 1 %>/<%= trunc63(uid + '-x') %>")).toBe('2024-05-06T07:08:09Z/true/43/acme-x');
    expect(() => render('<%= date(1, now) %>')).toThrow(/template threw: date: layout must be a string/);
  });

  test("the realm's global has no Node globals", () => {
    expect(render('<%= [typeof setTimeout, typeof fetch, typeof queueMicrotask, typeof structuredClone, typeof URL, typeof TextEncoder].join() %>'))
      .toBe('undefined,undefined,undefined,undefined,undefined,undefined');
  });

  test('a template cannot change built-ins or globals for the templates after it', () => {
    expect(render("<% try { String.prototype.trim = null; JSON = null; Array.prototype.join = null } catch (e) {} %><%= typeof ''.trim %>/<%= typeof JSON %>/<%= typeof [].join %>"))
      .toBe('function/object/function');
  });

  test('a form never runs a command, even through every path above', () => {
    const marker = `/tmp/lynq-confinement-${process.pid}`;
    const attempt = `<% try { ${FN}('return this')()['pro' + 'cess'].mainModule['req' + 'uire']('child_process').execSync('touch ${marker}') } catch (e) {} %>done`;
    expect(render(attempt)).toBe('done');
    expect(render(`<%= typeof ${FN} %>/<% try { ${FN}('return 1') } catch (e) { %><%= e.name %><% } %>`)).toBe('function/EvalError');
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  });
});

describe('run time is bounded', () => {
  test('a template that never finishes fails validate with a clear message, within the limit', () => {
    const started = Date.now();
    expect(validationProblems('<% while (true) {} %>')).toEqual([
      "form.yaml: resource 'thing': spec.spec.value: the template did not finish within 1000 ms (a loop that never ends?)",
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('and fails a render the same way, naming the field', () => {
    const f = form("<% if (plan === 'pro') { while (true) {} } %>x");
    expect(() => renderResources(f, node(), { now: NOW })).toThrow(
      "cannot render node 'acme', form 'test-form', resource 'thing', field spec.value: the template did not finish within 1000 ms (a loop that never ends?)",
    );
    expect(renderResources(f, node({ plan: 'basic' }), { now: NOW })[0].manifest.spec).toEqual({ value: 'x' });
  });

  test('a template can make no promise (so no microtask outlives its watchdog), and nothing can block the thread', () => {
    for (const code of ['<% Promise.resolve().then(() => { while (true) {} }) %>x', '<% (async () => { while (true) {} })() %>x', '<%= await 1 %>']) {
      expect(() => render(code)).toThrow(/may not use '(Promise|async|await)'.*or promises/);
    }
    // A computed name passes the static check and still finds nothing.
    expect(render("<%= typeof Array['from' + 'Async'] %>")).toBe('undefined');
    expect(render('<%= [typeof Atomics, typeof SharedArrayBuffer, typeof WebAssembly].join() %>')).toBe('undefined,undefined,undefined');
    expect(render('<%= uid %>')).toBe('acme'); // the realm is still usable afterwards
  });

  test('a YAML alias bomb is refused quickly instead of expanding a billion nodes', () => {
    const levels = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]'];
    for (let i = 1; i <= 9; i += 1) levels.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const bomb = formText('<%= uid %>').replace('        spec:\n', `        spec:\n${levels.map((l) => `          ${l}\n`).join('')}`);
    const started = Date.now();
    const { problems } = validateConfigFiles('cfg', [{ file: 'hub.yaml', text: HUB }, { file: 'form.yaml', text: bomb }]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(problems.map(formatConfigProblem)).toEqual([
      'form.yaml: YAML aliases expand to more than 10000 nodes (an alias bomb?); write the repeated parts out or use fewer aliases',
    ]);
  });

  test('ordinary aliases still work', () => {
    const text = formText('<%= uid %>').replace('        spec:\n', '        spec:\n          a: &a { k: [1, 2] }\n          b: *a\n');
    const { form: parsed } = parseFormConfig(text, 'form.yaml');
    expect(renderResources(parsed as FormConfig, node(), { now: NOW })[0].manifest.spec).toEqual({ a: { k: [1, 2] }, b: { k: [1, 2] }, value: 'acme' });
  });
});
