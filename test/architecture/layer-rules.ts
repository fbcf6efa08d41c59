import type { ImportGraph } from "./import-graph";

/**
 * One layer of the server. A file may import its own layer and those of lower rank; `importedOnlyBy`,
 * when given, also names the only layers whose files may import this one (an island such as the
 * bundled simulators, which sits low but is reached from the top alone).
 */
export interface Layer {
  readonly name: string;
  readonly rank: number;
  readonly importedOnlyBy?: readonly string[];
}

/**
 * Which layer a file is in: the first rule whose glob matches its path. In a glob, `*` is any run
 * of characters within one path segment, `**` any run of whole segments, and `**` followed by a
 * slash also matches none.
 */
export interface LayerRule {
  readonly files: string;
  readonly layer: string;
}

export interface LayerTable {
  readonly layers: readonly Layer[];
  readonly rules: readonly LayerRule[];
}

function globToRegExp(glob: string): RegExp {
  let pattern = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i);
    if (glob.startsWith("**/", i)) {
      pattern += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      pattern += ".*";
      i += 1;
    } else if (char === "*") {
      pattern += "[^/]*";
    } else {
      pattern += char.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${pattern}$`);
}

/** A file's layer by the table; throws for a file no rule places, or a rule naming no layer: the table must say where every file sits. */
export function layerFinder(table: LayerTable): (file: string) => Layer {
  const byName = new Map(table.layers.map((layer) => [layer.name, layer]));
  const rules = table.rules.map((rule) => {
    const layer = byName.get(rule.layer);
    if (layer === undefined) throw new Error(`The rule for ${rule.files} names no layer of the table: ${rule.layer}`);
    return { test: globToRegExp(rule.files), layer };
  });
  return (file) => {
    const rule = rules.find(({ test }) => test.test(file));
    if (rule === undefined) throw new Error(`No layer rule places ${file}`);
    return rule.layer;
  };
}

/**
 * Every import cycle of the graph, each as the files of one loop in import order, the first file
 * repeated at the end ("a → b → a"). Found per strongly connected component (Tarjan), so each tangle
 * is reported once, by one loop through it.
 */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;

  const visit = (file: string): void => {
    index.set(file, next);
    lowLink.set(file, next);
    next++;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(file, Math.min(lowLink.get(file) ?? 0, lowLink.get(target) ?? 0));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (lowLink.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = component.length === 1 && (graph.get(file) ?? []).includes(file);
    if (component.length > 1 || selfImport) components.push(component);
  };

  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components.map((component) => loopThrough(graph, new Set(component)));
}

/** One loop through a strongly connected component: a breadth-first path from its first file (by name) back to it. */
function loopThrough(graph: ImportGraph, component: ReadonlySet<string>): string[] {
  const [start] = [...component].sort();
  if (start === undefined) return [];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const target of graph.get(file) ?? []) {
      if (!component.has(target)) continue;
      if (target === start) {
        const loop = [start];
        for (let at = file; at !== start; at = cameFrom.get(at) as string) loop.unshift(at);
        loop.unshift(start);
        return loop;
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** An import the layer table forbids, as "from → to (why)". */
export interface ForbiddenImport {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

/** Every import from a lower layer to a higher one, and every import of an island from a layer it does not admit. */
export function findForbiddenImports(graph: ImportGraph, table: LayerTable): ForbiddenImport[] {
  const layerOf = layerFinder(table);
  const forbidden: ForbiddenImport[] = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from);
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (toLayer.rank > fromLayer.rank) {
        forbidden.push({ from, to, why: `${fromLayer.name} imports ${toLayer.name}, a higher layer` });
      } else if (toLayer !== fromLayer && toLayer.importedOnlyBy !== undefined && !toLayer.importedOnlyBy.includes(fromLayer.name)) {
        forbidden.push({ from, to, why: `${toLayer.name} may be imported only by ${toLayer.importedOnlyBy.join(", ")}` });
      }
    }
  }
  return forbidden;
}
