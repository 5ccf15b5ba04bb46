// DESIGN §3 "typed results": an unquoted scalar takes the YAML 1.2 core-schema type of what it
// rendered to. Only scalars: a rendered value can never become an object or array.
// .inf/.nan are left as strings (JSON, and so the Kubernetes API, cannot carry them), and so is
// an integer too large to hold exactly.

const NULL = /^(~|null|Null|NULL)$/;
const TRUE = /^(true|True|TRUE)$/;
const FALSE = /^(false|False|FALSE)$/;
const DECIMAL_INT = /^[-+]?[0-9]+$/;
const OCTAL_INT = /^0o[0-7]+$/;
const HEX_INT = /^0x[0-9a-fA-F]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

export type TypedScalar = string | number | boolean | null;

function exactInteger(value: number, text: string): TypedScalar {
  return Number.isSafeInteger(value) ? value : text;
}

export function typedScalar(text: string): TypedScalar {
  if (text === '') return '';
  if (NULL.test(text)) return null;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  if (DECIMAL_INT.test(text)) return exactInteger(Number.parseInt(text, 10), text);
  if (OCTAL_INT.test(text)) return exactInteger(Number.parseInt(text.slice(2), 8), text);
  if (HEX_INT.test(text)) return exactInteger(Number.parseInt(text.slice(2), 16), text);
  if (FLOAT.test(text)) return Number.parseFloat(text);
  return text;
}
