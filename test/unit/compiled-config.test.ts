// The configuration compiled at synth for the deployed functions (compiled-config): the same parsed
// trees as the YAML, hence the same ConfigDirectory and form content hashes (desired hashes do not
// change), whatever keys the manifests hold; an unknown version or a malformed file is refused by name.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileConfigDirectory, loadConfigDirectory, writeCompiledConfig } from '../../lambdas/adapters/config-directory';
import { loadCompiledConfig } from '../../lambdas/adapters/compiled-config-file';
import { COMPILED_CONFIG_VERSION, decodeCompiledConfig, encodeCompiledConfig, type CompiledConfig } from '../../lambdas/core/config/compiled-config';
import { parseConfigFile } from '../../lambdas/core/config/config-text';
import { validateParsedConfig, type ParsedConfigFile } from '../../lambdas/core/config/config-validation';
import { ConfigError, formatConfigProblem } from '../../lambdas/core/config/config-error';
import type { ConfigDirectory } from '../../lambdas/core/config/config-model';
import { ScalarTemplate } from '../../lambdas/core/template/scalar-template';
import { PROJECT_ROOT } from '../../lib/lynq-functions';

const EXAMPLES = join(PROJECT_ROOT, 'examples');
const exampleDirs = readdirSync(EXAMPLES, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(EXAMPLES, e.name));

/** What the functions do with the file's text, labelled as the YAML directory was. */
function fromCompiledText(text: string, dir: string): ConfigDirectory {
  const { dir: label, files } = decodeCompiledConfig(JSON.parse(text), 'lynq-config.json', dir);
  const { directory, problems } = validateParsedConfig(label, files);
  expect(problems).toEqual([]);
  return directory!;
}

const formHashes = (directory: ConfigDirectory) => directory.hubs.flatMap((p) => p.forms.map((f) => [f.name, f.contentHash]));

