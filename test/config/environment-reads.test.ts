import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const SRC = join(__dirname, "..", "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("where the environment is read", () => {
  it("reads process.env only in src/config/ and main.ts, so every variable is declared, bounded and documented in one place", () => {
    const readers = sourceFiles(SRC)
      .filter((file) => readFileSync(file, "utf8").includes("process.env"))
      .map((file) => relative(SRC, file).split("\\").join("/"));
    expect(readers.filter((file) => !file.startsWith("config/") && file !== "main.ts")).toEqual([]);
    expect(readers).toContain("main.ts");
  });
});
