// The configuration compiled at synth for the deployed functions (compiled-config): the validated
// ConfigDirectory, given back the same (form content hashes included, so desired hashes do not
// change), whatever keys the manifests hold; an unknown version or a malformed file is refused by name.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compileConfigDirectory, loadConfigDirectory, writeCompiledConfig } from '../../lambdas/adapters/config-directory';
import { loadCompiledConfig } from '../../lambdas/adapters/compiled-config-file';
import { COMPILED_CONFIG_VERSION, decodeCompiledConfig, encodeCompiledConfig, type CompiledConfig } from '../../lambdas/core/config/compiled-config';
import { parseConfigFile } from '../../lambdas/core/config/config-text';
import { validateParsedConfig } from '../../lambdas/core/config/config-validation';
import { ConfigError, formatConfigProblem } from '../../lambdas/core/config/config-error';
import type { ConfigDirectory } from '../../lambdas/core/config/config-model';
import { ScalarTemplate } from '../../lambdas/core/template/scalar-template';
import { PROJECT_ROOT } from '../../lib/lynq-functions';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const exampleDirs = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(EXAMPLES, e.name));

/**
 * A directory as data, to compare two: each template as its text and quoting, and no key whose
 * value is undefined (an optional field left unset, which JSON leaves out).
 */
