import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";

/** file → the files it imports, every path relative to the repository root with "/" separators. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

function sourceFilesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFilesUnder(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** A relative specifier as Node's resolution reads it for a .ts file: `x.ts`, else `x/index.ts`; null when neither is a file. */
function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = join(dirname(fromFile), specifier);
  for (const candidate of [base, `${base}.ts`, join(base, "index.ts")]) {
    if (candidate.endsWith(".ts") && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * Every file under `folder` (relative to `root`) and the files of the tree it imports, read with
 * TypeScript's own pre-processor: `import`, `import type`, `export … from`, `import()` and
 * `require()` all count, since a type-only import ties two files together for a reader as much as
 * any other. Package imports ("graphql", "node:fs") are not part of the graph.
 */
export function readImportGraph(root: string, folder: string): ImportGraph {
  const toKey = (path: string) => relative(root, path).split(sep).join("/");
  const graph = new Map<string, string[]>();
  for (const file of sourceFilesUnder(join(root, folder))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith("."))
      .map((specifier) => {
        const resolved = resolveSpecifier(file, specifier);
        if (resolved === null) throw new Error(`${toKey(file)} imports "${specifier}", which is no .ts file`);
        return toKey(resolved);
      });
    graph.set(toKey(file), [...new Set(targets)]);
  }
  return graph;
}
