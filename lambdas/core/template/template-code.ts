// The code inside a template's ejs tags, as the static checks see it (DESIGN §3, confined
// templates): `<%= expr %>`, `<%- expr %>`, `<% statements %>` (with ejs's `_` whitespace
// variants); `<%# comments %>` and the `<%%` literal are not code.

export interface TemplateTag {
  /** '=' (escaped output), '-' (raw output), '' (statements). */
  kind: '=' | '-' | '';
  code: string;
}

const TAG = /<%(?!%)([_=#-]?)([\s\S]*?)[_-]?%>/g;

export function templateTags(source: string): TemplateTag[] {
  const tags: TemplateTag[] = [];
  for (const match of source.matchAll(TAG)) {
    const marker = match[1];
    if (marker === '#') continue;
    tags.push({ kind: marker === '=' || marker === '-' ? marker : '', code: match[2] ?? '' });
  }
  return tags;
}
