// The realm templates run in (DESIGN §3: templates run confined). One `vm` context per process,
// created without Node's globals, with code generation from strings off (so no `eval` and no
// `Function('…')`, even through `(()=>0).constructor`), without `Atomics` (which could block past
// the watchdog), its built-ins frozen and its global names read-only (so no template changes what
// another one sees).
//
// Nothing of the host realm is ever reachable from template code: a host object would lead back
// to the host's Function constructor through `.constructor`, and from there to `process`. So the
// scope, its `now` and the helpers are all created inside the context. Each helper of
// template-helpers is a function of the context that calls the host through a closure template
// code cannot name, passing copies (primitives, dates, JSON data) both ways; host errors are
// turned into errors of the context.
//
// Time is bounded by the vm watchdog (`timeout`), for a whole batch of templates at once, since
// starting it costs more than rendering a node; batches of provably short templates
// (template-termination) run without it.
import * as vm from 'node:vm';
import { TEMPLATE_HELPERS } from './template-helpers';

/** A template's scope: an object of the template realm (see newScope). */
export type TemplateScope = Record<string, unknown>;

/** A template's own failure, as primitives: what it threw (name and message). */
export interface TemplateFailure {
  readonly name: string;
  readonly message: string;
}

/** Per template of a batch: its output, or its failure. */
export type TemplateResult = string | TemplateFailure;

/** How long one batch of templates may run (a render of one node, or the checks of one resource). */
export const TEMPLATE_TIME_LIMIT_MS = 1000;

export class TemplateTimeoutError extends Error {
  constructor(
    /** Index in the batch of the template that was running. */
    readonly index: number,
    readonly limitMs: number,
  ) {
    super(`the template did not finish within ${limitMs} ms (a loop that never ends?)`);
    this.name = 'TemplateTimeoutError';
  }
}

// Values cross between the realms only as "wire" arrays of primitives: ['P', primitive],
// ['D', epoch ms] for a Date, ['J', JSON text] for data. A helper never gets an object of the
// template realm, and template code never gets one of Node's.
type Wire = readonly [kind: string, value: unknown];

function fromWire(wire: Wire): unknown {
  const [kind, value] = wire;
  if (kind === 'D') return new Date(value as number);
  if (kind === 'J') return JSON.parse(value as string) as unknown;
  return value;
}

function toWire(value: unknown): Wire {
  if (value instanceof Date) return ['D', value.getTime()];
  if (value !== null && typeof value === 'object') return ['J', JSON.stringify(value)];
  if (typeof value === 'function') return ['P', undefined];
  return ['P', value];
}

/** The realm's only way out: a helper by name, arguments and result as wire values. */
function callHost(name: string, args: readonly Wire[]): Wire {
  const helper = Object.prototype.hasOwnProperty.call(TEMPLATE_HELPERS, name) ? TEMPLATE_HELPERS[name] : undefined;
  if (helper === undefined) throw new Error(`${name} is not a helper`);
  // The wire comes from the template realm: its tag is made a string whatever the realm sent.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion
  return toWire((helper as (...a: unknown[]) => unknown)(...args.map((arg) => fromWire([String(arg[0]), arg[1]]))));
}