describe.each(exampleDirs)('the example %s', (dir) => {
  test('compiled and decoded is deep-equal to the YAML directory, content hashes included', () => {
    const fromYaml = loadConfigDirectory(dir);
    const fromCompiled = fromCompiledText(compileConfigDirectory(dir).text, dir);
    expect(fromCompiled).toStrictEqual(fromYaml);
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
    const loaded = loadCompiledConfig(file);
    expect(loaded.dir).toBe('database-per-node');
    expect(loaded.hubs[0].hub.file).toBe(join('database-per-node', 'hub.yaml'));
    expect(formHashes(loaded)).toEqual(formHashes(written));
    expect(loaded.hubs[0].forms[0].resources).toStrictEqual(written.hubs[0].forms[0].resources);
  });

  test("a directory given as '.' is still named by its own name", () => {
    const dir = exampleDirs.find((d) => d.endsWith('plan-tiers'))!;
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect((JSON.parse(compileConfigDirectory('.').text) as CompiledConfig).directory).toBe('plan-tiers');
    } finally {
      process.chdir(cwd);
    }
  });

  test('a missing or unparsable file is a ConfigError naming it', () => {
    const missing = join(work, 'none.json');
    expect(() => loadCompiledConfig(missing)).toThrow(ConfigError);
    expect(() => loadCompiledConfig(missing)).toThrow(`${missing}: cannot read the compiled configuration: ENOENT`);
    writeFileSync(join(work, 'bad.json'), '{"version": 1,');
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

function roundTrip(compiled: CompiledConfig, dir = 'cfg') {
  return decodeCompiledConfig(JSON.parse(JSON.stringify(compiled)), 'lynq-config.json', dir);
}

describe('encoding', () => {
  // Parsed afresh for each test: validating compiles (and caches) each template in its ScalarTemplate.
  let files: ParsedConfigFile[];
  beforeEach(() => { files = [parseConfigFile({ file: join('cfg', 'hub.yaml'), text: HUB }), parseConfigFile({ file: join('cfg', 'form.yaml'), text: TRICKY_FORM })]; });

  test('the parse is sound to begin with', () => {
    expect(files.flatMap((f) => f.problems)).toEqual([]);
    expect(validateParsedConfig('cfg', files).problems.map(formatConfigProblem)).toEqual([]);
  });

  test('gives back the same trees: templates with their quoting, special numbers, any key', () => {
    const decoded = roundTrip(encodeCompiledConfig('cfg', files));
    expect(decoded.dir).toBe('cfg');
    expect(decoded.files).toStrictEqual(files);
    const spec = ((decoded.files[1].documents[0].tree as any).spec.manifests[0].spec) as Record<string, any>;
    // The keys that look like the format's own words are the user's data, as written.
    expect(spec.templates).toEqual([{ path: ['spec'], quoted: true }]);
    expect(spec.numbers).toEqual({ path: ['-0'], value: 'NaN' });
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
    const compiled = encodeCompiledConfig('cfg', files);
    expect(compiled.version).toBe(COMPILED_CONFIG_VERSION);
    expect(compiled.directory).toBe('cfg');
    expect(compiled.files.map((f) => f.name)).toEqual(['hub.yaml', 'form.yaml']);
    const [doc] = compiled.files[1].documents;
    const at = ['spec', 'manifests', 0, 'spec'];
    expect(doc.templates).toEqual(expect.arrayContaining([
      { path: [...at, '$template'], quoted: true },
      { path: [...at, 'quoted'], quoted: false },
      { path: [...at, '__proto__', 'polluted'], quoted: false },
      { path: [...at, 'nested', 0, 1], quoted: true },
      { path: [...at, 'nested', 1, 'a', 0, 'b'], quoted: false },
      { path: [...at, 'alias', 't'], quoted: false },
    ]));
    expect(doc.numbers).toEqual([
      { path: [...at, 'special', 0], value: 'NaN' },
      { path: [...at, 'special', 1], value: 'Infinity' },
      { path: [...at, 'special', 2], value: '-Infinity' },
      { path: [...at, 'special', 3], value: '-0' },
      { path: [...at, 'special', 4], value: '-0' },
      { path: [...at, 'anchor', 'n'], value: 'NaN' },
      { path: [...at, 'alias', 'n'], value: 'NaN' },
    ]);
    const tree = (doc.tree as any).spec.manifests[0].spec;
    expect(tree.quoted).toBe('<%= uid %>');
    expect(tree.special).toEqual([null, null, null, null, null, 0, 1000, 16]);
  });

  test('a document that is one template (not a valid config, but parsed) round-trips too', () => {
    const bare = [parseConfigFile({ file: join('cfg', 'x.yaml'), text: '<%= uid %>\n---\n"<%= uid %>"\n' })];
    expect(roundTrip(encodeCompiledConfig('cfg', bare)).files).toStrictEqual(bare);
  });
});

describe('refused compiled files', () => {
  const base = (): CompiledConfig => encodeCompiledConfig('cfg', [parseConfigFile({ file: join('cfg', 'form.yaml'), text: TRICKY_FORM })]);
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
    expect(problemsOf({ ...base(), version: 2 })).toEqual([
      `/var/task/lynq-config.json: version: is 2, but this function reads compiled configuration version ${COMPILED_CONFIG_VERSION} only; synthesize and deploy the stack again (the synth compiles the config for the functions it bundles)`,
    ]);
    expect(problemsOf({ files: [] })[0]).toMatch(/^\/var\/task\/lynq-config\.json: version: is missing, but this function reads/);
    expect(problemsOf([])[0]).toMatch(/version: is missing/);
  });

  test('a malformed shape names the field', () => {
    const compiled = base() as any;
    compiled.files[0].documents[0].templates[0].quoted = 'yes';
    compiled.files[0].extra = true;
    expect(problemsOf(compiled)).toEqual([
      '/var/task/lynq-config.json: files[0].documents[0].templates[0].quoted: Invalid input: expected boolean, received string',
      '/var/task/lynq-config.json: files[0]: Unrecognized key: "extra"',
    ]);
  });

  test('a template or number position that is not a string or null in the tree', () => {
    const compiled = base();
    const [doc] = compiled.files[0].documents;
    const at = ['spec', 'manifests', 0, 'spec'];
    doc.templates.push({ path: [...at, 'missing'], quoted: false });
    doc.templates.push({ path: [...at, 'special', 6], quoted: false });
    doc.templates.push({ path: [...at, 'quoted'], quoted: true }); // already a template: listed twice
    doc.numbers.push({ path: [...at, 'kind'], value: 'NaN' });
    const n = doc.templates.length;
    expect(problemsOf(compiled)).toEqual([
      `/var/task/lynq-config.json: files[0].documents[0].numbers[${doc.numbers.length - 1}]: path ${JSON.stringify([...at, 'kind'])}: spec.manifests[0].spec.kind is not null (a special number's place)`,
      `/var/task/lynq-config.json: files[0].documents[0].templates[${n - 3}]: path ${JSON.stringify([...at, 'missing'])}: spec.manifests[0].spec.missing is not in the tree`,
      `/var/task/lynq-config.json: files[0].documents[0].templates[${n - 2}]: path ${JSON.stringify([...at, 'special', 6])}: spec.manifests[0].spec.special[6] is not a string (a template's source)`,
      `/var/task/lynq-config.json: files[0].documents[0].templates[${n - 1}]: path ${JSON.stringify([...at, 'quoted'])}: spec.manifests[0].spec.quoted is not a string (a template's source)`,
    ]);
  });
});
