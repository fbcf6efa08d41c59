import type { Config } from "./config/config";
import type { Secret } from "./config/secret";
import type { ProviderInfo } from "./graphql/provider-info.type";
import type { Provider } from "./graphql/provider.enum";
import type { DemoRemoval } from "./providers/provider-definition";
import { definitionOf, PROVIDER_KEYS } from "./providers/registry";

/** A removal that works on one provider's demo data: the banner's example, and Sandbox's first document. */
export interface Demo {
  provider: Provider;
  removal: DemoRemoval;
}

/** The demo of the first provider, in the registry's order, that a bundled simulator serves; null when none does. */
export function demoOf(simulated: (provider: Provider) => boolean): Demo | null {
  const definition = PROVIDER_KEYS.map((key) => definitionOf(key)).find((d) => simulated(d.provider));
  return definition ? { provider: definition.provider, removal: definition.simulator.example } : null;
}

/** The example printed at start and filled into Sandbox: it works on the simulators' demo data, as is. */
export function exampleMutation({ provider, removal: { groupId, userRef } }: Demo): string {
  const [field, value] = Object.entries(userRef)[0] as [string, string];
  return [
    "mutation RemoveDemoUser {",
    `  removeUserFromGroup(provider: ${provider}, groupId: "${groupId}", userRef: { ${field}: "${value}" }) {`,
    "    __typename",
    "    ... on MembershipRemoval { removedAt group { id } user { id email } upstreamRequestId }",
    "    ... on MembershipError { code message retryable }",
    "  }",
    "}",
  ].join("\n");
}

/**
 * A production server simulates a provider only when SIMULATORS=true says so (docs/contract.md §3):
 * said loudly, so that nobody takes a simulator's "removed" for a real user leaving a real group.
 */
function productionSimulatorLines(nodeEnv: Config["nodeEnv"], simulated: readonly string[]): string[] {
  if (nodeEnv !== "production" || simulated.length === 0) return [];
  const which = simulated.length === 1 ? `${simulated[0]} answers from its bundled simulator` : `${simulated.join(", ")} answer from their bundled simulators`;
  return [
    "",
    `  !!! SIMULATORS=true IN PRODUCTION: ${which} (demo data): no real membership is changed, and no answer is about your users.`,
    "      A real deployment sets each provider's variables and leaves SIMULATORS unset.",
  ];
}

/** Said loudly when off: anyone who reaches the port may then remove memberships. */
function callerAuthLines(auth: Config["auth"], realProvider: boolean): string[] {
  if (auth === null) {
    return [
      "",
      realProvider
        ? "  !!! CALLER AUTH IS OFF WITH A REAL PROVIDER (ALLOW_INSECURE=true): anyone who reaches this port can remove real memberships."
        : "  !!! CALLER AUTH IS OFF: anyone who reaches this port can remove memberships (simulators only, demo data).",
      "      Set AUTH_JWKS_URL or AUTH_JWT_SECRET to require a bearer JWT.",
    ];
  }
  const keys = auth.keys.kind === "jwks" ? `keys from ${auth.keys.url}` : "HS256 secret";
  return [`  Caller auth: bearer JWT (${keys}); mutations and Query.bulkRemoval need the scope ${auth.requiredScope}`];
}

/**
 * Where bulk-removal jobs live (docs/contract.md §8): the operator must know whether a restart loses them.
 * The Redis is named by host and port only: its URL may carry a password.
 */
function bulkJobLines(redisUrl: Secret | null, available: boolean): string[] {
  if (redisUrl === null) {
    return ["  Bulk jobs  run in this process: not durable (a restart loses them) and not shared with other instances; set REDIS_URL to keep them on Redis"];
  }
  const { host } = new URL(redisUrl.reveal());
  const lines = [`  Bulk jobs  on Redis at ${host} (BullMQ): durable, shared by every instance on that Redis`];
  if (!available) lines.push("  !!! Redis is unreachable now: startBulkRemoval answers SERVICE_UNAVAILABLE until it is back; single removals are unaffected.");
  return lines;
}

/**
 * The upstream request budget (docs/contract.md §10): whether a provider's cap and Retry-After
 * pauses hold for the fleet or for this process only.
 */
