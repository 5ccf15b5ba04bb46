// The emulator writes managedFields as a real server does: ManagedFieldsEntry's field order,
// "." first in a FieldsV1 node, then field names, keys, values and indexes, keys compared as
// values (numbers as numbers), and string maps (labels, a ConfigMap's data) with sorted keys.
import { toFieldsV1 } from '../../local/kube-emulator/fields-v1';
import { pathKey } from '../../local/kube-emulator/field-path';
import { sortStringMaps } from '../../local/kube-emulator/go-map-order';
import { BUILTIN_TYPES } from '../../local/kube-emulator/builtin-types';

const keysOf = (value: unknown) => Object.keys(value as object);

test('FieldsV1: "." first, then fields, keys, values; numbers in keys compared as numbers', () => {
  const ports = ['f:spec', 'f:ports'];
  const tree = toFieldsV1([
    pathKey([...ports, 'k:{"port":443,"protocol":"TCP"}', 'f:port']),
    pathKey([...ports, 'k:{"port":53,"protocol":"UDP"}']),
    pathKey([...ports, 'k:{"port":53,"protocol":"TCP"}']),
    pathKey([...ports, 'k:{"port":443,"protocol":"TCP"}']),
    pathKey(['f:metadata', 'f:finalizers', 'v:"b"']),
    pathKey(['f:metadata', 'f:finalizers', 'v:"a"']),
    pathKey(['f:metadata', 'f:finalizers']),
    pathKey(['f:data', 'f:z']),
    pathKey(['f:data', 'f:a']),
  ]);
  expect(keysOf(tree)).toEqual(['f:data', 'f:metadata', 'f:spec']);
  expect(keysOf((tree['f:spec'] as any)['f:ports'])).toEqual(['k:{"port":53,"protocol":"TCP"}', 'k:{"port":53,"protocol":"UDP"}', 'k:{"port":443,"protocol":"TCP"}']);
  expect(keysOf((tree['f:spec'] as any)['f:ports']['k:{"port":443,"protocol":"TCP"}'])).toEqual(['.', 'f:port']);
  expect(keysOf((tree['f:metadata'] as any)['f:finalizers'])).toEqual(['.', 'v:"a"', 'v:"b"']);
  expect(keysOf(tree['f:data'])).toEqual(['f:a', 'f:z']);
});

test('labels, annotations and a ConfigMap\'s data are stored with sorted keys; other maps as written', () => {
  const configMap = BUILTIN_TYPES.find((t) => t.kind === 'ConfigMap')!;
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', labels: { keep: 'yes', added: 'true' }, annotations: { z: '1', a: '2' } }, data: { c: '3', a: '7' } };
  sortStringMaps(configMap, obj);
  expect(keysOf(obj.metadata.labels)).toEqual(['added', 'keep']);
  expect(keysOf(obj.metadata.annotations)).toEqual(['a', 'z']);
  expect(keysOf(obj.data)).toEqual(['a', 'c']);
  const deployment = BUILTIN_TYPES.find((t) => t.kind === 'Deployment')!;
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, data: { c: '3', a: '7' } };
  sortStringMaps(deployment, dep);
  expect(keysOf(dep.data)).toEqual(['c', 'a']);
});
