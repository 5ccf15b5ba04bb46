// The configuration compiled at synth: every hub and form file as parsed (template-document), in
// JSON, so that the deployed functions neither bundle a YAML parser nor parse YAML at cold start.
// A parsed tree is plain JSON except for ScalarTemplate objects (a string holding tags that
// remembers whether it was quoted) and the few numbers JSON cannot write (NaN, +-Infinity, -0).
// User manifests may hold any key, so no key or value marks them: each document lists their
// positions (paths) beside the plain tree. Decoding gives back the same trees, and the same
// decode and validation as the YAML files (validateParsedConfig) give the same ConfigDirectory,
// form content hashes included.
import * as path from 'node:path';
import * as z from '../contracts/zod-api';
import { ConfigError, type ConfigProblem } from './config-error';
import type { ParsedConfigFile } from './config-validation';
import type { ParsedDocument } from '../template/template-document';
import { ScalarTemplate } from '../template/scalar-template';
import { setOwn } from '../template/own-property';
import { fieldPath } from './field-path';

/** Bumped on any change of the format; a function refuses a version it does not know. */
export const COMPILED_CONFIG_VERSION = 1;

type TreePath = Array<string | number>;

/** The numbers JSON cannot write, by the name the compiled file gives them. */
const SPECIAL_NUMBERS = { 'NaN': NaN, 'Infinity': Infinity, '-Infinity': -Infinity, '-0': -0 } as const;
type SpecialNumber = keyof typeof SPECIAL_NUMBERS;
const SPECIAL_NUMBER_NAMES = Object.keys(SPECIAL_NUMBERS) as [SpecialNumber, ...SpecialNumber[]];

export interface CompiledDocument {
  /** 1-based line where the document starts in its file, for messages. */
  line: number;
  /** The parsed tree with each template as its source text and each special number as null. */
  tree: unknown;
  /** Where the tree holds a template (the string at that path is its source). */
  templates: Array<{ path: TreePath; quoted: boolean }>;
  /** Where the tree holds a number JSON cannot write (null at that path). */
  numbers: Array<{ path: TreePath; value: SpecialNumber }>;
}

export interface CompiledConfig {
  version: typeof COMPILED_CONFIG_VERSION;
  /** Name of the configuration directory (not its path: the asset stays the same on every machine). */
  directory: string;
  /** Files by name inside the directory, in the order they were read. */
  files: Array<{ name: string; documents: CompiledDocument[] }>;
}

function specialNumberOf(value: number): SpecialNumber | undefined {
  return SPECIAL_NUMBER_NAMES.find((name) => Object.is(value, SPECIAL_NUMBERS[name]));
}

function encodeTree(value: unknown, at: TreePath, doc: CompiledDocument): unknown {
  if (value instanceof ScalarTemplate) {
    doc.templates.push({ path: at, quoted: value.quoted });
    return value.source;
  }
  if (typeof value === 'number') {
    const special = specialNumberOf(value);
    if (special === undefined) return value;
    doc.numbers.push({ path: at, value: special });
    return null;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, index) => encodeTree(item, [...at, index], doc));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, encodeTree(item, [...at, key], doc));
    return out;
  }
  // parseTemplateDocuments gives nothing else; anything else would not survive JSON unchanged.
  throw new Error(`cannot compile the value at ${fieldPath(at) || 'the document root'}: ${Object.prototype.toString.call(value)} is not a parsed YAML value`);
}

/**
 * Compiles parsed files (without problems: the synth compiles only a valid directory). `file` names
 * are paths in `dir`; `directoryName` is what the functions call the directory (its base name).
 */
export function encodeCompiledConfig(dir: string, files: ReadonlyArray<{ file: string; documents: readonly ParsedDocument[] }>, directoryName = path.basename(dir)): CompiledConfig {
  return {
    version: COMPILED_CONFIG_VERSION,
    directory: directoryName,
    files: files.map(({ file, documents }) => ({
      name: path.relative(dir, file),
      documents: documents.map(({ tree, line }) => {
        const doc: CompiledDocument = { line, tree: null, templates: [], numbers: [] };
        doc.tree = encodeTree(tree, [], doc);
        return doc;
      }),
    })),
  };
}

