// The part of the real apiserver's validation of built-in kinds that a rendered form can trip:
// a Deployment's selector (required, matching the template's labels) and replicas; in the pod
// spec of Pods and of every workload template but a StatefulSet's, containers, their names and
// images, non-negative resource quantities and emptyDir size limits; a Service's ports. Causes come
// in the server's order with its messages (k8s.io/kubernetes pkg/apis/{core,apps}/validation); the
// oracle is ../shared/kube-conformance/11-builtin-validation and test/conformance/quantities-kube-v1.20.2.json.
import type { StatusCause } from './api-error';
import { type JsonObject, isJsonObject, objectItems } from './json-types';
import { labelSelectorOf } from './label-selector';
import { podSpecPath, valueBelow } from './pod-spec-location';
import { storedQuantity } from './resource-quantity';

const required = (field: string): StatusCause => ({ field, reason: 'FieldValueRequired', message: 'Required value' });
const invalidValue = (field: string, valueText: string, detail: string): StatusCause => ({ field, reason: 'FieldValueInvalid', message: `Invalid value: ${valueText}: ${detail}` });
const forbidden = (field: string, detail: string): StatusCause => ({ field, reason: 'FieldValueForbidden', message: `Forbidden: ${detail}` });

const stringMap = (value: unknown): Record<string, string> | undefined =>
  isJsonObject(value) ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;

/** Go's %#v of a map[string]string, as field.Invalid prints one. */
function goStringMapText(map: Record<string, string> | undefined): string {
  if (map === undefined) return 'map[string]string(nil)';
  return `map[string]string{${Object.keys(map).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(map[k])}`).join(', ')}}`;
}

/** metav1.LabelSelector matching; undefined selects nothing. */
function selectorMatches(selector: JsonObject | undefined, labels: Record<string, string>): boolean {
  if (selector === undefined) return false;
  const expressions = objectItems(selector.matchExpressions).map((e) => ({
    key: typeof e.key === 'string' ? e.key : '',
    operator: e.operator,
    values: Array.isArray(e.values) ? e.values.filter((v): v is string => typeof v === 'string') : [],
  }));
  return labelSelectorOf(stringMap(selector.matchLabels) ?? {}, expressions)(labels);
}

const isEmptySelector = (selector: JsonObject): boolean =>
  Object.keys(stringMap(selector.matchLabels) ?? {}).length === 0 && objectItems(selector.matchExpressions).length === 0;

/** A quantity the decoder accepted, as stored; undefined when it is not one (the decoder answers those). */
function storedOrUndefined(value: unknown, resourceList: boolean): string | undefined {
  try {
    return storedQuantity(value, resourceList);
  } catch {
    return undefined;
  }
}

function resourceListCauses(list: unknown, path: string): StatusCause[] {
  if (!isJsonObject(list)) return [];
  return Object.entries(list).flatMap(([name, value]) => {
    const stored = storedOrUndefined(value, true);
    return stored?.startsWith('-') ? [invalidValue(`${path}[${name}]`, JSON.stringify(stored), 'must be greater than or equal to 0')] : [];
  });
}

/** `atLeastOne`: a pod needs containers; init containers are optional. */
function containerCauses(containers: unknown, path: string, atLeastOne: boolean): StatusCause[] {
  if (atLeastOne && objectItems(containers).length === 0) return [required(path)];
  return objectItems(containers).flatMap((c, i) => {
    const at = `${path}[${i}]`;
    const causes: StatusCause[] = [];
    if (typeof c.name !== 'string' || c.name === '') causes.push(required(`${at}.name`));
    if (typeof c.image !== 'string' || c.image === '') causes.push(required(`${at}.image`));
    if (isJsonObject(c.resources)) {
      causes.push(...resourceListCauses(c.resources.limits, `${at}.resources.limits`), ...resourceListCauses(c.resources.requests, `${at}.resources.requests`));
    }
    return causes;
  });
}

function podSpecCauses(spec: unknown, path: string): StatusCause[] {
  const s = isJsonObject(spec) ? spec : {};
  const volumes = objectItems(s.volumes).flatMap((v, i) => {
    const sizeLimit = isJsonObject(v.emptyDir) ? storedOrUndefined(v.emptyDir.sizeLimit, false) : undefined;
    return sizeLimit?.startsWith('-') ? [forbidden(`${path}.volumes[${i}].emptyDir.sizeLimit`, 'SizeLimit field must be a valid resource quantity')] : [];
  });
  return [...volumes, ...containerCauses(s.containers, `${path}.containers`, true), ...containerCauses(s.initContainers, `${path}.initContainers`, false)];
}

/** A Deployment's own causes, before its pod template's: replicas, then the selector. */
function deploymentCauses(obj: JsonObject): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const causes: StatusCause[] = [];
  if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push(invalidValue('spec.replicas', String(spec.replicas), 'must be greater than or equal to 0'));
  const selector = isJsonObject(spec.selector) ? spec.selector : undefined;
  if (!selector) causes.push(required('spec.selector'));
  const template = isJsonObject(spec.template) ? spec.template : {};
  const templateLabels = stringMap(isJsonObject(template.metadata) ? template.metadata.labels : undefined);
  // A missing selector selects nothing, so it never matches; an empty one selects everything.
  if (!(selector && isEmptySelector(selector)) && !selectorMatches(selector, templateLabels ?? {})) {
    causes.push(invalidValue('spec.template.metadata.labels', goStringMapText(templateLabels), '`selector` does not match template `labels`'));
  }
  return causes;
}

function serviceCauses(obj: JsonObject): StatusCause[] {
  const spec = isJsonObject(obj.spec) ? obj.spec : {};
  const headless = spec.clusterIP === 'None';
  return objectItems(spec.ports).length === 0 && !headless && spec.type !== 'ExternalName' ? [required('spec.ports')] : [];
}

/** The spec causes of a built-in object, after its metadata's; kinds not covered here have none. */
export function builtinSpecCauses(kind: string, obj: JsonObject): StatusCause[] {
  // A StatefulSet's pod template is not validated by the real server (v1.20.2 stores one whose
  // container has no image; apps/validation leaves it out on purpose).
  const podPath = kind === 'StatefulSet' ? undefined : podSpecPath(kind);
  return [
    ...(kind === 'Deployment' ? deploymentCauses(obj) : []),
    ...(podPath ? podSpecCauses(valueBelow(obj, podPath), podPath.join('.')) : []),
    ...(kind === 'Service' ? serviceCauses(obj) : []),
  ];
}
