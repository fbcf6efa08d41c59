import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dockerfileInstructions } from "../support/dockerfile";

/**
 * Node 24, the active LTS line, everywhere (docs/contract.md §16): package.json's engines, the
 * Node the project brings as a dev dependency (what `npm start` and `npm test` run, since npm
 * scripts find node_modules/.bin first on PATH), the Dockerfile's image, and the Node running
 * these tests. The machines that run `npm ci && npm test` have an older Node of their own.
 */
const MAJOR = 24;
const ROOT = join(__dirname, "..", "..");

const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  engines: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};

function majorOf(version: string): number {
  return Number(/^v?(\d+)\./.exec(version)?.[1]);
}

describe("the runtime", () => {
  it("is named once for all: engines, the project's own Node and the Dockerfile's image are all Node 24", () => {
    expect(packageJson.engines.node).toBe(`>=${MAJOR}`);
    expect(packageJson.devDependencies.node).toMatch(new RegExp(`^[~^]${MAJOR}\\.`));
    const instructions = dockerfileInstructions();
    expect(instructions.filter((i) => i.keyword === "ARG").map((i) => i.rest)).toContainEqual(expect.stringMatching(new RegExp(`^NODE_IMAGE=node:${MAJOR}-`)));
    expect(instructions.filter((i) => i.keyword === "FROM").map((i) => i.rest.split(/\s+/)[0])).toEqual(["${NODE_IMAGE}", "${NODE_IMAGE}"]);
  });

  it("runs these tests, and the `node` they start by name, on Node 24 whatever the machine's own Node is", () => {
    expect(majorOf(process.version)).toBe(MAJOR);
    // container.test.ts starts the Dockerfile's CMD (`node …`) from PATH; others start process.execPath.
    expect(execFileSync("node", ["--version"], { encoding: "utf8" }).trim()).toBe(process.version);
  });

  it("lets the project's Node install its binary where npm blocks unapproved install scripts", () => {
    // The `node` package fetches its binary in a preinstall script; npm 12 skips scripts that
    // allowScripts does not approve, and the tests would run on the machine's Node instead.
    expect(Object.entries(packageJson.allowScripts ?? {}).filter(([name, allowed]) => allowed && /^node(@|$)/.test(name))).toHaveLength(1);
  });
});
