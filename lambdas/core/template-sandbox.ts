// The realm templates run in (DESIGN §3: templates run confined). One `vm` context per process,
// created without Node's globals, with code generation from strings off (so no `eval` and no
// `Function('…')`, even through `(()=>0).constructor`), without `Atomics` (which could block past
// the watchdog), its built-ins frozen and its global names read-only (so no template changes what
// another one sees).
//
// Nothing of the host realm is ever reachable from template code: a host object would lead back
// to the host's Function constructor through `.constructor`, and from there to `process`. So the
// scope, its `now` and the helpers are all created inside the context; helpers that need Node
// (hashing, base64) call the host through a closure template code cannot name, with primitive
// arguments only, and host errors are turned into errors of the context.
//
// Time is bounded by the vm watchdog (`timeout`), for a whole batch of templates at once, since
// starting it costs more than rendering a node; batches of provably short templates
// (template-termination) run without it.
import * as vm from 'node:vm';
import { b64enc, bool, date, float, int, sha1sum, toHost, trunc63 } from './template-helpers';

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

// Host helpers the context may call, by name, with primitives only.
const HOST_HELPERS: Record<string, (a: unknown, b: unknown) => unknown> = {
  trunc63: (a) => trunc63(a), sha1sum: (a) => sha1sum(a), toHost: (a) => toHost(a), int: (a) => int(a),
  float: (a) => float(a), bool: (a) => bool(a), b64enc: (a) => b64enc(a), date: (a, b) => date(a, b),
};

function callHost(name: string, a: unknown, b: unknown): unknown {
  const helper = HOST_HELPERS[name];
  const result = helper(a, b);
  // Only primitives go back: an object of this realm would open the way out.
  if (result !== null && (typeof result === 'object' || typeof result === 'function')) throw new Error(`${name}: not a primitive result`);
  return result;
}

const BOOTSTRAP = String.raw`
'use strict';
(function (callHost) {
  const g = globalThis;
  const O = Object, S = String, N = Number, B = Boolean, J = JSON, D = Date, E = Error;
  const create = O.create, freeze = O.freeze, defineProperty = O.defineProperty, names = O.getOwnPropertyNames;
  const isArray = Array.isArray;

  // Nothing that can block the thread beyond the watchdog's reach, print, or compile code.
  for (const name of ['Atomics', 'SharedArrayBuffer', 'WebAssembly', 'console']) delete g[name];
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
  const text = (v) => (v === undefined || v === null || typeof v === 'string' ? v : S(v));
  const host = (name, a, b) => {
    try { return callHost(name, a, b); } catch (e) { throw new E(S(e && e.message)); }
  };

  const helpers = freeze({
    trunc63: (v) => host('trunc63', text(v)),
    sha1sum: (v) => host('sha1sum', text(v)),
    toHost: (v) => host('toHost', text(v)),
    int: (v) => host('int', primitive(v)),
    float: (v) => host('float', primitive(v)),
    bool: (v) => host('bool', primitive(v)),
    default: (value, fallback) => (value === undefined || value === null || value === '' ? fallback : value),
    quote: (v) => (v === undefined || v === null ? '' : J.stringify(S(v))),
    b64enc: (v) => host('b64enc', text(v)),
    toJson: (v) => J.stringify(v === undefined ? null : v),
    fromJson: (v) => {
      if (typeof v !== 'string') return {};
      try { const parsed = J.parse(v); return parsed !== null && typeof parsed === 'object' ? parsed : {}; } catch (_) { return {}; }
    },
    date: (layout, time) => host('date', primitive(layout), time instanceof D ? time.getTime() : primitive(time)),
    String: S, Number: N, Boolean: B,
  });

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
      const scope = create(null);
      for (const name of names(helpers)) scope[name] = helpers[name];
      for (let i = 0; i < variableNames.length; i += 1) scope[variableNames[i]] = primitive(variableValues[i]);
      scope.now = new D(nowMs);
      return scope;
    },
    runAll: (fns, scope) => runAll([...fns], scope),
    prepare: (fns, scope) => { prepared = { fns: [...fns], scope }; },
    current: () => current,
    helperNames: () => names(helpers).join(','),
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
  const context = vm.createContext(Object.create(null), {
    name: 'lynq-sfn templates', codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate',
  });
  const install = vm.runInContext(BOOTSTRAP, context) as (host: typeof callHost) => Omit<Realm, 'context' | 'runScript'>;
  realm = { ...install(callHost), context, runScript: new vm.Script('__lynqRun()') };
  return realm;
}

/** Compiles a function expression's source in the template realm; throws what the parser throws. */
export function compileInSandbox(functionSource: string): (scope: TemplateScope) => string {
  const { context, bind } = theRealm();
  return bind(vm.runInContext(`(${functionSource})`, context));
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
