// RFC 1123 label: what a uid must be, since it ends up in object names and label values.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function dnsLabelProblem(value: string): string | null {
  if (value.length === 0) return 'is empty';
  if (value.length > 63) return `is ${value.length} characters long (a DNS label has at most 63)`;
  if (!DNS_LABEL.test(value)) return 'is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit)';
  return null;
}
