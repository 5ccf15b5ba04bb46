// The zod this project uses, re-exported by name. Importing zod's `z` namespace object pulls all of
// zod into every function bundle (about 450 KB minified); named exports let esbuild keep only what
// is used (about 85 KB). Use it as `import * as z from '.../zod-api'`.
export {
  array, boolean, custom, enum, looseObject, null, number, object, preprocess, record, strictObject, string, union, unknown, ZodObject,
} from 'zod';
export type { input, output, ZodType } from 'zod';
