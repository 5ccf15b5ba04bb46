// Errors of the Go-template engine. Every one names where in the template string it happened
// (line and column, 1-based), as ejs syntax errors do, so `validate` can point at it.

export interface TemplatePosition {
  line: number;
  column: number;
}

/** Line and column (1-based) of an offset in a template string. */
export function positionAt(source: string, offset: number): TemplatePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i += 1) {
    if (source.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function describePosition(position: TemplatePosition): string {
  return `line ${position.line}, column ${position.column}`;
}

/** The template does not parse, or calls a function that does not exist or is refused. */
export class GoTemplateSyntaxError extends Error {
  constructor(readonly reason: string, readonly position: TemplatePosition) {
    super(`go template syntax error at ${describePosition(position)}: ${reason}`);
    this.name = 'GoTemplateSyntaxError';
  }
}

/** Rendering failed (a function's error, a wrong type). Never quotes a row value. */
export class GoTemplateExecError extends Error {
  constructor(readonly reason: string, readonly position: TemplatePosition) {
    super(`go template error at ${describePosition(position)}: ${reason}`);
    this.name = 'GoTemplateExecError';
  }
}

/** `missingkey=error`, as in Lynq: `.x` where the data has no `x`. */
export class GoTemplateMissingKeyError extends GoTemplateExecError {
  constructor(readonly key: string, readonly topLevel: boolean, position: TemplatePosition) {
    super(`map has no entry for key "${key}"`, position);
    this.name = 'GoTemplateMissingKeyError';
  }
}