function upstreamBudgetLine(maxRps: Config["maxRps"], redisUrl: Secret | null): string {
  const caps = Object.entries(maxRps).map(([key, rps]) => `${key.toUpperCase()} ${rps === null ? "no cap" : `${rps} requests/s`}`);
  const scope = redisUrl === null ? "this process only (no REDIS_URL)" : "shared by every instance on that Redis, with Retry-After pauses";
  return `  Budget     ${caps.join(", ")}: ${scope}`;
}

/** The typed example client's command for the demo removal (examples/client/remove-user.ts). */
function exampleClientCommand(url: string, { provider, removal: { groupId, userRef } }: Demo): string {
  const [field, value] = Object.entries(userRef)[0] as [string, string];
  return `FACADE_URL=${url} npm run example -- ${provider} ${groupId} ${field}=${value}`;
}

/**
 * The page at / only loads Apollo Sandbox from Apollo's CDN (embeddable-sandbox.cdn.apollographql.com):
 * without internet it stays blank, so the banner says so and names what works offline.
 */
function sandboxLines(url: string, introspection: boolean, demo: Demo | null): string[] {
  if (!introspection) return [];
  return [
    `  Apollo Sandbox: open ${url} in a browser${demo ? " (it opens with the example below filled in)" : ""}`,
    `                  the page loads from Apollo's CDN and needs internet; offline, use curl or the example client (npm run example)`,
  ];
}

function tryItLines(url: string, auth: Config["auth"], introspection: boolean, demo: Demo): string[] {
  const example = exampleMutation(demo);
  const body = JSON.stringify({ query: example.replace(/\s*\n\s*/g, " ") });
  const lines = [
    "",
    introspection
      ? "Try it: Sandbox opens with this mutation; press Run (every call removes for real on the simulator; run it twice to see the typed error):"
      : "Try it (every call removes for real on the simulator; run it twice to see the typed error):",
    "",
    example,
    "",
    "or with curl:",
    `  curl -s ${url} -H 'content-type: application/json'${auth ? " -H 'authorization: Bearer <JWT>'" : ""} --data '${body}'`,
  ];
  // The example client sends no token: it is offered when caller auth is off.
  if (auth === null) lines.push("or with the typed example client:", `  ${exampleClientCommand(url, demo)}`);
  return lines;
}

export function startBanner(options: {
  url: string;
  /** Where Prometheus scrapes (METRICS_PORT). */
  metricsUrl: string;
  config: Pick<Config, "nodeEnv" | "introspection" | "auth" | "maxRps"> & { redis: Pick<Config["redis"], "url"> };
  /** Whether the job engine can take jobs now (false while its Redis is unreachable). */
  bulkJobsAvailable: boolean;
  providers: readonly ProviderInfo[];
  simulatorUrls: ReadonlyMap<string, string>;
  demo: Demo | null;
}): string {
  const lines = [`Membership facade (${options.config.nodeEnv}) listening on ${options.url}`];
  lines.push(...sandboxLines(options.url, options.config.introspection, options.demo));
  for (const info of options.providers) {
    const simulator = options.simulatorUrls.get(info.provider);
    const mode = simulator ? `bundled simulator at ${simulator} (demo data, nothing real is changed)` : `REAL service at ${info.endpoint}`;
    lines.push(`  ${info.provider.padEnd(10)} ${mode}`);
  }
  lines.push(...productionSimulatorLines(options.config.nodeEnv, options.providers.filter((info) => options.simulatorUrls.has(info.provider)).map((info) => info.provider)));
  lines.push(...bulkJobLines(options.config.redis.url, options.bulkJobsAvailable));
  lines.push(upstreamBudgetLine(options.config.maxRps, options.config.redis.url));
  lines.push(`  Metrics    ${options.metricsUrl} (Prometheus, on METRICS_PORT: not on the GraphQL port)`);
  lines.push(...callerAuthLines(options.config.auth, options.providers.some((p) => p.configured)));
  if (options.demo) lines.push(...tryItLines(options.url, options.config.auth, options.config.introspection, options.demo));
  return `${lines.join("\n")}\n`;
}
