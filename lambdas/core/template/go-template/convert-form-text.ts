// Rewrites the Go templates of one config file into ejs, in the file's own text: comments, key
// order and formatting stay as they were; only the scalars that hold a Go template change.
// A scalar that cannot be converted keeps its Go template (which still works) and is reported.
import { isMap, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import { setAsideTemplateTags } from '../template-tags';
import { templateEngineOf } from '../template-compile';
import { fieldPath } from '../../config/field-path';
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
    const source = tags.text.slice(node.range[0], node.range[1]);
    const header = node.type === Scalar.BLOCK_LITERAL ? /^\|-?(?=[ \t]*(#.*)?\n)/.exec(source) : null;
    if (node.type === Scalar.BLOCK_FOLDED || (node.type === Scalar.BLOCK_LITERAL && !header)) {
      notConverted.push({ line, field, reason: 'a folded (>) or keep/indented (|+, |2) block scalar is left as a Go template' });
      return;
    }
    let result;
    try {
      result = goTemplateToEjs(value);
    } catch (error) {
      notConverted.push({ line, field, reason: (error as Error).message });
      return;
    }
    let text: string;
    if (header) {
      // A literal block: the same header, each line of the ejs text at the block's indentation.
      const indent = /\n([ ]+)\S/.exec(source)?.[1] ?? '  ';
      const body = result.ejs.endsWith('\n') ? result.ejs.slice(0, -1) : result.ejs;
      text = `${source.slice(0, source.indexOf('\n'))}\n${body.split('\n').map((l) => (l === '' ? '' : indent + l)).join('\n')}\n`;
    } else {
      // Lynq's typed pipelines are native even when quoted; in ejs only an unquoted scalar is typed.
      const plain = node.type === Scalar.PLAIN || result.typed;
      text = plain ? result.ejs : node.type === Scalar.QUOTE_SINGLE ? singleQuoted(result.ejs) : doubleQuoted(result.ejs);
    }
    edits.push({ start: node.range[0], end: node.range[1], text });
    converted += 1;
  };

  const visit = (node: unknown, keys: Array<string | number>): void => {
    if (isScalar(node)) visitScalar(node, keys);
    else if (isSeq(node)) node.items.forEach((item, i) => { visit(item, [...keys, i]); });
    else if (isMap(node)) {
      for (const pair of node.items) {
        const keyText = isScalar(pair.key) ? tags.restore(String(pair.key.value), pair.key.type) : '';
        if (isScalar(pair.key)) visitScalar(pair.key, [...keys, keyText]);
        visit(pair.value, [...keys, keyText]);
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
