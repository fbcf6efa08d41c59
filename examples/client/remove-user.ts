/**
 * A typed client for the membership facade, in plain `fetch`: what a frontend needs to remove a user
 * from a group and show every outcome.
 *
 *   npm start                                    # the facade with its demo data, in another terminal
 *   npm run example -- BLUESHIFT grp_orionretail uuid=57fbca61-3eed-43ea-aaa6-c35307296035
 *   FACADE_URL=http://127.0.0.1:4000/ npm run example -- USERGRID someGroup username=someUser
 *
 * The document and its types come from remove-user.graphql via `npm run codegen`.
 */
import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { execute } from "./execute";
import { RemoveUserFromGroupDocument, type Provider, type UserRef } from "./generated/graphql";

export type RemovalResult = ResultOf<typeof RemoveUserFromGroupDocument>["removeUserFromGroup"];
export type RemovalVariables = VariablesOf<typeof RemoveUserFromGroupDocument>;

/**
 * Sends the mutation and returns its result. Every answer of the provider is in the result; a
 * top-level error means the request itself was refused (malformed input, not signed in), so it throws.
 */
export async function removeUserFromGroup(url: string, variables: RemovalVariables): Promise<RemovalResult> {
  return (await execute(url, RemoveUserFromGroupDocument, variables)).removeUserFromGroup;
}

/** One sentence per outcome, as a UI would show it. */
export function describeOutcome(result: RemovalResult): string {
  switch (result.__typename) {
    case "MembershipRemoval": {
      const who = result.user.email ?? result.user.username ?? result.user.id;
      return `Removed ${who} from ${result.group.provider} group ${result.group.id} at ${result.removedAt}.`;
    }
    case "RateLimitedError":
      return `${result.message} Try again in ${result.retryAfterSeconds ?? "a few"} seconds.`;
    case "OutcomeUnknownError":
      return `${result.message} (${result.attempts} attempts; removing again is safe.)`;
    case "UnsupportedUserRefError":
      return `${result.message} Use one of: ${result.supported.join(", ")}.`;
    default:
      // Every other member implements MembershipError, and so will any error type the server adds
      // later: selecting `... on MembershipError` keeps this branch meaningful for those too.
      return `${result.code}: ${result.message}${result.retryable ? " (worth retrying)" : ""}`;
  }
}

const PROVIDERS: readonly Provider[] = ["BLUESHIFT", "USERGRID"];

/** `uuid=…`, `username=…` or `email=…`: UserRef takes exactly one of them. */
export function parseUserRef(argument: string): UserRef | undefined {
  const [kind, ...rest] = argument.split("=");
  const value = rest.join("=");
  if (!value || (kind !== "uuid" && kind !== "username" && kind !== "email")) return undefined;
  return { [kind]: value };
}

async function main(argv: readonly string[]): Promise<void> {
  const [provider, groupId, userRefArgument = ""] = argv;
  const userRef = parseUserRef(userRefArgument);
  if (!PROVIDERS.includes(provider as Provider) || !groupId || !userRef) {
    process.stderr.write("usage: npm run example -- <BLUESHIFT|USERGRID> <groupId> <uuid|username|email>=<value>\n");
    process.exitCode = 2;
    return;
  }
  const url = process.env.FACADE_URL ?? "http://127.0.0.1:4000/";
  const result = await removeUserFromGroup(url, { provider: provider as Provider, groupId, userRef });
  process.stdout.write(`${result.__typename}: ${describeOutcome(result)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
