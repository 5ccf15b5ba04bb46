// Parses a form or hub file: ejs tags set aside, YAML parsed with the `yaml` Document API
// (which tells quoted from plain scalars), tags put back. Strings holding tags become
// ScalarTemplate objects; every other scalar keeps the type YAML gave it.
import { parseAllDocuments, isAlias, isMap, isScalar, isSeq, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { ConfigProblem } from '../config/config-error';
import { ScalarTemplate } from './scalar-template';
import { isTemplateText, setAsideTemplateTags, type SetAsideTags } from './template-tags';
import { setOwn } from './own-property';

export interface ParsedDocument {
  /** Plain objects, arrays and scalars; ScalarTemplate where a string holds ejs tags. */
  tree: unknown;
  /** 1-based line where the document starts, for messages. */
  line: number;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  problems: ConfigProblem[];
}

const MAX_ALIAS_DEPTH = 50;
/**
 * Nodes that aliases may add to a document. Each alias copies its anchor's whole subtree, so ten
 * levels of ten aliases ("billion laughs") are a billion nodes from a few hundred bytes: bounded,
 * a form is refused long before that instead of hanging validate.
 */
export const MAX_ALIAS_NODES = 10_000;

interface Budget {
  aliasNodes: number;
  exceeded: boolean;
}

function toTree(node: unknown, doc: Document, tags: SetAsideTags, file: string, problems: ConfigProblem[], depth: number, budget: Budget, inAlias = false): unknown {
  if (node === null || node === undefined || budget.exceeded) return null;
  if (depth > MAX_ALIAS_DEPTH) {
    problems.push({ file, message: 'YAML nesting (or alias recursion) is too deep' });
    return null;
  }
  if (inAlias && ++budget.aliasNodes > MAX_ALIAS_NODES) {
    budget.exceeded = true;
    problems.push({ file, message: `YAML aliases expand to more than ${MAX_ALIAS_NODES} nodes (an alias bomb?); write the repeated parts out or use fewer aliases` });
    return null;
  }
  if (isAlias(node)) return toTree(node.resolve(doc), doc, tags, file, problems, depth + 1, budget, true);
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value !== 'string') return typeof value === 'bigint' ? Number(value) : value;
    const text = tags.restore(value, node.type);
    if (!isTemplateText(text)) return text;
    // Block scalars (| and >) are strings in YAML whatever they contain: treat them as quoted.
    return new ScalarTemplate(text, node.type !== Scalar.PLAIN);
  }
  if (isSeq(node)) return node.items.map((item) => toTree(item, doc, tags, file, problems, depth + 1, budget, inAlias));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = pair.key;
      if (key !== null && !isScalar(key)) {
        const line = tags.lineOf((key as YamlNode).range?.[0] ?? 0);
        problems.push({ file, message: `line ${line}: complex (non-scalar) mapping keys are not supported` });
        continue;
      }
      const name = key === null ? '' : tags.restore(String(key.value), key.type);
      setOwn(out, name, toTree(pair.value, doc, tags, file, problems, depth + 1, budget, inAlias));
    }
    return out;
  }
  return null;
}

export function parseTemplateDocuments(text: string, file: string): ParsedFile {
  const tags = setAsideTemplateTags(text);
  const problems: ConfigProblem[] = tags.unclosedTagLines.map((line, i) => ({
    file,
    message: tags.unclosedTagOpeners[i] === '{{'
      ? `line ${line}: Go template action '{{' is never closed with '}}'`
      : `line ${line}: ejs tag '<%' is never closed with '%>'`,
  }));
  const documents: ParsedDocument[] = [];
  for (const doc of parseAllDocuments(tags.text, { prettyErrors: false, uniqueKeys: true })) {
    if (!('contents' in doc)) continue; // an empty stream
    if (doc.errors.length > 0) {
      // The first error is the one to fix: the parser's later ones mostly follow from it.
      const [error] = doc.errors;
      const line = tags.lineOf(error?.pos[0] ?? 0);
      const message = tags.restore(error?.message.split('\n')[0] ?? 'invalid YAML');
      const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more error(s) after it)` : '';
      problems.push({ file, message: `line ${line}: malformed YAML: ${message}${more}` });
      continue;
    }
    if (doc.contents === null) continue;
    const line = tags.lineOf(doc.contents.range[0]);
    documents.push({ tree: toTree(doc.contents, doc, tags, file, problems, 0, { aliasNodes: 0, exceeded: false }), line });
  }
  return { documents, problems };
}