const TREE_PATH = z.array(z.union([z.string(), z.number().int().nonnegative()]));
const COMPILED_CONFIG_SCHEMA = z.strictObject({
  version: z.number(),
  directory: z.string(),
  files: z.array(z.strictObject({
    name: z.string().min(1),
    documents: z.array(z.strictObject({
      line: z.number().int().positive(),
      tree: z.unknown(),
      templates: z.array(z.strictObject({ path: TREE_PATH, quoted: z.boolean() })),
      numbers: z.array(z.strictObject({ path: TREE_PATH, value: z.enum(SPECIAL_NUMBER_NAMES) })),
    })),
  })),
});

type Expected = 'string' | 'null';

/**
 * Replaces the value at `at` in `root` by `make(value)`, where the tree must hold `expected`; the
 * root itself may be replaced, so it is returned. Otherwise a message saying why the path is wrong.
 */
function replaceAt(root: unknown, at: TreePath, expected: Expected, make: (current: unknown) => unknown): { root: unknown } | string {
  if (at.length === 0) return isExpected(root, expected) ? { root: make(root) } : `the document root is not ${describeExpected(expected)}`;
  let parent = root;
  for (const [index, key] of at.entries()) {
    const child = childOf(parent, key);
    if (child === undefined) return `${fieldPath(at.slice(0, index + 1))} is not in the tree`;
    if (index < at.length - 1) {
      parent = child.value;
    } else if (!isExpected(child.value, expected)) {
      return `${fieldPath(at)} is not ${describeExpected(expected)}`;
    } else if (Array.isArray(parent)) {
      parent[key as number] = make(child.value);
    } else {
      setOwn(parent as Record<string, unknown>, key as string, make(child.value));
    }
  }
  return { root };
}

function childOf(parent: unknown, key: string | number): { value: unknown } | undefined {
  if (Array.isArray(parent)) return typeof key === 'number' && key < parent.length ? { value: parent[key] } : undefined;
  if (parent !== null && typeof parent === 'object' && typeof key === 'string' && Object.hasOwn(parent, key)) return { value: (parent as Record<string, unknown>)[key] };
  return undefined;
}

function isExpected(value: unknown, expected: Expected): boolean {
  return expected === 'string' ? typeof value === 'string' : value === null;
}

function describeExpected(expected: Expected): string {
  return expected === 'string' ? "a string (a template's source)" : "null (a special number's place)";
}

function decodeDocument(doc: CompiledDocument, where: string, source: string, problems: ConfigProblem[]): ParsedDocument {
  let tree = doc.tree;
  const put = (field: string, at: TreePath, expected: Expected, make: (current: unknown) => unknown): void => {
    const placed = replaceAt(tree, at, expected, make);
    if (typeof placed === 'string') problems.push({ file: source, field: `${where}.${field}`, message: `path ${JSON.stringify(at)}: ${placed}` });
    else tree = placed.root;
  };
  doc.numbers.forEach(({ path: at, value }, i) => { put(`numbers[${i}]`, at, 'null', () => SPECIAL_NUMBERS[value]); });
  doc.templates.forEach(({ path: at, quoted }, i) => { put(`templates[${i}]`, at, 'string', (text) => new ScalarTemplate(text as string, quoted)); });
  return { tree, line: doc.line };
}

/**
 * The parsed files of a compiled configuration (`value` as read from its JSON), named as paths
 * in `dir` (by default the directory's own name). Throws ConfigError, naming `source` (the
 * compiled file) and the field, for an unknown version or malformed content.
 */
export function decodeCompiledConfig(value: unknown, source: string, dir?: string): { dir: string; files: ParsedConfigFile[] } {
  const version = (value !== null && typeof value === 'object' && 'version' in value) ? value.version : undefined;
  if (version !== COMPILED_CONFIG_VERSION) {
    throw new ConfigError([{
      file: source, field: 'version',
      message: `is ${version === undefined ? 'missing' : JSON.stringify(version)}, but this function reads compiled configuration version ${COMPILED_CONFIG_VERSION} only; synthesize and deploy the stack again (the synth compiles the config for the functions it bundles)`,
    }]);
  }
  const parsed = COMPILED_CONFIG_SCHEMA.safeParse(value);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ file: source, field: fieldPath(issue.path.filter((k): k is string | number => typeof k !== 'symbol')), message: issue.message })));
  }
  const compiled = parsed.data as CompiledConfig;
  const label = dir ?? compiled.directory;
  const problems: ConfigProblem[] = [];
  const files = compiled.files.map(({ name, documents }, f) => ({
    file: path.join(label, name),
    documents: documents.map((doc, d) => decodeDocument(doc, `files[${f}].documents[${d}]`, source, problems)),
    problems: [],
  }));
  if (problems.length > 0) throw new ConfigError(problems);
  return { dir: label, files };
}
