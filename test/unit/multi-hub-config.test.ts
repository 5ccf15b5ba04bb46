// Several hubs in one configuration directory (issue 12 point 3): each hub with its own table,
// schedule and forms; form names unique across hubs, so a node `<uid>-<form>` has one hub.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfigFiles, type ConfigFile } from '../../lambdas/core/config/config-text';
import { formatConfigProblem } from '../../lambdas/core/config/config-error';
import { allForms, projectOfForm, selectHub } from '../../lambdas/core/config/hub-lookup';
import { loadConfigDirectory, loadProjectConfig } from '../../lambdas/adapters/config-directory';
import { recordsOfHubSync } from '../../lambdas/core/sync/hub-records';
import { parseSyncEvent } from '../../lambdas/core/contracts/sync-event';

function hubText(name: string, table: string, extra = '', options: { interval?: string; mysqlExtra?: string; metadataExtra?: string } = {}): string {
  return `apiVersion: operator.lynq.sh/v1
kind: LynqHub
metadata:
  name: ${name}
${options.metadataExtra ?? ''}spec:
  source:
    type: mysql
    syncInterval: ${options.interval ?? '30s'}
    mysql:
      host: db.local
      database: nodes_db
      username: reader
      table: ${table}
${options.mysqlExtra ?? ''}  valueMappings:
    uid: node_id
    activate: is_active
  extraValueMappings:
    plan: plan_type
${extra}`;
}

function formText(name: string, hubId: string, body = '"<%= plan %>"'): string {
  return `apiVersion: operator.lynq.sh/v1
kind: LynqForm
metadata:
  name: ${name}
spec:
  hubId: ${hubId}
  configMaps:
    - id: cm
      nameTemplate: "<%= uid %>-${name}"
      spec:
        apiVersion: v1
        kind: ConfigMap
        data:
          plan: ${body}
`;
}

const ENTERPRISE = { file: 'enterprise-hub.yaml', text: hubText('enterprise', 'enterprise_nodes', '    dedicatedHosts: dedicated_hosts\n', { interval: '1m' }) };
const BASIC = { file: 'basic-hub.yaml', text: hubText('basic', 'basic_nodes', '', { interval: '5m' }) };

function problems(files: ConfigFile[]): string[] {
  return validateConfigFiles('cfg', files).problems.map(formatConfigProblem);
}

