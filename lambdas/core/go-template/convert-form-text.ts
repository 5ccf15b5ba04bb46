// Rewrites the Go templates of one config file into ejs, in the file's own text: comments, key
// order and formatting stay as they were; only the scalars that hold a Go template change.
// A scalar that cannot be converted keeps its Go template (which still works) and is reported.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar, type Node as YamlNode } from 'yaml';
import { setAsideTemplateTags } from '../template-tags';
import { templateEngineOf } from '../template-compile';
import { fieldPath } from '../field-path';
import { goTemplateToEjs } from './go-to-ejs';

export interface ConversionNote {
  line: number;
  /** Field path inside the document (e.g. spec.deployments[0].nameTemplate). */
  field: string;
  reason: string;
}

export interface FileConversion {
  text: string;
  converted: number;
  notConverted: ConversionNote[];
}

/** A double-quoted YAML body for the ejs text: YAML escapes outside tags; tags as written (they are set aside when read). */
function doubleQuoted(ejs: string): string {
  return `"${ejs.split(/(<%(?!%)[\s\S]*?%>)/).map((part, i) => (i % 2 === 1 ? part : part.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t'))).join('')}"`;
}

function singleQuoted(ejs: string): string {
  return `'${ejs.split(/(<%(?!%)[\s\S]*?%>)/).map((part, i) => (i % 2 === 1 ? part : part.replace(/'/g, "''"))).join('')}'`;
}

export function convertFormText(original: string): FileConversion {
  const tags = setAsideTemplateTags(original);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const notConverted: ConversionNote[] = [];
  let converted = 0;

  const visitScalar = (node: Scalar, keys: Array<string | number>): void => {
    if (typeof node.value !== 'string' || !node.range) return;
    const value = tags.restore(node.value, node.type);
    if (!value.includes('{{') || templateEngineOf(value) !== 'go') return;
    const line = tags.lineOf(node.range[0]);
    const field = fieldPath(keys, '') || '(document)';
    if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
      notConverted.push({ line, field, reason: 'a block scalar (| or >) is left as a Go template' });
      return;
    }
    let result;
    try {
      result = goTemplateToEjs(value);
    } catch (error) {
      notConverted.push({ line, field, reason: (error as Error).message });
      return;
    }
    // Lynq's typed pipelines are native even when quoted; in ejs only an unquoted scalar is typed.
    const plain = node.type === Scalar.PLAIN || result.typed;
    const text = plain ? result.ejs : node.type === Scalar.QUOTE_SINGLE ? singleQuoted(result.ejs) : doubleQuoted(result.ejs);
    edits.push({ start: node.range[0], end: node.range[1], text });
    converted += 1;
  };

  const visit = (node: unknown, keys: Array<string | number>): void => {
    if (isScalar(node)) visitScalar(node as Scalar, keys);
    else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...keys, i]));
    else if (isMap(node)) {
      for (const pair of node.items) {
        const keyText = isScalar(pair.key) ? tags.restore(String((pair.key as Scalar).value), (pair.key as Scalar).type) : '';
        if (isScalar(pair.key)) visitScalar(pair.key as Scalar, [...keys, keyText]);
        visit(pair.value as YamlNode, [...keys, keyText]);
      }
    }
  };

  for (const doc of parseAllDocuments(tags.text, { prettyErrors: false })) {
    if (!('contents' in doc) || doc.errors.length > 0) continue;
    visit(doc.contents, []);
  }

  let text = tags.text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return { text: tags.restore(text), converted, notConverted };
}
