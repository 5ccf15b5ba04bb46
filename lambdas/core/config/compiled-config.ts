// The configuration compiled at synth: the ConfigDirectory the synth validated, in JSON, so that
// the deployed functions neither parse YAML nor decode and check the hubs and forms again at cold
// start (no config schema, no template compiled before it is rendered). The file is written by the
// synth that bundles the code reading it, into the same asset, from a directory that passed every
// check; a function checks the format version and the envelope only.
// The directory is plain JSON except for ScalarTemplate objects in manifest bodies (a string holding
// tags that remembers whether it was quoted) and the few numbers JSON cannot write (NaN, +-Infinity,
// -0). User manifests may hold any key, so no key or value marks them: their positions (paths) are
// listed beside the plain tree. Decoding gives back the same ConfigDirectory, form content hashes included.
import * as z from '../contracts/zod-api';
import { ConfigError, type ConfigProblem } from './config-error';
import type { ConfigDirectory } from './config-model';
import { ScalarTemplate } from '../template/scalar-template';
import { setOwn } from '../template/own-property';
import { fieldPath } from './field-path';

/** Bumped on any change of the format; a function refuses a version it does not know. */
export const COMPILED_CONFIG_VERSION = 2;

type TreePath = Array<string | number>;

/** The numbers JSON cannot write, by the name the compiled file gives them. */
const SPECIAL_NUMBERS = { 'NaN': NaN, 'Infinity': Infinity, '-Infinity': -Infinity, '-0': -0 } as const;
type SpecialNumber = keyof typeof SPECIAL_NUMBERS;
const SPECIAL_NUMBER_NAMES = Object.keys(SPECIAL_NUMBERS) as [SpecialNumber, ...SpecialNumber[]];

/** A tree of plain JSON with the positions of what JSON cannot hold. */
export interface CompiledTree {
  /** The tree with each template as its source text and each special number as null. */
  tree: unknown;
  /** Where the tree holds a template (the string at that path is its source). */
  templates: Array<{ path: TreePath; quoted: boolean }>;
  /** Where the tree holds a number JSON cannot write (null at that path). */
  numbers: Array<{ path: TreePath; value: SpecialNumber }>;
}

export interface CompiledConfig extends CompiledTree {
  version: typeof COMPILED_CONFIG_VERSION;
}

function specialNumberOf(value: number): SpecialNumber | undefined {
  return SPECIAL_NUMBER_NAMES.find((name) => Object.is(value, SPECIAL_NUMBERS[name]));
}

function encodeTree(value: unknown, at: TreePath, into: CompiledTree): unknown {
  if (value instanceof ScalarTemplate) {
    into.templates.push({ path: at, quoted: value.quoted });
    return value.source;
  }
  if (typeof value === 'number') {
    const special = specialNumberOf(value);
    if (special === undefined) return value;
    into.numbers.push({ path: at, value: special });
    return null;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item, index) => encodeTree(item, [...at, index], into));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // An optional field left undefined is absent, as JSON would have it.
      if (item !== undefined) setOwn(out, key, encodeTree(item, [...at, key], into));
    }
    return out;
  }
  // A ConfigDirectory holds nothing else; anything else would not survive JSON unchanged.
  throw new Error(`cannot compile the value at ${fieldPath(at) || 'the root'}: ${Object.prototype.toString.call(value)} is not plain data`);
}

/**
 * Compiles a validated directory whose `dir` is the name the functions call it (its base name) and
 * whose files are named in it (`database-per-node/hub.yaml`).
 */
export function encodeCompiledConfig(directory: ConfigDirectory): CompiledConfig {
  const compiled: CompiledConfig = { version: COMPILED_CONFIG_VERSION, tree: null, templates: [], numbers: [] };
  compiled.tree = encodeTree(directory, [], compiled);
  return compiled;
}

const TREE_PATH = z.array(z.union([z.string(), z.number().int().nonnegative()]));
const COMPILED_CONFIG_SCHEMA = z.strictObject({
  version: z.number(),
  tree: z.looseObject({ dir: z.string().min(1), hubs: z.array(z.looseObject({ hub: z.looseObject({}), forms: z.array(z.looseObject({})) })) }),
  templates: z.array(z.strictObject({ path: TREE_PATH, quoted: z.boolean() })),
  numbers: z.array(z.strictObject({ path: TREE_PATH, value: z.enum(SPECIAL_NUMBER_NAMES) })),
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

/** Puts the templates and special numbers back at their places in the tree (which is changed in place). */
function restoreTree(compiled: CompiledTree, source: string): unknown {
  const problems: ConfigProblem[] = [];
  let tree = compiled.tree;
  const put = (field: string, at: TreePath, expected: Expected, make: (current: unknown) => unknown): void => {
    const placed = replaceAt(tree, at, expected, make);
    if (typeof placed === 'string') problems.push({ file: source, field, message: `path ${JSON.stringify(at)}: ${placed}` });
    else tree = placed.root;
  };
  compiled.numbers.forEach(({ path: at, value }, i) => { put(`numbers[${i}]`, at, 'null', () => SPECIAL_NUMBERS[value]); });
  compiled.templates.forEach(({ path: at, quoted }, i) => { put(`templates[${i}]`, at, 'string', (text) => new ScalarTemplate(text as string, quoted)); });
  if (problems.length > 0) throw new ConfigError(problems);
  return tree;
}

/**
 * The configuration of a compiled file (`value` as read from its JSON). Throws ConfigError, naming
 * `source` (the compiled file) and the field, for an unknown version or a malformed envelope.
 */
export function decodeCompiledConfig(value: unknown, source: string): ConfigDirectory {
  const version = (value !== null && typeof value === 'object' && 'version' in value) ? value.version : undefined;
  if (version !== COMPILED_CONFIG_VERSION) {
    throw new ConfigError([{
      file: source, field: 'version',
      message: `is ${version === undefined ? 'missing' : JSON.stringify(version)}, but this function reads compiled configuration version ${COMPILED_CONFIG_VERSION} only; synthesize and deploy the stack again (the synth compiles the config for the functions it bundles)`,
    }]);
  }
  const parsed = COMPILED_CONFIG_SCHEMA.safeParse(value, { jitless: true });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ file: source, field: fieldPath(issue.path.filter((k): k is string | number => typeof k !== 'symbol')), message: issue.message })));
  }
  // The parsed JSON itself, not zod's copy (which drops an own `__proto__` key where it copies).
  return restoreTree(value as CompiledConfig, source) as ConfigDirectory;
}
