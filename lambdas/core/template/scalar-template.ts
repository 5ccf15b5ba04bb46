// A string scalar of a form that holds ejs tags. It remembers whether it was quoted in the
// YAML, because only an unquoted scalar may turn into a number, boolean or null when rendered.
import { compileTemplate, type CompiledTemplate } from './template-compile';

export class ScalarTemplate {
  private compiled: CompiledTemplate | undefined;

  constructor(
    /** The scalar's text with its ejs tags. */
    readonly source: string,
    /** Quoted or block scalar: the result always stays a string. */
    readonly quoted: boolean,
  ) {}

  /** Compiles (cached); throws TemplateSyntaxError. */
  compile(): CompiledTemplate {
    if (!this.compiled) this.compiled = compileTemplate(this.source);
    return this.compiled;
  }

  /** JSON of a raw form shows the template text. */
  toJSON(): string {
    return this.source;
  }
}
