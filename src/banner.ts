import type { Config } from "./config/config";
import type { Secret } from "./config/secret";
import type { ProviderInfo } from "./graphql/provider-info.type";
import type { Provider } from "./graphql/provider.enum";
import type { DemoRemoval } from "./providers/provider-definition";

/** The example printed at start: it works on the simulators' demo data, pasted as is. */
export function exampleMutation(provider: Provider, { groupId, userRef }: DemoRemoval): string {
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

export function startBanner(options: {
  url: string;
  config: Pick<Config, "nodeEnv" | "introspection" | "auth" | "maxRps"> & { bulkJobs: Pick<Config["bulkJobs"], "redisUrl"> };
  /** Whether the job engine can take jobs now (false while its Redis is unreachable). */
  bulkJobsAvailable: boolean;
  providers: readonly ProviderInfo[];
  simulatorUrls: ReadonlyMap<string, string>;
  example: string | null;
}): string {
  const lines = [`Membership facade (${options.config.nodeEnv}) listening on ${options.url}`];
  if (options.config.introspection) lines.push(`  Apollo Sandbox: open ${options.url} in a browser`);
  for (const info of options.providers) {
    const simulator = options.simulatorUrls.get(info.provider);
    const mode = simulator ? `bundled simulator at ${simulator} (demo data, nothing real is changed)` : `REAL service at ${info.endpoint}`;
    lines.push(`  ${info.provider.padEnd(10)} ${mode}`);
  }
  lines.push(...bulkJobLines(options.config.bulkJobs.redisUrl, options.bulkJobsAvailable));
  lines.push(upstreamBudgetLine(options.config.maxRps, options.config.bulkJobs.redisUrl));
  lines.push(...callerAuthLines(options.config.auth, options.providers.some((p) => p.configured)));
  if (options.example) {
    const body = JSON.stringify({ query: options.example.replace(/\s*\n\s*/g, " ") });
    lines.push(
      "",
      "Try it: paste this into Sandbox (every call removes for real on the simulator; run it twice to see the typed error):",
      "",
      options.example,
      "",
      "or with curl:",
      `  curl -s ${options.url} -H 'content-type: application/json'${options.config.auth ? " -H 'authorization: Bearer <JWT>'" : ""} --data '${body}'`,
    );
  }
  return `${lines.join("\n")}\n`;
}
