// Pure: values a form still holds that stand for a setting the user must fill in. The convention
// is REPLACE_ME_<SETTING NAME> (the example uses it for region, security group and subnet group);
// `cdk synth` warns about each one, naming the file, resource and field.
import type { FormConfig } from './config-model';

export const PLACEHOLDER_PATTERN = /\bREPLACE_ME_[A-Z0-9_]+\b/g;

export interface PlaceholderFinding {
  file: string;
  form: string;
  resourceId: string;
  /** Dotted path inside the resource's spec, with [i] for list items. */
  field: string;
  placeholder: string;
}

export function placeholderFindings(forms: readonly FormConfig[]): PlaceholderFinding[] {
  const findings: PlaceholderFinding[] = [];
  for (const form of forms) {
    for (const resource of form.resources) {
      const visit = (value: unknown, field: string): void => {
        if (typeof value === 'string') {
          for (const match of value.matchAll(PLACEHOLDER_PATTERN)) {
            findings.push({ file: form.file, form: form.name, resourceId: resource.id, field, placeholder: match[0] });
          }
        } else if (Array.isArray(value)) {
          value.forEach((item, index) => { visit(item, `${field}[${index}]`); });
        } else if (typeof value === 'object' && value !== null) {
          for (const [key, item] of Object.entries(value)) visit(item, field ? `${field}.${key}` : key);
        }
      };
      visit(resource.spec, 'spec');
      visit(resource.nameTemplate, 'nameTemplate');
      visit(resource.targetNamespace, 'targetNamespace');
    }
  }
  return findings;
}

export function describePlaceholder(finding: PlaceholderFinding): string {
  return `${finding.file}: form ${finding.form}, resource ${finding.resourceId}: field ${finding.field} still holds the placeholder ${finding.placeholder}; replace it with your value`;
}
