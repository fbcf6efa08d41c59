import type { Config } from "./config/config";
import type { ProviderInfo } from "./graphql/provider-info.type";
import type { Provider } from "./graphql/provider.enum";

/** The example printed at start: it works on the simulators' demo data, pasted as is. */
export function exampleMutation(provider: Provider, groupId: string, userRef: { uuid: string } | { username: string }): string {
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
  return [`  Caller auth: bearer JWT (${keys}); mutations need the scope ${auth.requiredScope}`];
}

export function startBanner(options: {
  url: string;
  config: Pick<Config, "nodeEnv" | "introspection" | "auth">;
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
