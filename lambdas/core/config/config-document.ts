// One config file = one YAML document of one kind (LynqHub or LynqForm): the shared first steps
// of parsing it, before the kind's own decoder reads its fields.
import type { ConfigProblem } from './config-error';
import type { YamlMap } from './config-fields';
import { parseTemplateDocuments } from '../template/template-document';

export function parseSingleDocument<T>(
  text: string, file: string, kind: 'LynqHub' | 'LynqForm',
  decode: (doc: YamlMap, file: string, problems: ConfigProblem[]) => T,
): { value: T | null; problems: ConfigProblem[] } {
  const parsed = parseTemplateDocuments(text, file);
  const problems = [...parsed.problems];
  if (parsed.problems.length > 0) return { value: null, problems };
  if (parsed.documents.length !== 1) {
    problems.push({ file, message: `expected one ${kind} document, found ${parsed.documents.length}` });
    return { value: null, problems };
  }
  const doc = parsed.documents[0]?.tree;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    problems.push({ file, message: 'the document must be a mapping' });
    return { value: null, problems };
  }
  const value = decode(doc as YamlMap, file, problems);
  return { value: problems.length === parsed.problems.length ? value : null, problems };
}
