// Stack traces of a bundled function point into the TypeScript sources, as with Node's
// --enable-source-maps, but the source map is read the first time a stack is formatted, not while
// the bundle loads: --enable-source-maps reads and indexes the whole map (1.1-1.7 MB) on every
// cold start, about a tenth of module init (bench/RESULTS.md), for traces only failures print.
import * as fs from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import * as path from 'node:path';

/** V8's call site; its toString is V8's own text for the frame (@types/node omits it). */
type Frame = NodeJS.CallSite & { toString(): string };
type StackFormatter = (error: Error, frames: Frame[]) => string;
/** findEntry's answer also names the identifier there, when the map records one (@types/node omits it). */
type MappedPosition = SourceMapping & { name?: string };

function errorHeader(error: Error): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return '<error>';
  }
}

/** Formats stacks like V8, with the frames in `bundleFile` mapped through `${bundleFile}.map`. */
export function sourceMappedStackFormatter(bundleFile: string): StackFormatter {
  // undefined: not read yet; null: unreadable, frames stay as they are.
  let map: SourceMap | null | undefined;
  const sourceMap = (): SourceMap | null => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(fs.readFileSync(`${bundleFile}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
      } catch {
        map = null;
      }
    }
    return map;
  };

  const mappedEntry = (frame: Frame | undefined, line = frame?.getLineNumber(), column = frame?.getColumnNumber()): MappedPosition | undefined => {
    if (!frame || frame.getFileName() !== bundleFile || line == null || column == null) return undefined;
    const entry = sourceMap()?.findEntry(line - 1, column - 1);
    return entry && 'originalSource' in entry ? entry : undefined;
  };

  // The function's name in the source: the map's name at the function's start, else at its call in
  // the caller (minified names are renamed identifiers, and the map records the original names).
  const sourceName = (frame: Frame, caller: Frame | undefined): string | undefined =>
    mappedEntry(frame, frame.getEnclosingLineNumber(), frame.getEnclosingColumnNumber())?.name || mappedEntry(caller)?.name || undefined;

  const frameText = (frame: Frame, caller: Frame | undefined): string => {
    const entry = mappedEntry(frame);
    if (!entry) return frame.toString();
    const location = `${path.resolve(path.dirname(bundleFile), entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    const functionName = sourceName(frame, caller) ?? (frame.getFunctionName() || frame.getMethodName());
    const typeName = frame.isToplevel() || frame.isConstructor() ? null : frame.getTypeName();
    const name = functionName ? `${frame.isConstructor() ? 'new ' : ''}${typeName ? `${typeName}.` : ''}${functionName}` : '';
    return `${frame.isAsync() ? 'async ' : ''}${name ? `${name} (${location})` : location}`;
  };

  return (error, frames) => [errorHeader(error), ...frames.map((frame, i) => `    at ${frameText(frame, frames[i + 1])}`)].join('\n');
}

/**
 * Maps the stacks of the running bundle, when it has a source map beside it and Node maps none
 * itself. Outside a bundle (tests, tsx) there is no `.map` next to the module: nothing changes.
 */
export function mapBundleStackTraces(bundleFile: string = __filename): void {
  if (process.sourceMapsEnabled || !fs.existsSync(`${bundleFile}.map`)) return;
  Error.prepareStackTrace = sourceMappedStackFormatter(bundleFile);
}
