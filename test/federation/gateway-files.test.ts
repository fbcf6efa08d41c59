import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { composeSupergraph, expandVariables, readSupergraphConfig } from "../../federation/compose-supergraph";
import { FORWARDED_HEADERS } from "../../federation/forwarded-headers";
import { SCHEMA_DIRECTORY } from "../../src/graphql/schema-files";

const FEDERATION = join(__dirname, "..", "..", "federation");
const SUPERGRAPH_YAML = join(FEDERATION, "supergraph.yaml");
const CHECKED_IN_SUPERGRAPH = readFileSync(join(SCHEMA_DIRECTORY, "supergraph.graphql"), "utf8");

/** The subgraphs of a supergraph SDL, by name, with their routing URLs. */
function graphsOf(supergraphSdl: string): Record<string, string> {
  return Object.fromEntries([...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name, url]) => [name, url]));
}

/**
 * Neither rover nor Apollo Router runs here (binaries downloaded at install), so their files are
 * read as they would read them and held to what this server needs.
 */
describe("federation/supergraph.yaml, in rover's format", () => {
  it("composes, with no routing URL in the environment, exactly the checked-in supergraph", () => {
    expect(composeSupergraph(readSupergraphConfig(SUPERGRAPH_YAML, {}))).toBe(CHECKED_IN_SUPERGRAPH);
  });

  it("takes each subgraph's routing URL from the environment and changes nothing else", () => {
    const env = { MEMBERSHIP_SUBGRAPH_URL: "http://membership.internal:4000/graphql", DIRECTORY_SUBGRAPH_URL: "https://directory.example.com/" };
    const composed = composeSupergraph(readSupergraphConfig(SUPERGRAPH_YAML, env));
    expect(graphsOf(composed)).toEqual({ membership: env.MEMBERSHIP_SUBGRAPH_URL, directory: env.DIRECTORY_SUBGRAPH_URL });
    const withoutUrls = (sdl: string) => sdl.replace(/url: "[^"]+"/g, 'url: ""');
    expect(withoutUrls(composed)).toBe(withoutUrls(CHECKED_IN_SUPERGRAPH));
  });

  it("names the checked-in subgraphs, their schema files, and the composition version the tests compose with", () => {
    const config = readSupergraphConfig(SUPERGRAPH_YAML, {});
    expect(Object.keys(graphsOf(CHECKED_IN_SUPERGRAPH)).sort()).toEqual(config.subgraphs.map((s) => s.name).sort());
    expect(Object.fromEntries(config.subgraphs.map((s) => [s.name, s.schemaFile]))).toEqual({
      membership: join(SCHEMA_DIRECTORY, "subgraph.graphql"),
      directory: join(SCHEMA_DIRECTORY, "directory.graphql"),
    });
    // rover downloads exactly this composition version; the checked-in supergraph is composed with the installed one.
    const installed = (JSON.parse(readFileSync(require.resolve("@apollo/composition/package.json"), "utf8")) as { version: string }).version;
    expect(config.federationVersion).toBe(`=${installed}`);
  });

  it("expands variables as rover does: the value, else the default, else a refusal naming the variable", () => {
    expect(expandVariables("${env.URL:-http://127.0.0.1:4000/}", { URL: "http://set/" })).toBe("http://set/");
    expect(expandVariables("${env.URL:-http://127.0.0.1:4000/}", {})).toBe("http://127.0.0.1:4000/");
    expect(expandVariables("${env.URL:-http://127.0.0.1:4000/}", { URL: "" })).toBe("http://127.0.0.1:4000/");
    expect(() => expandVariables("${env.URL}", {})).toThrow(/URL is not set/);
  });
});

interface HeaderRule {
  propagate?: { named?: string };
}
interface RouterYaml {
  headers: { all: { request: HeaderRule[] }; subgraphs: Record<string, { request: HeaderRule[] }> };
  telemetry: { exporters: { tracing: { propagation: Record<string, boolean> } } };
  include_subgraph_errors: { subgraphs: Record<string, boolean> };
}

describe("federation/router.yaml, for Apollo Router", () => {
  const router = parseYaml(readFileSync(join(FEDERATION, "router.yaml"), "utf8")) as RouterYaml;
  const propagated = (rules: HeaderRule[] | undefined) => (rules ?? []).flatMap((rule) => (rule.propagate?.named === undefined ? [] : [rule.propagate.named.toLowerCase()])).sort();

  it("forwards the caller's token and Idempotency-Key to the membership subgraph, and to no other", () => {
    expect(propagated(router.headers.subgraphs["membership"]?.request)).toEqual([...FORWARDED_HEADERS.membership].sort());
    expect(Object.keys(router.headers.subgraphs)).toEqual(["membership"]);
    expect(propagated(router.headers.all.request)).not.toContain("authorization");
  });

  it("forwards x-request-id to every subgraph", () => {
    expect(propagated(router.headers.all.request)).toEqual([...FORWARDED_HEADERS.all].sort());
  });

  it("continues the caller's W3C trace context to the subgraphs", () => {
    expect(router.telemetry.exporters.tracing.propagation).toEqual({ trace_context: true });
  });

  it("names only subgraphs of the supergraph", () => {
    const names = Object.keys(graphsOf(CHECKED_IN_SUPERGRAPH));
    expect(names).toEqual(expect.arrayContaining([...Object.keys(router.headers.subgraphs), ...Object.keys(router.include_subgraph_errors.subgraphs)]));
  });
});
