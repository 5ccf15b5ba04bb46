// Every template string of one form resource, with the field it sits in: the spec's scalars and
// keys, nameTemplate, targetNamespace, and the keys and values of the label and annotation maps.
// Rendering and validation walk a resource the same way through this.
import type { ResourceTemplate } from '../config/config-model';
import { fieldPath } from '../config/field-path';
import { ScalarTemplate } from './scalar-template';
import { isTemplateText } from './template-tags';

/** Calls `visit` for each template string; spec fields are named under `specPrefix` ('' or 'spec'). */
export function forEachTemplateSource(resource: ResourceTemplate, visit: (source: string, field: string) => void, specPrefix = ''): void {
  const add = (source: string, field: string): void => {
    if (isTemplateText(source)) visit(source, field);
  };
  const walk = (value: unknown, keys: Array<string | number>): void => {
    if (value instanceof ScalarTemplate) add(value.source, fieldPath(keys, specPrefix));
    else if (Array.isArray(value)) value.forEach((item, i) => { walk(item, [...keys, i]); });
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        add(key, fieldPath([...keys, key], specPrefix));
        walk(item, [...keys, key]);
      }
    }
  };
  walk(resource.spec, []);
  add(resource.nameTemplate, 'nameTemplate');
  add(resource.targetNamespace, 'targetNamespace');
  for (const [name, map] of [['labelsTemplate', resource.labelsTemplate], ['annotationsTemplate', resource.annotationsTemplate]] as const) {
    for (const [key, value] of Object.entries(map)) {
      add(key, fieldPath([key], name));
      add(value, fieldPath([key], name));
    }
  }
}
