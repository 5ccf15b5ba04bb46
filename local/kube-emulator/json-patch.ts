// JSON patch (RFC 6902): add, remove, replace, move, copy, test over JSON pointers (RFC 6901).
import { isDeepStrictEqual } from 'node:util';
import { KubeApiError } from './api-error';
import { type JsonObject, type JsonValue, cloneJson, isJsonObject } from './json-types';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: JsonValue;
}

function patchError(_what: string): KubeApiError {
  // The apiserver reports an inapplicable JSON patch as 422 (test failed, path missing).
  // The real server words every one of them alike, with empty details.
  return new KubeApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchError(`invalid JSON pointer "${pointer}": must start with /`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolveParent(doc: JsonValue, tokens: string[], pointer: string): { parent: JsonObject | JsonValue[]; key: string } {
  let node: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(node) ? node[Number(token)] : isJsonObject(node) ? node[token] : undefined;
    if (next === undefined) throw patchError(`jsonpatch: path "${pointer}" does not exist`);
    node = next;
  }
  if (!Array.isArray(node) && !isJsonObject(node)) throw patchError(`jsonpatch: path "${pointer}" does not exist`);
  return { parent: node, key: tokens[tokens.length - 1] };
}

function getAt(doc: JsonValue, pointer: string): JsonValue {
  let node: JsonValue | undefined = doc;
  for (const token of parsePointer(pointer)) {
    node = Array.isArray(node) ? node[Number(token)] : isJsonObject(node) ? node[token] : undefined;
    if (node === undefined) throw patchError(`jsonpatch: path "${pointer}" does not exist`);
  }
  return node;
}

function arrayIndex(list: JsonValue[], key: string, pointer: string, forInsert: boolean): number {
  if (forInsert && key === '-') return list.length;
  const index = Number(key);
  const max = forInsert ? list.length : list.length - 1;
  if (!/^(0|[1-9][0-9]*)$/.test(key) || index > max) throw patchError(`jsonpatch: index out of range at "${pointer}"`);
  return index;
}

function add(doc: JsonValue, pointer: string, value: JsonValue): JsonValue {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: JsonValue, pointer: string): JsonValue {
  const tokens = parsePointer(pointer);
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, false), 1);
  else if (key in parent) delete parent[key];
  else throw patchError(`jsonpatch remove operation does not apply: doc is missing key: ${pointer}`);
  return doc;
}

export function applyJsonPatch(target: JsonValue, operations: unknown): JsonValue {
  if (!Array.isArray(operations)) throw new KubeApiError(400, 'BadRequest', `error decoding patch: json: cannot unmarshal ${isJsonObject(operations) ? 'object' : typeof operations} into Go value of type []handlers.jsonPatchOp`);
  let doc = cloneJson(target);
  for (const raw of operations) {
    if (!isJsonObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new KubeApiError(400, 'BadRequest', `invalid json patch operation: ${JSON.stringify(raw)}`);
    }
    const op = raw as unknown as Operation;
    switch (op.op) {
      case 'add': doc = add(doc, op.path, cloneJson(op.value ?? null)); break;
      case 'remove': doc = remove(doc, op.path); break;
      case 'replace':
        getAt(doc, op.path);
        doc = op.path === '' ? cloneJson(op.value ?? null) : add(remove(doc, op.path), op.path, cloneJson(op.value ?? null));
        break;
      case 'move': { const v = getAt(doc, op.from ?? ''); doc = add(remove(doc, op.from ?? ''), op.path, v); break; }
      case 'copy': doc = add(doc, op.path, cloneJson(getAt(doc, op.from ?? ''))); break;
      case 'test':
        if (!isDeepStrictEqual(getAt(doc, op.path), op.value)) throw patchError(`testing value ${op.path} failed`);
        break;
      default: throw new KubeApiError(400, 'BadRequest', `unknown json patch operation "${op.op}"`);
    }
  }
  return doc;
}