const BOOTSTRAP = String.raw`
'use strict';
(function (callHost, helperNames) {
  const g = globalThis;
  const O = Object, S = String, N = Number, B = Boolean, J = JSON, D = Date, E = Error;
  const create = O.create, freeze = O.freeze, defineProperty = O.defineProperty, names = O.getOwnPropertyNames;

  // Nothing that can block the thread beyond the watchdog's reach, print, or compile code.
  for (const name of ['Atomics', 'SharedArrayBuffer', 'WebAssembly', 'console']) delete g[name];
  // No promises either (with async/await refused by template-refusal): a microtask the watchdog
  // interrupts aborts the whole process when async hooks are on, as Powertools and X-Ray turn them on.
  delete g.Promise;
  delete Array.fromAsync;
  // Every built-in frozen, every global name read-only: templates share this realm.
  for (const name of names(g)) {
    const value = g[name];
    try { defineProperty(g, name, { value, writable: false, enumerable: false, configurable: false }); } catch (_) { /* kept as is */ }
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      try { freeze(value); if (value.prototype) freeze(value.prototype); } catch (_) { /* the global itself */ }
    }
  }
  for (const f of [function* () {}, async function () {}, async function* () {}]) {
    freeze(O.getPrototypeOf(f)); freeze(O.getPrototypeOf(f).prototype);
  }
  freeze(O.getPrototypeOf([][Symbol.iterator]()));
  freeze(O.getPrototypeOf(O.getPrototypeOf([][Symbol.iterator]())));
  freeze(O.getPrototypeOf(Uint8Array));
  freeze(O.getPrototypeOf(Uint8Array).prototype);

  const primitive = (v) => (v !== null && (typeof v === 'object' || typeof v === 'function') ? undefined : v);
  const toWire = (v) => {
    if (v instanceof D) return ['D', v.getTime()];
    if (v !== null && typeof v === 'object') return ['J', J.stringify(v)];
    return ['P', typeof v === 'function' ? undefined : v];
  };
  const fromWire = (w) => {
    const kind = w[0], value = w[1];
    if (kind === 'D') return new D(N(value));
    if (kind === 'J') return J.parse(S(value));
    return primitive(value);
  };
  const helper = (name) => (...args) => {
    let result;
    try { result = callHost(name, args.map(toWire)); } catch (e) { throw new E(S(e && e.message)); }
    return fromWire(result);
  };

  // Every helper of template-helpers, by its name; the primitive conversions beside them.
  const helpers = create(null);
  for (const name of helperNames.split(',')) helpers[name] = helper(name);
  helpers.String = S; helpers.Number = N; helpers.Boolean = B;
  freeze(helpers);

  // ejs output as-is (no HTML escaping); null and undefined print as ''.
  const asIs = (v) => (v === undefined || v === null ? '' : S(v));

  const describe = (e) => {
    try {
      if (e !== null && typeof e === 'object') {
        const name = e.name, message = e.message;
        return freeze({ name: typeof name === 'string' ? name : 'Error', message: typeof message === 'string' ? message : S(message) });
      }
      return freeze({ name: 'Error', message: S(e) });
    } catch (_) {
      return freeze({ name: 'Error', message: 'the template threw a value that cannot be shown' });
    }
  };

  let prepared = null;
  let current = -1;
  const runAll = (fns, scope) => {
    const out = [];
    for (let i = 0; i < fns.length; i += 1) {
      current = i;
      try {
        const result = fns[i](scope);
        out.push(typeof result === 'string' ? result : asIs(result));
      } catch (e) {
        out.push(describe(e));
      }
    }
    current = -1;
    return out;
  };

  // The watchdog only bounds a script run: this global starts the prepared batch. It holds no
  // host object, and calling it from a template only runs templates again.
  defineProperty(g, '__lynqRun', {
    value: () => { const batch = prepared; prepared = null; return batch === null ? [] : runAll(batch.fns, batch.scope); },
    writable: false, enumerable: false, configurable: false,
  });

  return freeze({
    // ejs's generated function, compiled in this realm.
    bind: (fn) => (scope) => fn.call(undefined, scope, asIs, undefined, undefined),
    newScope: (variableNames, variableValues, nowMs) => {
      // The helpers come through the (frozen) prototype: one object per render, not one copy per helper.
      const scope = create(helpers);
      for (let i = 0; i < variableNames.length; i += 1) scope[variableNames[i]] = primitive(variableValues[i]);
      scope.now = new D(nowMs);
      return scope;
    },
    runAll: (fns, scope) => runAll([...fns], scope),
    prepare: (fns, scope) => { prepared = { fns: [...fns], scope }; },
    current: () => current,
  });
})
`;

interface Realm {
  context: vm.Context;
  bind(fn: unknown): (scope: TemplateScope) => string;
  newScope(names: string[], values: unknown[], nowMs: number): TemplateScope;
  runAll(fns: ReadonlyArray<(scope: TemplateScope) => string>, scope: TemplateScope): TemplateResult[];
  prepare(fns: ReadonlyArray<(scope: TemplateScope) => string>, scope: TemplateScope): void;
  current(): number;
  runScript: vm.Script;
}

let realm: Realm | undefined;

function theRealm(): Realm {
  if (realm) return realm;
  // Microtasks (promise callbacks) run inside the evaluation that queued them, so under its watchdog too.
  const context = vm.createContext(Object.create(null) as vm.Context, {
    name: 'lynq-sfn templates', codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate',
  });
  const install = vm.runInContext(BOOTSTRAP, context) as (host: typeof callHost, helperNames: string) => Omit<Realm, 'context' | 'runScript'>;
  realm = { ...install(callHost, Object.keys(TEMPLATE_HELPERS).join(',')), context, runScript: new vm.Script('__lynqRun()') };
  return realm;
}

/** Compiles a function expression's source in the template realm; throws what the parser throws. */
export function compileInSandbox(functionSource: string): (scope: TemplateScope) => string {
  const sandbox = theRealm();
  return sandbox.bind(vm.runInContext(`(${functionSource})`, sandbox.context));
}

/** A scope of the template realm: the helpers, the variables (primitives) and `now`. */
export function newScope(variables: Record<string, unknown>, now: Date): TemplateScope {
  const names = Object.keys(variables);
  return theRealm().newScope(names, names.map((name) => variables[name]), now.getTime());
}

/**
 * Runs a batch of templates against one scope, each failure kept as its result. With
 * `bounded`, the batch is known to finish quickly and runs directly; otherwise under the
 * watchdog, and a batch that runs too long throws TemplateTimeoutError.
 */
export function runTemplates(fns: ReadonlyArray<(scope: TemplateScope) => string>, scope: TemplateScope, bounded: boolean, limitMs = TEMPLATE_TIME_LIMIT_MS): TemplateResult[] {
  const r = theRealm();
  if (bounded) return r.runAll(fns, scope);
  r.prepare(fns, scope);
  try {
    return r.runScript.runInContext(r.context, { timeout: limitMs }) as TemplateResult[];
  } catch (error) {
    // current() is -1 when the batch finished and a promise callback it queued ran too long: the first template is named.
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TemplateTimeoutError(Math.max(0, r.current()), limitMs);
    throw error;
  }
}
