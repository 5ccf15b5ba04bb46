import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFormConfig, parseHubConfig, validateConfigFiles, type ConfigFile } from '../../lambdas/core/config/config-text';
import { parseSyncInterval } from '../../lambdas/core/config/hub-config';
import { ConfigError, formatConfigProblem, type ConfigProblem } from '../../lambdas/core/config/config-error';
import { loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { jsonPathProblem } from '../../lambdas/core/apply/jsonpath-syntax';
import { keepIgnoredFields } from '../../lambdas/core/apply';

const HUB = `apiVersion: operator.lynq.sh/v1
kind: LynqHub
metadata:
  name: my-hub
spec:
  source:
    type: mysql
    mysql:
      host: db.local
      database: nodes_db
      username: reader
      passwordRef: {name: mysql-credentials, key: password}
      table: nodes
  valueMappings:
    uid: node_id
    activate: is_active
  extraValueMappings:
    plan: plan_type
`;

function formText(resources: string, hubId = 'my-hub'): string {
  return `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata:
  name: my-form
spec:
  hubId: ${hubId}
${resources}`;
}

const CM = (id: string, extra = '') => `    - id: ${id}
      nameTemplate: "<%= uid %>-${id}"
${extra}      spec:
        apiVersion: v1
        kind: ConfigMap
`;

function problemsOf(files: ConfigFile[]): ConfigProblem[] {
  return validateConfigFiles('cfg', files).problems;
}

function formProblems(resources: string, hubId?: string): string[] {
  return problemsOf([{ file: 'hub.yaml', text: HUB }, { file: 'form.yaml', text: formText(resources, hubId) }]).map(formatConfigProblem);
}

describe('valid configuration', () => {
  test('loads with Lynq defaults; both API versions; passwordRef kept', () => {
    const { directory, problems } = validateConfigFiles('cfg', [{ file: 'hub.yaml', text: HUB }, { file: 'form.yaml', text: formText(`  configMaps:\n${CM('a')}`) }]);
    expect(problems).toEqual([]);
    const project = directory!.hubs[0];
    expect(project.hub).toEqual({
      name: 'my-hub',
      file: 'hub.yaml',
      source: { type: 'mysql', syncIntervalSeconds: 30, mysql: { host: 'db.local', port: 3306, database: 'nodes_db', username: 'reader', table: 'nodes', passwordRef: { name: 'mysql-credentials', key: 'password' } } },
      valueMappings: { uid: 'node_id', activate: 'is_active' },
      extraValueMappings: { plan: 'plan_type' },
    });
    const [form] = project.forms;
    expect(form).toMatchObject({ name: 'my-form', file: 'form.yaml', hubId: 'my-hub' });
    expect(form.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(form.resources[0]).toMatchObject({
      id: 'a', list: 'configMaps', nameTemplate: '<%= uid %>-a', targetNamespace: '', labelsTemplate: {}, annotationsTemplate: {}, dependIds: [],
      creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete', conflictPolicy: 'Stuck', patchStrategy: 'apply',
      waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [],
    });
  });

  test('syncInterval is parsed into seconds', () => {
    expect(parseSyncInterval('45s')).toBe(45);
    expect(parseSyncInterval('2m')).toBe(120);
    expect(parseSyncInterval('1h')).toBe(3600);
    expect(parseSyncInterval('0s')).toBe(0);
    for (const bad of ['1', '1d', '1.5m', ' 1m', '-1s', 'm']) expect(parseSyncInterval(bad)).toBeNull();
    const { hub } = parseHubConfig(HUB.replace('    type: mysql\n', '    type: mysql\n    syncInterval: 5m\n'), 'hub.yaml');
    expect(hub!.source.syncIntervalSeconds).toBe(300);
  });

  test('hub and form may share one file as separate documents', () => {
    const { directory, problems } = validateConfigFiles('cfg', [{ file: 'all.yaml', text: `${HUB}---\n${formText(`  configMaps:\n${CM('a')}`)}` }]);
    expect(problems).toEqual([]);
    expect(directory!.hubs[0].forms[0].resources).toHaveLength(1);
  });
});

describe('every rule names file, resource and field', () => {
  test('unknown document kind', () => {
    const problems = problemsOf([{ file: 'hub.yaml', text: HUB }, { file: 'x.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' }, { file: 'form.yaml', text: formText(`  configMaps:\n${CM('a')}`) }]);
    expect(problems.map(formatConfigProblem)).toEqual(['x.yaml: kind: unknown kind "ConfigMap" (line 1); expected LynqHub or LynqForm']);
  });

  test('missing, empty and non-string ids', () => {
    const problems = formProblems(`  configMaps:
    - nameTemplate: x
      spec: {apiVersion: v1, kind: ConfigMap}
    - id: ""
      nameTemplate: y
      spec: {apiVersion: v1, kind: ConfigMap}
    - id: [a]
      nameTemplate: z
      spec: {apiVersion: v1, kind: ConfigMap}
`);
    expect(problems).toEqual([
      "form.yaml: resource 'configMaps[0]': id: must be a non-empty string",
      "form.yaml: resource 'configMaps[1]': id: must be a non-empty string",
      "form.yaml: resource 'configMaps[2]': id: must be a string, got a list",
    ]);
  });

  test('duplicate ids across all lists', () => {
    const problems = formProblems(`  configMaps:\n${CM('same')}  secrets:\n${CM('same')}`);
    expect(problems).toEqual(["form.yaml: resource 'same': id: duplicate resource id (also used in configMaps); ids must be unique across all lists"]);
  });

  test('dependIds naming an unknown id', () => {
    expect(formProblems(`  configMaps:\n${CM('a', '      dependIds: [b, ghost]\n')}${CM('b')}`)).toEqual([
      "form.yaml: resource 'a': dependIds[1]: depends on unknown resource 'ghost'",
    ]);
  });

  test('cycles, with their path, self-reference included', () => {
    expect(formProblems(`  configMaps:\n${CM('a', '      dependIds: [b]\n')}${CM('b', '      dependIds: [c]\n')}${CM('c', '      dependIds: [a]\n')}`)).toEqual([
      "form.yaml: resource 'a': dependIds: circular dependency: a -> b -> c -> a",
    ]);
    expect(formProblems(`  configMaps:\n${CM('self', '      dependIds: [self]\n')}`)).toEqual([
      "form.yaml: resource 'self': dependIds: circular dependency: self -> self",
    ]);
  });

  test('every cycle is reported, each with its path (a <-> b and c -> c)', () => {
    expect(formProblems(`  configMaps:\n${CM('a', '      dependIds: [b]\n')}${CM('b', '      dependIds: [a]\n')}${CM('c', '      dependIds: [c]\n')}`)).toEqual([
      "form.yaml: resource 'a': dependIds: circular dependency: a -> b -> a",
      "form.yaml: resource 'c': dependIds: circular dependency: c -> c",
    ]);
  });

  test('enum values out of range', () => {
    const extra = '      creationPolicy: Always\n      deletionPolicy: Orphan\n      conflictPolicy: force\n      patchStrategy: strategic\n';
    expect(formProblems(`  configMaps:\n${CM('a', extra)}`)).toEqual([
      'form.yaml: resource \'a\': creationPolicy: must be one of WhenNeeded, Once, got "Always"',
      'form.yaml: resource \'a\': deletionPolicy: must be one of Delete, Retain, got "Orphan"',
      'form.yaml: resource \'a\': conflictPolicy: must be one of Stuck, Force, got "force"',
      'form.yaml: resource \'a\': patchStrategy: must be one of apply, merge, replace, got "strategic"',
    ]);
  });

  test.each([
    ['0', 'must be between 1 and 3600, got 0'],
    ['3601', 'must be between 1 and 3600, got 3601'],
    ['1.5', 'must be an integer, got 1.5'],
    ['soon', 'must be an integer, got "soon"'],
  ])('timeoutSeconds %s', (value, message) => {
    expect(formProblems(`  configMaps:\n${CM('a', `      timeoutSeconds: ${value}\n`)}`)).toEqual([`form.yaml: resource 'a': timeoutSeconds: ${message}`]);
  });

  test('timeoutSeconds 1 and 3600 are accepted; booleans are checked', () => {
    expect(formProblems(`  configMaps:\n${CM('a', '      timeoutSeconds: 1\n')}${CM('b', '      timeoutSeconds: 3600\n')}`)).toEqual([]);
    expect(formProblems(`  configMaps:\n${CM('a', '      waitForReady: "yes"\n')}`)).toEqual([`form.yaml: resource 'a': waitForReady: must be true or false, got "yes"`]);
  });

  test('a resource without apiVersion or kind, or without a spec', () => {
    expect(formProblems(`  manifests:
    - id: a
      nameTemplate: a
      spec:
        metadata: {labels: {x: y}}
    - id: b
      nameTemplate: b
`)).toEqual([
      "form.yaml: resource 'a': spec.apiVersion: is required (a non-empty string), got nothing",
      "form.yaml: resource 'a': spec.kind: is required (a non-empty string), got nothing",
      "form.yaml: resource 'b': spec: is required",
      "form.yaml: resource 'b': spec.apiVersion: is required (a non-empty string), got nothing",
      "form.yaml: resource 'b': spec.kind: is required (a non-empty string), got nothing",
    ]);
  });

  test('a resource with neither nameTemplate nor metadata.name', () => {
    expect(formProblems(`  configMaps:
    - id: a
      spec: {apiVersion: v1, kind: ConfigMap}
`)).toEqual(["form.yaml: resource 'a': nameTemplate: is required when spec.metadata.name is not set"]);
  });

  test('ejs syntax errors anywhere in the form, each with its field path', () => {
    const problems = formProblems(`  configMaps:
    - id: a
      nameTemplate: "<%= uid + %>"
      targetNamespace: "<%= ) %>"
      labelsTemplate:
        tier: "<%= if %>"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          good: "<%= uid %>"
          bad: <%= uid === %>
          "<%= ( %>": x
          list:
            - "<% } %>"
`);
    expect(problems).toHaveLength(6);
    const fields = problems.map((p) => p.split(': ').slice(0, 3).join(': '));
    expect(fields).toEqual([
      "form.yaml: resource 'a': spec.data.bad",
      "form.yaml: resource 'a': spec.data['<%= ( %>']",
      "form.yaml: resource 'a': spec.data.list[0]",
      "form.yaml: resource 'a': nameTemplate",
      "form.yaml: resource 'a': targetNamespace",
      "form.yaml: resource 'a': labelsTemplate.tier",
    ]);
    for (const p of problems) expect(p).toContain('ejs syntax error');
  });

  test('`default(...)`, as a Lynq user writes it, is refused with the helper to write instead', () => {
    expect(formProblems(`  configMaps:\n${CM('a', "      labelsTemplate: {plan: \"<%= default(plan, 'basic') %>\"}\n")}`)).toEqual([
      "form.yaml: resource 'a': labelsTemplate.plan: ejs syntax error: Unexpected token 'default' while compiling ejs ('default' is a JavaScript reserved word: write defaultTo(value, fallback))",
    ]);
    expect(formProblems(`  configMaps:\n${CM('a', "      labelsTemplate: {plan: \"<%= defaultTo(plan, 'basic') %>\"}\n")}`)).toEqual([]);
  });

  test('an ejs tag that is never closed names the line', () => {
    expect(formProblems(`  configMaps:\n${CM('a', '      labelsTemplate: {x: "<%= uid"}\n')}`)).toEqual([
      "form.yaml: line 10: ejs tag '<%' is never closed with '%>'",
      `form.yaml: resource 'a': labelsTemplate.x: ejs syntax error: Could not find matching close tag for "<%=".`,
    ]);
  });

  test('invalid ignoreFields JSONPath', () => {
    const problems = formProblems(`  configMaps:\n${CM('a', "      ignoreFields: ['$.spec.replicas', 'spec.replicas', '$', '$.a[', '$..x[?(@.y)]']\n")}`);
    expect(problems).toEqual([
      'form.yaml: resource \'a\': ignoreFields[1]: invalid JSONPath "spec.replicas": must start with $',
      'form.yaml: resource \'a\': ignoreFields[2]: invalid JSONPath "$": names no field (a bare $ would ignore the whole object)',
      'form.yaml: resource \'a\': ignoreFields[3]: invalid JSONPath "$.a[": unbalanced "[" at position 3',
    ]);
  });

  test('validation and the evaluator agree: what validates runs at apply time, what the evaluator cannot run is refused', () => {
    const head = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' } };
    const live = { ...head, spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 'b:1' }], replicas: 2 } };
    const desired = { ...head, spec: { containers: [{ name: 'app', image: 'a:2' }, { name: 'side', image: 'b:2' }], replicas: 3 } };
    const paths = ['$.spec.replicas', '$.spec.containers[?(@.name == "app")].image', '$.spec.containers[0:4:2].image', "$['spec']['replicas']",
      '$.spec.containers[?(@.name ==)].image', '$.spec.containers[(@.length-1)].image', '$.spec.containers[?(@.name.constructor)]'];
    for (const path of paths) {
      const problem = jsonPathProblem(path);
      const apply = () => keepIgnoredFields(desired, live, [path]);
      if (problem === null) expect(apply).not.toThrow();
      else expect(apply).toThrow();
    }
    expect(jsonPathProblem('$.spec.containers[?(@.name ==)].image')).toMatch(/^expression "\?\(@\.name ==\)": Expected expression after ==/);
    expect(keepIgnoredFields(desired, live, ['$.spec.containers[?(@.name == "app")].image'])).toEqual({
      ...head,
      spec: { containers: [{ name: 'app', image: 'a:1' }, { name: 'side', image: 'b:2' }], replicas: 3 },
    });
  });

  test('JSONPath grammar', () => {
    for (const ok of ['$.a', '$.a.b', "$.metadata.annotations['x.io/y']", '$.a[0]', '$.a[*]', '$.a[1:3]', '$..image', '$.a.*', '$.a[?(@.name=="x")]', '$["a"]', "$['a','b']", '$.a[0:4:2]']) expect(jsonPathProblem(ok)).toBeNull();
    for (const bad of ['a', '$', '$.', '$[', '$.a[?(@.x]', '$.a]', '$ .a', '$.spec.containers[?(@.name ==)].image']) expect(jsonPathProblem(bad)).not.toBeNull();
  });

  test('a form whose hubId names no hub in the directory', () => {
    expect(formProblems(`  configMaps:\n${CM('a')}`, 'other-hub')).toEqual([
      "form.yaml: spec.hubId: names hub 'other-hub', but the hub in this directory is 'my-hub' (hub.yaml)",
    ]);
  });

  test('hub missing required fields', () => {
    const bare = 'apiVersion: sfn.lynq.sh/v1\nkind: LynqHub\nmetadata: {name: h}\nspec:\n  source:\n    mysql: {port: 3306}\n  valueMappings: {}\n';
    expect(parseHubConfig(bare, 'hub.yaml').problems.map(formatConfigProblem)).toEqual([
      'hub.yaml: spec.source.mysql.host: is required',
      'hub.yaml: spec.source.mysql.database: is required',
      'hub.yaml: spec.source.mysql.username: is required',
      'hub.yaml: spec.source.mysql.table: is required',
      'hub.yaml: spec.valueMappings.uid: is required',
      'hub.yaml: spec.valueMappings.activate: is required',
    ]);
    expect(parseHubConfig('apiVersion: sfn.lynq.sh/v1\nkind: LynqHub\nmetadata: {name: h}\n', 'hub.yaml').problems.map(formatConfigProblem)).toEqual([
      'hub.yaml: spec: is required',
      'hub.yaml: spec.source: is required',
      'hub.yaml: spec.source.mysql: is required',
      'hub.yaml: spec.source.mysql.host: is required',
      'hub.yaml: spec.source.mysql.database: is required',
      'hub.yaml: spec.source.mysql.username: is required',
      'hub.yaml: spec.source.mysql.table: is required',
      'hub.yaml: spec.valueMappings: is required',
      'hub.yaml: spec.valueMappings.uid: is required',
      'hub.yaml: spec.valueMappings.activate: is required',
    ]);
  });

  test('hub field values: type, port, syncInterval, password in YAML, variable names', () => {
    const text = HUB.replace('    type: mysql\n', '    type: postgresql\n    syncInterval: 1d\n')
      .replace('      host: db.local\n', '      host: db.local\n      port: 70000\n      password: hunter2\n')
      .replace('    plan: plan_type\n', '    plan: plan_type\n    date: created_at\n    "bad-name": x\n');
    const problems = parseHubConfig(text, 'hub.yaml').problems.map(formatConfigProblem);
    expect(problems).toEqual([
      'hub.yaml: spec.source.type: must be one of mysql, got "postgresql"',
      'hub.yaml: spec.source.syncInterval: must match ^[0-9]+(s|m|h)$ (e.g. 30s, 1m), got "1d"',
      'hub.yaml: spec.source.mysql.password: unknown field',
      'hub.yaml: spec.source.mysql.port: must be between 1 and 65535, got 70000',
      "hub.yaml: spec.extraValueMappings.date: 'date' is a built-in variable or helper name; choose another variable name",
      'hub.yaml: spec.extraValueMappings.bad-name: variable name must be a JavaScript identifier (letters, digits, _ and $) so templates can use it',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  test('unknown fields (typos) are reported', () => {
    expect(formProblems(`  configMap:\n${CM('a')}  configMaps:\n${CM('b', '      dependsOn: [a]\n')}`)).toEqual([
      'form.yaml: spec.configMap: unknown field',
      "form.yaml: resource 'b': dependsOn: unknown field",
    ]);
  });

  test('a wrong apiVersion or kind header', () => {
    const problems = parseFormConfig(formText(`  configMaps:\n${CM('a')}`).replace('sfn.lynq.sh/v1', 'apps/v1'), 'form.yaml').problems.map(formatConfigProblem);
    expect(problems).toEqual(['form.yaml: apiVersion: must be one of operator.lynq.sh/v1, sfn.lynq.sh/v1, got "apps/v1"']);
  });

  test('directory shape: no hub, several hubs, duplicate form names', () => {
    const form = { file: 'form.yaml', text: formText(`  configMaps:\n${CM('a')}`) };
    expect(problemsOf([form]).map(formatConfigProblem)).toEqual(['cfg: no LynqHub document found (expected at least one hub file)']);
    expect(problemsOf([{ file: 'a.yaml', text: HUB }, { file: 'b.yaml', text: HUB }, form]).map(formatConfigProblem)).toEqual([
      "b.yaml: metadata.name: duplicate hub name 'my-hub' (also in a.yaml); each hub needs its own name",
    ]);
    expect(problemsOf([{ file: 'hub.yaml', text: HUB }, form, { ...form, file: 'form2.yaml' }]).map(formatConfigProblem)).toEqual([
      "form2.yaml: metadata.name: duplicate form name 'my-form' (also in form.yaml)",
    ]);
  });

  test('a hub without forms is valid: removing the last form deprovisions its nodes', () => {
    const { directory, problems } = validateConfigFiles('cfg', [{ file: 'hub.yaml', text: HUB }]);
    expect(problems).toEqual([]);
    expect(directory!.hubs[0].forms).toEqual([]);
  });

  test('two forms whose node names can collide are refused, naming both forms and an example', () => {
    const named = (file: string, name: string): ConfigFile => ({ file, text: formText(`  configMaps:\n${CM('a')}`).replace('name: my-form', `name: ${name}`) });
    expect(problemsOf([{ file: 'hub.yaml', text: HUB }, named('app.yaml', 'app'), named('web.yaml', 'web-app')]).map(formatConfigProblem)).toEqual([
      "web.yaml: metadata.name: form name 'web-app' can give the same LynqNode name as form 'app' (app.yaml): " +
        "uid 'x-web' with form 'app' and uid 'x' with form 'web-app' are both 'x-web-app'. Rename one form so that neither name ends with '-' followed by the other",
    ]);
    // Order does not matter; a suffix without the '-' boundary, or one no uid can precede, is fine.
    expect(problemsOf([{ file: 'hub.yaml', text: HUB }, named('web.yaml', 'web-app'), named('app.yaml', 'app')])).toHaveLength(1);
    expect(problemsOf([{ file: 'hub.yaml', text: HUB }, named('app.yaml', 'app'), named('web.yaml', 'webapp')])).toEqual([]);
    expect(problemsOf([{ file: 'hub.yaml', text: HUB }, named('app.yaml', 'app'), named('web.yaml', 'web.v1-app')])).toEqual([]);
    expect(problemsOf([{ file: 'hub.yaml', text: HUB }, named('a.yaml', 'database'), named('b.yaml', 'cache')])).toEqual([]);
  });

  test('all problems are collected, not just the first', () => {
    const problems = problemsOf([
      { file: 'hub.yaml', text: HUB.replace('      table: nodes\n', '') },
      { file: 'form.yaml', text: formText(`  configMaps:\n${CM('a', '      timeoutSeconds: 0\n      dependIds: [zzz]\n')}${CM('a')}`, 'nope') },
    ]);
    expect(problems.map(formatConfigProblem)).toEqual([
      'hub.yaml: spec.source.mysql.table: is required',
      "form.yaml: resource 'a': timeoutSeconds: must be between 1 and 3600, got 0",
      "form.yaml: spec.hubId: names hub 'nope', but the hub in this directory is 'my-hub' (hub.yaml)",
      "form.yaml: resource 'a': id: duplicate resource id (also used in configMaps); ids must be unique across all lists",
      "form.yaml: resource 'a': dependIds[0]: depends on unknown resource 'zzz'",
    ]);
  });
});

describe('loadProjectConfig', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lynq-config-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  test('reads every *.yaml and *.yml file of the directory', () => {
    writeFileSync(join(dir, 'hub.yml'), HUB);
    writeFileSync(join(dir, 'form.yaml'), formText(`  configMaps:\n${CM('a')}`));
    writeFileSync(join(dir, 'notes.txt'), 'not config: [');
    const project = loadProjectConfig(dir);
    expect(project.dir).toBe(dir);
    expect(project.hub.file).toBe(join(dir, 'hub.yml'));
    expect(project.forms.map((f) => f.name)).toEqual(['my-form']);
  });

  test('malformed YAML is a problem naming the file and line; ConfigError lists every problem', () => {
    writeFileSync(join(dir, 'hub.yaml'), HUB);
    const broken = formText(`  configMaps:\n${CM('a')}`).replace('        kind: ConfigMap\n', '        kind: ConfigMap\n      broken: [unclosed\n');
    writeFileSync(join(dir, 'form.yaml'), broken);
    writeFileSync(join(dir, 'other.yaml'), 'a: b: c\n');
    let error: ConfigError | undefined;
    try {
      loadProjectConfig(dir);
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = error!.problems.map(formatConfigProblem);
    expect(lines[0]).toMatch(new RegExp(`^${join(dir, 'form.yaml')}: line 1[0-9]: malformed YAML: `));
    expect(lines.some((l) => l.startsWith(`${join(dir, 'other.yaml')}: line 1: malformed YAML`))).toBe(true);
    for (const line of lines) expect(error!.message).toContain(line);
    // One problem per broken document, not the parser's cascade, and no false "no form found".
    expect(lines).toHaveLength(2);
  });

  test('a tag spanning lines does not shift the reported line', () => {
    writeFileSync(join(dir, 'hub.yaml'), HUB);
    const text = formText(`  configMaps:\n${CM('a')}`).replace('        kind: ConfigMap\n', '        kind: ConfigMap\n        data:\n          x: "<%= uid\n            %>"\n      oops: [\n');
    writeFileSync(join(dir, 'form.yaml'), text);
    const lineOfOops = text.split('\n').findIndex((l) => l.includes('oops')) + 1;
    expect(() => loadProjectConfig(dir)).toThrow(new RegExp(`line (${lineOfOops}|${lineOfOops + 1}): malformed YAML`));
  });

  test('a missing directory is a ConfigError', () => {
    expect(() => loadProjectConfig(join(dir, 'nope'))).toThrow(ConfigError);
  });

  test('the example directory is valid', () => {
    const example = loadProjectConfig(join(__dirname, '../../examples/database-per-node'));
    expect(example.hub.name).toBe('database-per-node');
    expect(readFileSync(join(__dirname, '../../examples/database-per-node/hub.yaml'), 'utf8')).not.toMatch(/password:/);
  });
});

describe('template variables', () => {
  test('a reference to a variable the hub does not provide is a problem with the field path', () => {
    const problems = formProblems(`  configMaps:
    - id: a
      nameTemplate: "<%= uid %>-<%= plann %>"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          ok: "<%= plan %> <%= hubId %> <%= templateRef %> <%= activate %>"
          typo: "<%= tier %>"
`);
    expect(problems).toEqual([
      "form.yaml: resource 'a': spec.data.typo: undefined variable 'tier'; the hub 'my-hub' provides: uid, activate, hubId, templateRef, plan",
      "form.yaml: resource 'a': nameTemplate: undefined variable 'plann'; the hub 'my-hub' provides: uid, activate, hubId, templateRef, plan",
    ]);
  });

  test('nameTemplate references are checked too; errors that depend on real values are not reported', () => {
    expect(formProblems(`  configMaps:
    - id: a
      nameTemplate: "<%= uid %>-<%= plann %>"
      labelsTemplate:
        "<%= keyTypo %>": x
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          parsed: "<%= JSON.parse(plan).x %>"
`)).toEqual([
      "form.yaml: resource 'a': nameTemplate: undefined variable 'plann'; the hub 'my-hub' provides: uid, activate, hubId, templateRef, plan",
      "form.yaml: resource 'a': labelsTemplate['<%= keyTypo %>']: undefined variable 'keyTypo'; the hub 'my-hub' provides: uid, activate, hubId, templateRef, plan",
    ]);
  });
});
