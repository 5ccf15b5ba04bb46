// A resource spec compiled once into what rendering does for each node: which fields are
// templates (and where their output is in the render's results), whether each stays a string,
// which keys are rendered. Rendering then walks the plan with no per-node decisions about the
// form's shape, and still builds every object and array afresh for each node.
import { isStringOnlyField } from './string-only-fields';
import { ScalarTemplate } from './scalar-template';
import { isTemplateText } from './template-tags';

export type SpecPlan =
  /** Not a template: copied as it is (null, a number, a boolean, a plain string). */
  | { readonly kind: 'value'; readonly value: unknown }
  /**
   * A template scalar: its output is result `at` of the render. `stringOnly` is known when no
   * key above it is rendered; otherwise it depends on the rendered path and is decided then.
   */
  | { readonly kind: 'template'; readonly at: number; readonly quoted: boolean; readonly stringOnly: boolean | undefined }
  | { readonly kind: 'array'; readonly items: readonly SpecPlan[] }
  /** `renderedKeys`: some key is a template, so two keys may render to the same name. */
  | { readonly kind: 'object'; readonly entries: readonly SpecPlanEntry[]; readonly renderedKeys: boolean };

export interface SpecPlanEntry {
  readonly key: string;
  /** Result index of the key's template, or -1 for a literal key. */
  readonly keyAt: number;
  readonly value: SpecPlan;
}

/**
 * @param resultIndex where a template's output is in the render's results
 * @param kind the manifest's unrendered kind (see isStringOnlyField)
 */
export function specRenderPlan(spec: unknown, resultIndex: (source: string) => number, kind: unknown): SpecPlan {
  const keys: Array<string | number> = [];
  let renderedKeysAbove = 0;
  const plan = (value: unknown): SpecPlan => {
    if (value instanceof ScalarTemplate) {
      return { kind: 'template', at: resultIndex(value.source), quoted: value.quoted, stringOnly: renderedKeysAbove > 0 ? undefined : isStringOnlyField(keys, kind) };
    }
    if (Array.isArray(value)) {
      return {
        kind: 'array',
        items: value.map((item, index) => {
          keys.push(index);
          const itemPlan = plan(item);
          keys.pop();
          return itemPlan;
        }),
      };
    }
    if (value !== null && typeof value === 'object') {
      let renderedKeys = false;
      const entries = Object.entries(value).map(([key, item]): SpecPlanEntry => {
        const keyAt = isTemplateText(key) ? resultIndex(key) : -1;
        if (keyAt >= 0) renderedKeys = true;
        if (keyAt >= 0) renderedKeysAbove += 1;
        keys.push(key);
        const valuePlan = plan(item);
        keys.pop();
        if (keyAt >= 0) renderedKeysAbove -= 1;
        return { key, keyAt, value: valuePlan };
      });
      return { kind: 'object', entries, renderedKeys };
    }
    return { kind: 'value', value };
  };
  return plan(spec);
}
