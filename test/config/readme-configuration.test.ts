import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configurationVariables } from "../../src/config/variables";

/**
 * The variables the README's "## Configuration" table names: every backticked name in the first
 * column of each row (`OTEL_BSP_*` stays a family; `NAME=value` counts as NAME).
 */
function readmeVariables(): string[] {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.split(/^## Configuration$/m)[1];
  if (section === undefined) throw new Error('README.md has no "## Configuration" section');
  const rows = section.split(/^## /m)[0]!.split("\n").filter((line) => line.startsWith("|"));
  const names = rows.slice(2).flatMap((row) => {
    const firstCell = row.split("|")[1] ?? "";
    return [...firstCell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!.replace(/=.*$/, "")).filter((name) => /^[A-Z][A-Z0-9_]*\*?$/.test(name));
  });
  return names;
}

describe("the README's configuration table", () => {
  it("names every variable the configuration module declares, and no other", () => {
    const documented = readmeVariables();
    const declared = configurationVariables();
    expect(documented.length).toBeGreaterThan(30);
    expect({ missingFromReadme: declared.filter((name) => !documented.includes(name)) }).toEqual({ missingFromReadme: [] });
    expect({ notInTheModule: documented.filter((name) => !declared.includes(name)) }).toEqual({ notInTheModule: [] });
  });

  it("names each variable in one row only", () => {
    const documented = readmeVariables();
    expect(documented.filter((name, i) => documented.indexOf(name) !== i)).toEqual([]);
  });
});
