// What a drift detection round found (issue #13): carried by a repair execution's input and kept on
// the LynqNode's status. Field paths and manager names only, never values; a Secret's no deeper than `.data`.
import * as z from './zod-api';

const text = z.string({ error: 'must be a string' });
const texts = z.array(z.string(), { error: 'must be an array of strings' });

export const DRIFT_REASONS = ['missing', 'fields-taken-over'] as const;

/** One drifted object. */
export const DRIFTED_RESOURCE_SCHEMA = z.object({
  /** Resource id in the form. */
  id: text,
  kind: text,
  name: text,
  namespace: text.optional(),
  reason: z.enum(DRIFT_REASONS, { error: 'must be "missing" or "fields-taken-over"' }),
  /** reason fields-taken-over: the fields (at most a few) and the managers that own them now. */
  fields: texts.optional(),
  managers: texts.optional(),
}, { error: 'must be an object' });

export const DRIFT_REPORT_SCHEMA = z.object({
  /** When the detection round saw it (ISO). */
  detectedAt: text,
  resources: z.array(DRIFTED_RESOURCE_SCHEMA, { error: 'must be a list' }),
}, { error: 'must be an object ({"detectedAt", "resources": [{"id", "kind", "name", "reason"}]})' });

/** status.drift of a LynqNode: the last drift seen and the execution that repairs it. */
export const DRIFT_STATUS_SCHEMA = DRIFT_REPORT_SCHEMA.extend({ repairExecution: text });
