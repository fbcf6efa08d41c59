import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readImportGraph, type ImportGraph } from "./import-graph";
import { findCycles, findForbiddenImports, layerFinder, type LayerTable } from "./layer-rules";
import { LAYER_TABLE } from "./layer-table";

const ROOT = join(__dirname, "..", "..");
/** STYLE: one idea per file; a file past this has more than one. */
const MAX_LINES = 400;

const described = (graph: ImportGraph, table: LayerTable) => findForbiddenImports(graph, table).map(({ from, to, why }) => `${from} → ${to} (${why})`);

describe("the layers of src/ (docs/layout.md)", () => {
  const graph = readImportGraph(ROOT, "src");

  it("places every file of src/ in a layer", () => {
    const layerOf = layerFinder(LAYER_TABLE);
    const unplaced = [...graph.keys()].filter((file) => {
      try {
        layerOf(file);
        return false;
      } catch {
        return true;
      }
    });
    expect(unplaced).toEqual([]);
  });

  it("has no import cycle, type-only imports included", () => {
    expect(findCycles(graph).map((loop) => loop.join(" → "))).toEqual([]);
  });

  it("has no import from a lower layer to a higher one, and no simulator imported but by the composition root and the provider wiring", () => {
    expect(described(graph, LAYER_TABLE)).toEqual([]);
  });

  it(`keeps every file of src/ at ${MAX_LINES} lines or fewer`, () => {
    const long = [...graph.keys()]
      .map((file) => [file, readFileSync(join(ROOT, file), "utf8").split("\n").length - 1] as const)
      .filter(([, lines]) => lines > MAX_LINES)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it("would refuse the logger importing the provider registry again: an upward import, and a cycle through Redis back to the logger", () => {
    const tampered = new Map(graph);
    tampered.set("src/log/logger.ts", [...(graph.get("src/log/logger.ts") ?? []), "src/providers/registry.ts"]);

    expect(described(tampered, LAYER_TABLE)).toContain("src/log/logger.ts → src/providers/registry.ts (log imports provider wiring, a higher layer)");
    expect(findCycles(tampered).some((loop) => loop.includes("src/log/logger.ts") && loop.includes("src/providers/registry.ts"))).toBe(true);
  });
});

describe("the layer check", () => {
  const table: LayerTable = {
    layers: [
      { name: "top", rank: 3 },
      { name: "middle", rank: 2 },
      { name: "island", rank: 1.5, importedOnlyBy: ["top"] },
      { name: "bottom", rank: 1 },
    ],
    rules: [
      { files: "src/top.ts", layer: "top" },
      { files: "src/middle/special.ts", layer: "bottom" },
      { files: "src/middle/**", layer: "middle" },
      { files: "src/island/**", layer: "island" },
      { files: "src/bottom/*.ts", layer: "bottom" },
    ],
  };
  const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it("passes a graph whose imports all point down or stay within a layer", () => {
    const graph = graphOf({
      "src/top.ts": ["src/middle/a.ts", "src/island/sim.ts", "src/bottom/x.ts"],
      "src/middle/a.ts": ["src/middle/deep/b.ts", "src/bottom/x.ts"],
      "src/middle/deep/b.ts": ["src/middle/special.ts"],
      "src/middle/special.ts": ["src/bottom/x.ts"],
      "src/island/sim.ts": ["src/bottom/x.ts"],
      "src/bottom/x.ts": [],
    });
    expect(findCycles(graph)).toEqual([]);
    expect(described(graph, table)).toEqual([]);
  });

  it("reports each cycle once, by one loop through its files in import order", () => {
    const graph = graphOf({
      "src/middle/a.ts": ["src/middle/b.ts"],
      "src/middle/b.ts": ["src/middle/c.ts"],
      "src/middle/c.ts": ["src/middle/a.ts", "src/bottom/x.ts"],
      "src/bottom/x.ts": ["src/bottom/x.ts"],
    });
    expect(findCycles(graph)).toEqual(
      expect.arrayContaining([
        ["src/middle/a.ts", "src/middle/b.ts", "src/middle/c.ts", "src/middle/a.ts"],
        ["src/bottom/x.ts", "src/bottom/x.ts"],
      ]),
    );
    expect(findCycles(graph)).toHaveLength(2);
  });

  it("reports an import that runs up the layers, file to file, even within a folder a rule takes apart", () => {
    const graph = graphOf({
      "src/bottom/x.ts": ["src/middle/a.ts"],
      "src/middle/special.ts": ["src/middle/a.ts"],
      "src/middle/a.ts": [],
    });
    expect(described(graph, table)).toEqual([
      "src/bottom/x.ts → src/middle/a.ts (bottom imports middle, a higher layer)",
      "src/middle/special.ts → src/middle/a.ts (bottom imports middle, a higher layer)",
    ]);
  });

  it("reports an island imported by a layer it does not admit, though that layer is above it", () => {
    const graph = graphOf({ "src/middle/a.ts": ["src/island/sim.ts"], "src/island/sim.ts": [] });
    expect(described(graph, table)).toEqual(["src/middle/a.ts → src/island/sim.ts (island may be imported only by top)"]);
  });

  it("refuses a file that no rule places", () => {
    expect(() => layerFinder(table)("src/elsewhere/z.ts")).toThrow("No layer rule places src/elsewhere/z.ts");
    expect(() => layerFinder(table)("src/bottom/nested/y.ts")).toThrow("No layer rule places src/bottom/nested/y.ts");
  });

  it("reads every kind of import as an edge to a file: import type, export from, a folder's index, require and import()", () => {
    const root = mkdtempSync(join(tmpdir(), "layers-"));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write(
      "src/a.ts",
      [
        'import type { B } from "./b";',
        'export { c } from "./c";',
        'export * from "./folder";',
        'const d = require("./d");',
        'const e = import("./e");',
        'import { readFileSync } from "node:fs";',
      ].join("\n"),
    );
    for (const name of ["b", "c", "d", "e"]) write(`src/${name}.ts`, "export {};\n");
    write("src/folder/index.ts", "export {};\n");

    expect(readImportGraph(root, "src").get("src/a.ts")).toEqual(["src/b.ts", "src/c.ts", "src/folder/index.ts", "src/d.ts", "src/e.ts"]);
  });
});
