import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { parse as parseYaml } from "yaml";

/** One subgraph of a rover supergraph config, with its variables expanded. */
export interface SubgraphEntry {
  name: string;
  routingUrl: string;
  /** Absolute: rover reads `schema.file` relative to the config file. */
  schemaFile: string;
}

export interface SupergraphConfig {
  /** As written, e.g. `=2.14.4`: rover composes with exactly that version of @apollo/composition. */
  federationVersion: string;
  subgraphs: SubgraphEntry[];
}

type Environment = Readonly<Record<string, string | undefined>>;

const VARIABLE = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * rover's variable expansion (the syntax of Apollo Router's configuration files): `${env.NAME}`
 * is the variable, and refused when it is unset, as rover refuses it; `${env.NAME:-default}` is
 * the default when the variable is unset or empty.
 */
export function expandVariables(value: string, env: Environment): string {
  return value.replace(VARIABLE, (_match, name: string, fallback: string | undefined) => {
    const set = env[name];
    if (set !== undefined && set !== "") return set;
    if (fallback !== undefined) return fallback;
    throw new Error(`${name} is not set, and federation/supergraph.yaml gives it no default`);
  });
}

function stringAt(value: unknown, where: string): string {
  if (typeof value !== "string") throw new Error(`${where} must be a string`);
  return value;
}

/**
 * Reads a supergraph config in rover's format. Only what this project uses is understood: a
 * `routing_url` and a local `schema.file` per subgraph; anything else (subgraph_url, graphref) is
 * refused rather than ignored.
 */
export function readSupergraphConfig(path: string, env: Environment): SupergraphConfig {
  const raw: unknown = parseYaml(readFileSync(path, "utf8"));
  if (typeof raw !== "object" || raw === null) throw new Error(`${path} is not a YAML mapping`);
  const { federation_version: version, subgraphs } = raw as Record<string, unknown>;
  if (typeof subgraphs !== "object" || subgraphs === null) throw new Error(`${path} has no subgraphs`);
  return {
    federationVersion: stringAt(version, "federation_version"),
    subgraphs: Object.entries(subgraphs as Record<string, unknown>).map(([name, entry]) => {
      const { routing_url: routingUrl, schema } = (entry ?? {}) as Record<string, unknown>;
      const { file } = (schema ?? {}) as Record<string, unknown>;
      return {
        name,
        routingUrl: expandVariables(stringAt(routingUrl, `subgraphs.${name}.routing_url`), env),
        schemaFile: resolve(dirname(path), expandVariables(stringAt(file, `subgraphs.${name}.schema.file`), env)),
      };
    }),
  };
}

/** The supergraph SDL a gateway or router is started with, composed as rover composes it. */
export function composeSupergraph(config: SupergraphConfig): string {
  const result = composeServices(config.subgraphs.map(({ name, routingUrl, schemaFile }) => ({ name, url: routingUrl, typeDefs: parse(readFileSync(schemaFile, "utf8")) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => e.message).join("\n")}`);
  return `${result.supergraphSdl}\n`;
}

/**
 * `npm run supergraph [-- --config <file>] [-- --output <file>]`: composes federation/supergraph.yaml
 * with the routing URLs of this environment (MEMBERSHIP_SUBGRAPH_URL, DIRECTORY_SUBGRAPH_URL) and
 * prints the supergraph, or writes it to the output file. schema/supergraph.graphql stays as
 * `npm run schema:write` makes it, with the default URLs.
 */
function main(args: readonly string[]): void {
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at === -1 ? undefined : args[at + 1];
  };
  const supergraph = composeSupergraph(readSupergraphConfig(option("--config") ?? "federation/supergraph.yaml", process.env));
  const output = option("--output");
  if (output === undefined) process.stdout.write(supergraph);
  else {
    writeFileSync(output, supergraph);
    process.stderr.write(`wrote ${output}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
