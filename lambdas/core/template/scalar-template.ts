// A string scalar of a form that holds ejs tags. It remembers whether it was quoted in the
// YAML, because only an unquoted scalar may turn into a number, boolean or null when rendered.
// Plain data: what compiles and renders it (template-compile) stays out of the functions that only read the config.

export class ScalarTemplate {
  constructor(
    /** The scalar's text with its ejs tags. */
    readonly source: string,
    /** Quoted or block scalar: the result always stays a string. */
    readonly quoted: boolean,
  ) {}

  /** JSON of a raw form shows the template text. */
  toJSON(): string {
    return this.source;
  }
}