function asData(value: unknown): unknown {
  if (value instanceof ScalarTemplate) return { template: value.source, quoted: value.quoted };
  if (Array.isArray(value)) return value.map(asData);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) Object.defineProperty(out, key, { value: asData(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** The directory read from YAML as the functions name it: by its own name, files in it. */
function loadByName(dir: string): ConfigDirectory {
  const cwd = process.cwd();
  process.chdir(join(dir, '..'));
  try {
    return loadConfigDirectory(basename(dir));
  } finally {
    process.chdir(cwd);
  }
}

const formHashes = (directory: ConfigDirectory) => directory.hubs.flatMap((p) => p.forms.map((f) => [f.name, f.contentHash]));

describe.each(exampleDirs)('the example %s', (dir) => {
  test('compiled and decoded is the directory read from YAML, content hashes included', () => {
    const fromYaml = loadByName(dir);
    const fromCompiled = decodeCompiledConfig(JSON.parse(compileConfigDirectory(dir).text), 'lynq-config.json');
    expect(asData(fromCompiled)).toStrictEqual(asData(fromYaml));
    expect(formHashes(fromCompiled)).toEqual(formHashes(fromYaml));
    expect(formHashes(fromYaml).length).toBeGreaterThan(0);
  });
});

describe('the compiled file, as the functions read it', () => {
  let work: string;
  beforeEach(() => { work = mkdtempSync(join(tmpdir(), 'lynq-compiled-')); });
  afterEach(() => { rmSync(work, { recursive: true, force: true }); });

  test("names the files by the directory's name, not its path, with the same hashes", () => {
    const dir = exampleDirs.find((d) => d.endsWith('database-per-node'))!;
    const file = join(work, 'lynq-config.json');
    const written = writeCompiledConfig(dir, file);
    expect(written.hubs[0].hub.file).toBe(join(dir, 'hub.yaml'));
    const loaded = loadCompiledConfig(file);
    expect(loaded.dir).toBe('database-per-node');
    expect(loaded.hubs[0].dir).toBe('database-per-node');
    expect(loaded.hubs[0].hub.file).toBe(join('database-per-node', 'hub.yaml'));
    expect(loaded.hubs[0].forms[0].file).toBe(join('database-per-node', 'form.yaml'));
    expect(formHashes(loaded)).toEqual(formHashes(written));
    expect(asData(loaded.hubs[0].forms[0].resources)).toStrictEqual(asData(written.hubs[0].forms[0].resources));
  });

  test("a directory given as '.' is still named by its own name", () => {
    const dir = exampleDirs.find((d) => d.endsWith('plan-tiers'))!;
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const decoded = decodeCompiledConfig(JSON.parse(compileConfigDirectory('.').text), 'lynq-config.json');
      expect(decoded.dir).toBe('plan-tiers');
      expect(decoded.hubs.map((p) => p.hub.file)).toEqual([join('plan-tiers', 'basic-hub.yaml'), join('plan-tiers', 'enterprise-hub.yaml')]);
    } finally {
      process.chdir(cwd);
    }
  });

  test('a missing or unparsable file is a ConfigError naming it', () => {
    const missing = join(work, 'none.json');
    expect(() => loadCompiledConfig(missing)).toThrow(ConfigError);
    expect(() => loadCompiledConfig(missing)).toThrow(`${missing}: cannot read the compiled configuration: ENOENT`);
    writeFileSync(join(work, 'bad.json'), '{"version": 2,');
    expect(() => loadCompiledConfig(join(work, 'bad.json'))).toThrow(`${join(work, 'bad.json')}: cannot read the compiled configuration: `);
  });
});

// Every kind of value a form can hold, and keys a manifest may use that look like format words.
const TRICKY_FORM = `apiVersion: sfn.lynq.sh/v1
kind: LynqForm
metadata: { name: tricky }
spec:
  hubId: h
  manifests:
    - id: anything
      nameTemplate: "<%= uid %>-x"
      spec:
        apiVersion: example.com/v1
        kind: Thing
        templates: [{ path: [spec], quoted: true }]
        numbers: { path: ["-0"], value: NaN }
        $template: "<%= uid %>"
        quoted: <%= uid %>
        "__proto__": { polluted: <%= 1 + 1 %> }
        "0": zero
        "10": <%= 'ten' %>
        "<%= uid %>-key": plain value
        "": empty key
        block: |
          line <%= uid %>
        folded: >
          <%= uid %>
        nested: [[<%= uid %>, "<%= uid %>", 1, null, true, 2.5], { a: [{ b: <%= uid %> }] }]
        special: [.nan, .inf, -.inf, -0, -0.0, 0, 1e3, 0x10]
        anchor: &a { t: <%= uid %>, n: .nan }
        alias: *a
        literal: "<%% not a tag %%>"
`;
const HUB = `apiVersion: sfn.lynq.sh/v1
kind: LynqHub
metadata: { name: h }
spec:
  source: { type: mysql, syncInterval: 1m, mysql: { host: db.local, database: d, username: u, table: t, passwordRef: { name: s, key: password } } }
  valueMappings: { uid: id, activate: on }
`;

function validatedTricky(): ConfigDirectory {
  const files = [parseConfigFile({ file: join('cfg', 'hub.yaml'), text: HUB }), parseConfigFile({ file: join('cfg', 'form.yaml'), text: TRICKY_FORM })];
  expect(files.flatMap((f) => f.problems)).toEqual([]);
  const { directory, problems } = validateParsedConfig('cfg', files);
  expect(problems.map(formatConfigProblem)).toEqual([]);
  return directory!;
}

function roundTrip(compiled: CompiledConfig): ConfigDirectory {
  return decodeCompiledConfig(JSON.parse(JSON.stringify(compiled)), 'lynq-config.json');
}

/** Where the tricky form's only resource keeps its body in the directory. */
const SPEC_AT = ['hubs', 0, 'forms', 0, 'resources', 0, 'spec'];

describe('encoding', () => {
  let directory: ConfigDirectory;
  beforeEach(() => { directory = validatedTricky(); });

  test('gives back the same directory: templates with their quoting, special numbers, any key', () => {
    const decoded = roundTrip(encodeCompiledConfig(directory));
    expect(asData(decoded)).toStrictEqual(asData(directory));
    const spec = decoded.hubs[0].forms[0].resources[0].spec as Record<string, any>;
    // The keys that look like the format's own words are the user's data, as written.
    expect(spec.templates).toEqual([{ path: ['spec'], quoted: true }]);
    expect(spec.numbers).toEqual({ path: ['-0'], value: 'NaN' });
    expect(spec.$template).toBeInstanceOf(ScalarTemplate);
    expect(spec.$template).toEqual(new ScalarTemplate('<%= uid %>', true));
    expect(spec.quoted).toEqual(new ScalarTemplate('<%= uid %>', false));
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(Object.hasOwn(spec, '__proto__')).toBe(true);
    expect(spec['<%= uid %>-key']).toBe('plain value');
    expect(spec.block).toEqual(new ScalarTemplate('line <%= uid %>\n', true));
    expect(spec.nested[0]).toEqual([new ScalarTemplate('<%= uid %>', false), new ScalarTemplate('<%= uid %>', true), 1, null, true, 2.5]);
    expect(spec.special).toEqual([NaN, Infinity, -Infinity, -0, -0, 0, 1000, 16]);
    expect(Object.is(spec.special[3], -0) && Object.is(spec.special[5], 0)).toBe(true);
    expect(spec.alias).toStrictEqual(spec.anchor);
    expect(spec.alias).not.toBe(spec.anchor);
  });

  test('lists template and number positions beside a plain JSON tree (no marker in the tree)', () => {
    const compiled = encodeCompiledConfig(directory);
    expect(compiled.version).toBe(COMPILED_CONFIG_VERSION);
    expect((compiled.tree as ConfigDirectory).dir).toBe('cfg');
    const at = SPEC_AT;
    expect(compiled.templates).toEqual(expect.arrayContaining([
      { path: [...at, '$template'], quoted: true },
      { path: [...at, 'quoted'], quoted: false },
      { path: [...at, '__proto__', 'polluted'], quoted: false },
      { path: [...at, 'nested', 0, 1], quoted: true },
      { path: [...at, 'nested', 1, 'a', 0, 'b'], quoted: false },
      { path: [...at, 'alias', 't'], quoted: false },
    ]));
    expect(compiled.numbers).toEqual([
      { path: [...at, 'special', 0], value: 'NaN' },
      { path: [...at, 'special', 1], value: 'Infinity' },
      { path: [...at, 'special', 2], value: '-Infinity' },
      { path: [...at, 'special', 3], value: '-0' },
      { path: [...at, 'special', 4], value: '-0' },
      { path: [...at, 'anchor', 'n'], value: 'NaN' },
      { path: [...at, 'alias', 'n'], value: 'NaN' },
    ]);
    const tree = (compiled.tree as any).hubs[0].forms[0].resources[0].spec;
    expect(tree.quoted).toBe('<%= uid %>');
    expect(tree.special).toEqual([null, null, null, null, null, 0, 1000, 16]);
    // Only the templates of manifest bodies are ScalarTemplates: the rest of a form holds its text.
    expect(compiled.templates.every(({ path }) => path.slice(0, SPEC_AT.length).join() === SPEC_AT.join())).toBe(true);
  });

  test('refuses what JSON would not give back, naming where it is', () => {
    (directory.hubs[0].forms[0].resources[0].spec as Record<string, unknown>).when = new Date(0);
    expect(() => encodeCompiledConfig(directory)).toThrow('cannot compile the value at hubs[0].forms[0].resources[0].spec.when: [object Date] is not plain data');
  });
});

describe('refused compiled files', () => {
  const base = (): CompiledConfig => encodeCompiledConfig(validatedTricky());
  const problemsOf = (value: unknown): string[] => {
    try {
      decodeCompiledConfig(value, '/var/task/lynq-config.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems.map(formatConfigProblem);
    }
    throw new Error('expected a ConfigError');
  };

  test('an unknown or missing version, naming the file and the version this code reads', () => {
    expect(problemsOf({ ...base(), version: 1 })).toEqual([
      `/var/task/lynq-config.json: version: is 1, but this function reads compiled configuration version ${COMPILED_CONFIG_VERSION} only; synthesize and deploy the stack again (the synth compiles the config for the functions it bundles)`,
    ]);
    expect(problemsOf({ files: [] })[0]).toMatch(/^\/var\/task\/lynq-config\.json: version: is missing, but this function reads/);
    expect(problemsOf([])[0]).toMatch(/version: is missing/);
  });

  test('a malformed envelope names the field', () => {
    const compiled = base() as any;
    compiled.templates[0].quoted = 'yes';
    compiled.tree.hubs[0].forms = {};
    expect(problemsOf(compiled)).toEqual([
      '/var/task/lynq-config.json: tree.hubs[0].forms: Invalid input: expected array, received object',
      '/var/task/lynq-config.json: templates[0].quoted: Invalid input: expected boolean, received string',
    ]);
  });

  test('a template or number position that is not a string or null in the tree', () => {
    const compiled = base();
    const at = SPEC_AT;
    compiled.templates.push({ path: [...at, 'missing'], quoted: false });
    compiled.templates.push({ path: [...at, 'special', 6], quoted: false });
    compiled.templates.push({ path: [...at, 'quoted'], quoted: true }); // already a template: listed twice
    compiled.numbers.push({ path: [...at, 'kind'], value: 'NaN' });
    const n = compiled.templates.length;
    const spec = 'hubs[0].forms[0].resources[0].spec';
    expect(problemsOf(compiled)).toEqual([
      `/var/task/lynq-config.json: numbers[${compiled.numbers.length - 1}]: path ${JSON.stringify([...at, 'kind'])}: ${spec}.kind is not null (a special number's place)`,
      `/var/task/lynq-config.json: templates[${n - 3}]: path ${JSON.stringify([...at, 'missing'])}: ${spec}.missing is not in the tree`,
      `/var/task/lynq-config.json: templates[${n - 2}]: path ${JSON.stringify([...at, 'special', 6])}: ${spec}.special[6] is not a string (a template's source)`,
      `/var/task/lynq-config.json: templates[${n - 1}]: path ${JSON.stringify([...at, 'quoted'])}: ${spec}.quoted is not a string (a template's source)`,
    ]);
  });
});
