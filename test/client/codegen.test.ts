import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { generate, loadCodegenConfig } from "@graphql-codegen/cli";

const ROOT = join(__dirname, "..", "..");
const GENERATED = join(ROOT, "examples", "client", "generated");

interface GeneratedFile {
  filename: string;
  content: string;
}

describe("the checked-in codegen output (examples/client/generated/)", () => {
  let outputs: GeneratedFile[];
  beforeAll(async () => {
    const { config } = await loadCodegenConfig({ configFilePath: join(ROOT, "codegen.yml") });
    // In memory: nothing is written, so a stale checkout stays visible to the assertions below.
    outputs = await generate({ ...config, cwd: ROOT, silent: true }, false);
  });

  it("is exactly what `npm run codegen` produces from schema/api.graphql and the example documents", () => {
    const produced = Object.fromEntries(outputs.map(({ filename, content }) => [relative(ROOT, resolve(ROOT, filename)), content]));
    const checkedIn = Object.fromEntries(Object.keys(produced).map((file) => [file, readFileSync(join(ROOT, file), "utf8")]));
    expect(checkedIn).toEqual(produced);
  });

  it("holds no file that codegen no longer writes", () => {
    const written = outputs.map(({ filename }) => relative(GENERATED, resolve(ROOT, filename))).sort();
    expect(readdirSync(GENERATED).sort()).toEqual(written);
  });

  it("lists the result union's and the error interface's members for normalized caches", () => {
    const possibleTypes = outputs.find(({ filename }) => filename.endsWith("possible-types.ts"))?.content ?? "";
    expect(possibleTypes).toContain('"RemoveUserFromGroupResult": [');
    expect(possibleTypes).toContain('"MembershipError": [');
  });
});
