// Reads a hub or form document (or one resource entry) by its schema (config-schemas.ts), section
// by section and field by field, so that every problem is reported at once, each with its field
// path, and a field with a problem falls back to its default: the checks that need the whole
// form (ids, dependIds, cycles) still run on the rest.
import * as z from '../contracts/zod-api';
import type { ConfigProblem } from './config-error';
import { describe, fallbackOf, isYamlMap } from './config-schemas';
import { fieldPath } from './field-path';

type Path = (string | number)[];

/** Where problems go: the file, and the resource the fields belong to (if any). */
export interface ProblemSink {
  file: string;
  resourceId?: string;
  problems: ConfigProblem[];
}

function report(sink: ProblemSink, path: Path, message: string): void {
  const field = fieldPath(path);
  sink.problems.push({
    file: sink.file,
    ...(sink.resourceId !== undefined ? { resourceId: sink.resourceId } : {}),
    ...(field !== '' ? { field } : {}),
    message,
  });
}

function isStrict(schema: z.ZodObject): boolean {
  const catchall = (schema as unknown as { _zod: { def: { catchall?: { _zod: { def: { type: string } } } } } })._zod.def.catchall;
  return catchall?._zod.def.type === 'never';
}

/**
 * `value` read by `schema` (a z.object): a missing or non-mapping section is a problem and read as
 * {} (so its required fields are named too); an unknown key is a problem (strict sections).
 */
export function readDocument<S extends z.ZodObject>(schema: S, value: unknown, sink: ProblemSink, path: Path = []): z.output<S> {
  let map: Record<string, unknown> = {};
  if (value === undefined || value === null) report(sink, path, 'is required');
  else if (!isYamlMap(value)) report(sink, path, `must be a mapping, got ${describe(value)}`);
  else map = value;
  const out: Record<string, unknown> = {};
  if (isStrict(schema)) {
    for (const key of Object.keys(map)) if (!(key in schema.shape)) report(sink, [...path, key], 'unknown field');
  } else {
    Object.assign(out, map);
  }
  for (const [key, field] of Object.entries<z.ZodType>(schema.shape)) {
    if (field instanceof z.ZodObject) {
      out[key] = readDocument(field, map[key], sink, [...path, key]);
      continue;
    }
    const result = field.safeParse(map[key]);
    if (result.success) {
      if (result.data !== undefined) out[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) report(sink, [...path, key, ...issue.path.filter((k): k is string | number => typeof k !== 'symbol')], issue.message);
    const fallback = fallbackOf(field);
    if (fallback !== undefined) out[key] = fallback;
  }
  return out as z.output<S>;
}