describe('a directory of several hubs', () => {
  test('each hub keeps its own table, schedule and forms', () => {
    const { directory, problems: found } = validateConfigFiles('cfg', [
      ENTERPRISE, BASIC,
      { file: 'enterprise-form.yaml', text: formText('enterprise-stack', 'enterprise', '"<%= plan %>-<%= dedicatedHosts %>"') },
      { file: 'basic-form.yaml', text: formText('basic-stack', 'basic') },
    ]);
    expect(found).toEqual([]);
    expect(directory!.hubs.map((p) => [p.hub.name, p.hub.source.mysql.table, p.hub.source.syncIntervalSeconds, p.forms.map((f) => f.name)])).toEqual([
      ['enterprise', 'enterprise_nodes', 60, ['enterprise-stack']],
      ['basic', 'basic_nodes', 300, ['basic-stack']],
    ]);
    expect(allForms(directory!).map((f) => f.name)).toEqual(['enterprise-stack', 'basic-stack']);
    expect(projectOfForm(directory!, 'basic-stack')!.hub.name).toBe('basic');
    expect(projectOfForm(directory!, 'nope')).toBeUndefined();
  });

  test('a form naming a hub the directory does not have lists the hubs it has', () => {
    expect(problems([ENTERPRISE, BASIC, { file: 'f.yaml', text: formText('f', 'premium') }])).toEqual([
      "f.yaml: spec.hubId: names hub 'premium', but the hubs in this directory are 'enterprise' (enterprise-hub.yaml), 'basic' (basic-hub.yaml)",
    ]);
  });

  test('the same form name in two hubs would give their nodes one name: refused, naming both hubs', () => {
    expect(problems([ENTERPRISE, BASIC, { file: 'a.yaml', text: formText('stack', 'enterprise') }, { file: 'b.yaml', text: formText('stack', 'basic') }])).toEqual([
      "b.yaml: metadata.name: duplicate form name 'stack' (also in a.yaml of hub 'enterprise'; this one is of hub 'basic', and both would name their nodes '<uid>-stack')",
    ]);
  });

  test('forms of two hubs whose node names can collide are refused, naming both hubs', () => {
    expect(problems([ENTERPRISE, BASIC, { file: 'a.yaml', text: formText('app', 'enterprise') }, { file: 'b.yaml', text: formText('web-app', 'basic') }])).toEqual([
      "b.yaml: metadata.name: form name 'web-app' can give the same LynqNode name as form 'app' (a.yaml): " +
        "uid 'x-web' with form 'app' and uid 'x' with form 'web-app' are both 'x-web-app'. " +
        "The forms belong to hubs 'basic' and 'enterprise', whose nodes share the LynqNode namespace. Rename one form so that neither name ends with '-' followed by the other",
    ]);
  });

  test('two hubs of one name are refused', () => {
    expect(problems([ENTERPRISE, { ...ENTERPRISE, file: 'again.yaml' }])).toEqual([
      "again.yaml: metadata.name: duplicate hub name 'enterprise' (also in enterprise-hub.yaml); each hub needs its own name",
    ]);
  });

  test("a form's variables are checked against its own hub", () => {
    // dedicatedHosts is the enterprise hub's column; the basic hub has no such variable.
    const found = problems([ENTERPRISE, BASIC, { file: 'b.yaml', text: formText('basic-stack', 'basic', '"<%= dedicatedHosts %>"') }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("b.yaml: resource 'cm': spec.data.plan: undefined variable 'dedicatedHosts'");
    expect(found[0]).toContain("the hub 'basic' provides");
    expect(problems([ENTERPRISE, BASIC, { file: 'e.yaml', text: formText('enterprise-stack', 'enterprise', '"<%= dedicatedHosts %>"') }])).toEqual([]);
  });
});

describe('choosing a hub', () => {
  const { directory } = validateConfigFiles('cfg', [ENTERPRISE, BASIC, { file: 'e.yaml', text: formText('e', 'enterprise') }]);

  test('by name; without a name only when there is one hub', () => {
    expect(selectHub(directory!, 'basic').hub.name).toBe('basic');
    expect(() => selectHub(directory!)).toThrow("the configuration cfg has 2 hubs ('enterprise', 'basic'); name one (--hub <name>, or {\"hub\": \"<name>\"} in the sync event)");
    expect(() => selectHub(directory!, 'premium')).toThrow("hub 'premium' is not in the configuration cfg (hubs: 'enterprise', 'basic')");
    const single = validateConfigFiles('cfg', [BASIC]).directory!;
    expect(selectHub(single).hub.name).toBe('basic');
  });

  test('loadProjectConfig takes a hub name; loadConfigDirectory reads them all', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lynq-hubs-'));
    try {
      for (const f of [ENTERPRISE, BASIC, { file: 'e.yaml', text: formText('e', 'enterprise') }]) writeFileSync(join(dir, f.file), f.text);
      expect(loadConfigDirectory(dir).hubs.map((p) => p.hub.name)).toEqual(['basic', 'enterprise']); // files in name order
      expect(loadProjectConfig(dir, 'enterprise').forms.map((f) => f.name)).toEqual(['e']);
      expect(() => loadProjectConfig(dir)).toThrow(/has 2 hubs \('basic', 'enterprise'\); name one/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("records a hub's sync plans with", () => {
  const { directory } = validateConfigFiles('cfg', [ENTERPRISE, BASIC, { file: 'e.yaml', text: formText('e', 'enterprise') }, { file: 'b.yaml', text: formText('b', 'basic') }]);
  const record = (form: string) => ({ name: `x-${form}`, spec: { form } });

  test('its own forms and removed forms; not a form that moved to another hub', () => {
    // Labelled 'basic': 'b' is basic's, 'gone' was removed (deprovisioned by basic's sync), 'e' moved to enterprise.
    expect(recordsOfHubSync(directory!, 'basic', [record('b'), record('gone'), record('e')]).map((r) => r.spec.form)).toEqual(['b', 'gone']);
  });
});

describe('the sync event', () => {
  test('names the hub, or nothing', () => {
    expect(parseSyncEvent({ hub: 'basic' })).toEqual({ hub: 'basic' });
    expect(parseSyncEvent(undefined)).toEqual({});
    expect(parseSyncEvent({})).toEqual({});
    expect(parseSyncEvent({ 'detail-type': 'Scheduled Event', source: 'aws.events' })).toEqual({});
    expect(() => parseSyncEvent({ hub: 3 })).toThrow('sync event: field "hub" must be a non-empty string (the name of a LynqHub)');
    expect(() => parseSyncEvent([])).toThrow(/expected a JSON object/);
  });
});

describe('passwordRef', () => {
  const withRef = (ref: string, metadataExtra = '') => hubText('basic', 'basic_nodes', '', { mysqlExtra: `      passwordRef: ${ref}\n`, metadataExtra });

  test('is read with the hub namespace', () => {
    const { directory, problems: found } = validateConfigFiles('cfg', [{ file: 'hub.yaml', text: withRef('{name: mysql-credentials, key: password}', '  namespace: data-team\n') }]);
    expect(found).toEqual([]);
    expect(directory!.hubs[0].hub.source.mysql.passwordRef).toEqual({ name: 'mysql-credentials', key: 'password' });
    expect(directory!.hubs[0].hub.namespace).toBe('data-team');
  });

  test('a malformed passwordRef names the field', () => {
    expect(problems([{ file: 'hub.yaml', text: withRef('{name: Not_A_Name, key: "pass word"}') }])).toEqual([
      'hub.yaml: spec.source.mysql.passwordRef.name: must be a Kubernetes object name (lowercase letters, digits, \'-\' and \'.\'), got "Not_A_Name"',
      'hub.yaml: spec.source.mysql.passwordRef.key: must be a Secret data key (letters, digits, \'-\', \'_\' and \'.\'), got "pass word"',
    ]);
    expect(problems([{ file: 'hub.yaml', text: withRef('{name: creds}') }])).toEqual(['hub.yaml: spec.source.mysql.passwordRef.key: is required']);
    expect(problems([{ file: 'hub.yaml', text: withRef('creds') }])).toEqual(['hub.yaml: spec.source.mysql.passwordRef: must be a mapping (name, key)']);
    expect(problems([{ file: 'hub.yaml', text: withRef('{name: creds, key: k}', '  namespace: Bad_NS\n') }])).toEqual(['hub.yaml: metadata.namespace: must be a namespace name (a DNS label), got "Bad_NS"']);
  });
});
