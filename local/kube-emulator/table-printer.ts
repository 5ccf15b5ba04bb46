// Server-side printing: the `Table` (meta.k8s.io/v1) that kubectl asks for with
// `Accept: application/json;as=Table;...`. CRD kinds use their additionalPrinterColumns;
// built-ins get the columns real kubectl shows for the common kinds, else NAME and AGE.
import { evaluateColumnPath } from './column-json-path';
import { ageOf } from './human-duration';
import { goJsonText, goNumberText } from './go-value-text';
import { type JsonObject, type JsonValue, type KubeObject, isJsonObject } from './json-types';
import { type PrinterColumn, type ResourceType, servedVersion } from './resource-type';

interface Column {
  definition: PrinterColumn;
  cell(obj: KubeObject, now: Date): JsonValue;
}

const NAME_COLUMN: Column = {
  definition: { name: 'Name', type: 'string', format: 'name', jsonPath: '.metadata.name', description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names' },
  cell: (obj) => obj.metadata.name ?? '',
};
const AGE_COLUMN: Column = {
  definition: { name: 'Age', type: 'string', jsonPath: '.metadata.creationTimestamp', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
  cell: (obj, now) => ageOf(obj.metadata.creationTimestamp, now),
};

function field(obj: KubeObject, ...path: string[]): JsonValue | undefined {
  let node: JsonValue | undefined = obj;
  for (const p of path) node = isJsonObject(node) ? node[p] : undefined;
  return node;
}

function num(value: JsonValue | undefined): number {
  return typeof value === 'number' ? value : 0;
}

function simple(name: string, cell: (obj: KubeObject) => JsonValue): Column {
  return { definition: { name, type: 'string', jsonPath: '' }, cell };
}

const BUILTIN_COLUMNS: Record<string, Column[]> = {
  Namespace: [simple('Status', (o) => (field(o, 'status', 'phase') as string) ?? '')],
  ConfigMap: [simple('Data', (o) => Object.keys((field(o, 'data') ?? {}) as object).length + Object.keys((field(o, 'binaryData') ?? {}) as object).length)],
  Secret: [
    simple('Type', (o) => (field(o, 'type') as string) ?? 'Opaque'),
    simple('Data', (o) => Object.keys((field(o, 'data') ?? {}) as object).length),
  ],
  Deployment: [
    simple('Ready', (o) => `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas') ?? 1)}`),
    simple('Up-to-date', (o) => num(field(o, 'status', 'updatedReplicas'))),
    simple('Available', (o) => num(field(o, 'status', 'availableReplicas'))),
  ],
  StatefulSet: [simple('Ready', (o) => `${num(field(o, 'status', 'readyReplicas'))}/${num(field(o, 'spec', 'replicas') ?? 1)}`)],
  Service: [
    simple('Type', (o) => (field(o, 'spec', 'type') as string) ?? 'ClusterIP'),
    simple('Cluster-IP', (o) => (field(o, 'spec', 'clusterIP') as string) ?? '<none>'),
  ],
  PersistentVolumeClaim: [simple('Status', (o) => (field(o, 'status', 'phase') as string) ?? 'Pending')],
  Job: [simple('Completions', (o) => `${num(field(o, 'status', 'succeeded'))}/${num(field(o, 'spec', 'completions') ?? 1)}`)],
};

/**
 * A CRD printer column's cell as kube-apiserver v1.28 fills it (apiextensions' tableconvertor): the
 * first value the path selects. A `string` column prints it as client-go's jsonpath does: objects
 * and arrays as JSON (since v1.19; before, Go's `map[k:v]`), null as `<no value>`, scalars as Go's
 * fmt does. Any other column keeps a value of its own type only.
 */
function formatCell(type: string, values: JsonValue[], now: Date): JsonValue {
  if (values.length === 0) return null;
  const value = values[0];
  switch (type) {
    case 'string':
      if (value === null) return '<no value>';
      if (typeof value === 'number') return goNumberText(value);
      return typeof value === 'object' ? goJsonText(value) : String(value);
    case 'integer': return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number': return typeof value === 'number' ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    case 'date': return typeof value === 'string' ? ageOf(value, now) : null;
    default: return null;
  }
}

function columnsFor(type: ResourceType, version: string): Column[] {
  const crdColumns = servedVersion(type, version)?.printerColumns;
  if (crdColumns) {
    return [
      NAME_COLUMN,
      ...crdColumns.map((definition) => ({
        definition,
        cell: (obj: KubeObject, now: Date) => formatCell(definition.type, evaluateColumnPath(obj, definition.jsonPath), now),
      })),
    ];
  }
  return [NAME_COLUMN, ...(BUILTIN_COLUMNS[type.kind] ?? []), AGE_COLUMN];
}

/** `includeObject`: None, Metadata (default) or Object, as the query parameter says. */
export function toTable(type: ResourceType, version: string, objects: KubeObject[], resourceVersion: string, includeObject: string | null): JsonObject {
  const now = new Date();
  const columns = columnsFor(type, version);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.definition.name,
      type: c.definition.type === 'date' ? 'date' : c.definition.type,
      format: c.definition.format ?? '',
      description: c.definition.description ?? '',
      priority: c.definition.priority ?? 0,
    })),
    rows: objects.map((obj) => {
      const row: JsonObject = { cells: columns.map((c) => c.cell(obj, now)) };
      if (includeObject === 'Object') row.object = obj;
      else if (includeObject === 'None') row.object = null;
      else row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
      return row;
    }),
  };
}
