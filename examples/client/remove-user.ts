/**
 * A typed client for the membership facade, in plain `fetch`: what a frontend needs to remove a user
 * from a group and show every outcome.
 *
 *   npm start                                    # the facade with its demo data, in another terminal
 *   npm run example -- BLUESHIFT grp_orionretail uuid=57fbca61-3eed-43ea-aaa6-c35307296035
 *   FACADE_URL=http://127.0.0.1:4000/ npm run example -- USERGRID someGroup username=someUser
 *
 * It sends an Idempotency-Key with the removal and retries with the same key, so a retry after a
 * lost answer gets the first answer back instead of MembershipNotFoundError (docs/contract.md §9);
 * then it sends the request once more with that key, as a client that lost the answer would, and
 * shows that the server replayed it.
 *
 * The document and its types come from remove-user.graphql via `npm run codegen`.
 */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { execute, executeAnswer, RequestRefusedError, type ExecuteOptions } from "./execute";
import { RemoveUserFromGroupDocument, type Provider, type UserRef } from "./generated/graphql";

export type RemovalResult = ResultOf<typeof RemoveUserFromGroupDocument>["removeUserFromGroup"];
export type RemovalVariables = VariablesOf<typeof RemoveUserFromGroupDocument>;

/**
 * Sends the mutation and returns its result. Every answer of the provider is in the result; a
 * top-level error means the request itself was refused (malformed input, not signed in), so it throws.
 */
export async function removeUserFromGroup(url: string, variables: RemovalVariables, options: ExecuteOptions = {}): Promise<RemovalResult> {
  return (await execute(url, RemoveUserFromGroupDocument, variables, options)).removeUserFromGroup;
}

/**
 * Refusals that a retry with the same key outlives: the first attempt still running, too many of
 * this caller's keyed requests running at once, or the server's records unreachable for a moment.
 * A refusal is not kept for the key, so the retry runs.
 */
const PASSING_REFUSALS: ReadonlySet<string | undefined> = new Set(["IDEMPOTENCY_KEY_IN_USE", "TOO_MANY_IDEMPOTENT_REQUESTS", "SERVICE_UNAVAILABLE"]);

export interface RetryOptions extends ExecuteOptions {
  /** One key per removal the user asked for; every retry of it sends the same one. */
  idempotencyKey: string;
  /** Tries in all; 4 unless given. */
  attempts?: number;
  /** The pause before the first retry, doubled before each next one; 500 ms unless given. */
  pauseMs?: number;
}

/**
 * Removes with an Idempotency-Key, retrying with the same key when the answer was lost (the
 * connection failed) or the server asked to come back (409 IDEMPOTENCY_KEY_IN_USE, 429, 503): the
 * server runs the removal at most once, and a retry gets its answer, `replayed`. A retryable result
 * (RateLimitedError, UpstreamUnavailableError, OutcomeUnknownError) is returned, not retried here;
 * sending it again later with the same key runs it anew (docs/contract.md §9), and after
 * OutcomeUnknownError the server still counts the earlier attempt, so a "not a member" then cannot
 * hide the removal it may have made.
 */
export async function removeUserFromGroupWithRetries(url: string, variables: RemovalVariables, options: RetryOptions): Promise<{ result: RemovalResult; replayed: boolean }> {
  const attempts = options.attempts ?? 4;
  let pauseMs = options.pauseMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      const answer = await executeAnswer(url, RemoveUserFromGroupDocument, variables, options);
      return { result: answer.data.removeUserFromGroup, replayed: answer.replayed };
    } catch (error) {
      if (attempt >= attempts || !worthRetrying(error)) throw error;
      await sleep(pauseMs);
      pauseMs *= 2;
    }
  }
}

/** fetch rejects with a TypeError when the connection fails: the removal may or may not have run, which the key makes safe to ask again. */
function worthRetrying(error: unknown): boolean {
  return error instanceof RequestRefusedError ? PASSING_REFUSALS.has(error.code) : error instanceof TypeError;
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
  const variables = { provider: provider as Provider, groupId, userRef };
  const idempotencyKey = randomUUID();
  const { result } = await removeUserFromGroupWithRetries(url, variables, { idempotencyKey });
  process.stdout.write(`${result.__typename}: ${describeOutcome(result)}\n`);

  // What a client whose connection dropped before the answer arrived would do: the same request, the same key.
  const retry = await removeUserFromGroupWithRetries(url, variables, { idempotencyKey });
  const how = retry.replayed ? "the server replayed its first answer (Idempotent-Replayed: true)" : "the server ran it again";
  process.stdout.write(`Sent again with Idempotency-Key ${idempotencyKey}: ${how}: ${retry.result.__typename}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
