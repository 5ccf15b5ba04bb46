// Hub and form shapes by schema (config-schemas.ts): strict at every level, every problem with
// file, resource id and field, and defaults kept for the rest so the form-wide checks still run.
import { formatConfigProblem } from '../../lambdas/core/config/config-error';
import { parseFormConfig, parseHubConfig, validateConfigFiles } from '../../lambdas/core/config/config-text';

const HUB = `apiVersion: operator.lynq.sh/v1
kind: LynqHub
metadata: {name: h, namespace: lynq-system, labels: {team: a}}
spec:
  source:
    mysql: {host: db, database: d, username: u, table: t}
  valueMappings: {uid: id, activate: on}
`;

const form = (resources: string) => `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: {name: f}
spec:
  hubId: h
  configMaps:
${resources}`;

describe('hub', () => {
  it('applies Lynq\'s defaults, reads metadata.namespace (where a passwordRef Secret is) and accepts the ObjectMeta fields it does not read', () => {
    const { hub, problems } = parseHubConfig(HUB, 'hub.yaml');
    expect(problems).toEqual([]);
    expect(hub).toEqual({
      name: 'h', file: 'hub.yaml', namespace: 'lynq-system',
      source: { type: 'mysql', syncIntervalSeconds: 30, mysql: { host: 'db', port: 3306, database: 'd', username: 'u', table: 't' } },
      valueMappings: { uid: 'id', activate: 'on' }, extraValueMappings: {},
    });
  });

  it('rejects unknown keys at every level, each named with its path', () => {
    const text = HUB.replace('kind: LynqHub', 'kind: LynqHub\nstatuz: {}')
      .replace('  source:\n', '  source:\n    syncIntreval: 1m\n')
      .replace('username: u,', 'username: u, passwrd: x,')
      .replace('activate: on}', 'activate: on, hostOrURL: h}');
    expect(parseHubConfig(text, 'hub.yaml').problems.map(formatConfigProblem)).toEqual([
      'hub.yaml: statuz: unknown field',
      'hub.yaml: spec.source.syncIntreval: unknown field',
      'hub.yaml: spec.source.mysql.passwrd: unknown field',
      'hub.yaml: spec.valueMappings.hostOrURL: unknown field',
    ]);
  });

  it('names the type found for mistyped fields, and never a template where a plain value belongs', () => {
    const text = HUB.replace('host: db', 'host: "<%= uid %>"').replace('table: t', 'table: [t]').replace('  valueMappings: {uid: id, activate: on}\n', '  valueMappings: [id]\n  extraValueMappings: {plan: {column: p}}\n');
    expect(parseHubConfig(text, 'hub.yaml').problems.map(formatConfigProblem)).toEqual([
      'hub.yaml: spec.source.mysql.host: must be a plain value, not a template',
      'hub.yaml: spec.source.mysql.table: must be a string, got a list',
      'hub.yaml: spec.valueMappings: must be a mapping, got a list',
      'hub.yaml: spec.valueMappings.uid: is required',
      'hub.yaml: spec.valueMappings.activate: is required',
      'hub.yaml: spec.extraValueMappings.plan: must be a string, got a mapping',
    ]);
  });
});

describe('form', () => {
  const CM = (id: string, extra = '') => `    - id: ${id}\n      nameTemplate: ${id}\n      spec: {apiVersion: v1, kind: ConfigMap}\n${extra}`;

  it('fills every default of a resource', () => {
    const { form: parsed, problems } = parseFormConfig(form(CM('a')), 'form.yaml');
    expect(problems).toEqual([]);
    expect(parsed!.resources[0]).toEqual({
      id: 'a', list: 'configMaps', spec: { apiVersion: 'v1', kind: 'ConfigMap' }, nameTemplate: 'a', targetNamespace: '',
      labelsTemplate: {}, annotationsTemplate: {}, dependIds: [], creationPolicy: 'WhenNeeded', deletionPolicy: 'Delete',
      conflictPolicy: 'Stuck', patchStrategy: 'apply', waitForReady: true, timeoutSeconds: 300, skipOnDependencyFailure: true, ignoreFields: [],
    });
  });

  it('a field set to nothing (null) keeps its default', () => {
    const { problems, form: parsed } = parseFormConfig(form(CM('a', '      waitForReady:\n      timeoutSeconds:\n      dependIds:\n')), 'form.yaml');
    expect(problems).toEqual([]);
    expect(parsed!.resources[0]).toMatchObject({ waitForReady: true, timeoutSeconds: 300, dependIds: [] });
  });

  it('a resource with a bad field keeps its id and dependIds, so the form-wide checks add no false problems', () => {
    const files = [
      { file: 'hub.yaml', text: HUB },
      { file: 'form.yaml', text: form(`${CM('a', '      creationPolicy: Always\n      dependIds: [b]\n')}${CM('b', '      dependIds: [a]\n      timeoutSeconds: "5"\n')}`) },
    ];
    expect(validateConfigFiles('cfg', files).problems.map(formatConfigProblem)).toEqual([
      'form.yaml: resource \'a\': creationPolicy: must be one of WhenNeeded, Once, got "Always"',
      'form.yaml: resource \'b\': timeoutSeconds: must be an integer, got "5"',
      "form.yaml: resource 'a': dependIds: circular dependency: a -> b -> a",
    ]);
  });

  it('names list items and mistyped lists', () => {
    expect(parseFormConfig(form(CM('a', '      dependIds: [b, ""]\n      ignoreFields: $.spec\n')), 'form.yaml').problems.map(formatConfigProblem)).toEqual([
      "form.yaml: resource 'a': dependIds[1]: must be a non-empty string, got \"\"",
      "form.yaml: resource 'a': ignoreFields: must be a list of strings, got \"$.spec\"",
    ]);
    expect(parseFormConfig(form('').replace('  configMaps:\n', '  configMaps: {a: 1}\n'), 'form.yaml').problems.map(formatConfigProblem)).toEqual([
      'form.yaml: spec.configMaps: must be a list, got a mapping',
    ]);
  });
});
