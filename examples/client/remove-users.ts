/**
 * Bulk removal with the typed client: many users out of one group in one call, one answer per
 * ref in the order given.
 *
 *   npm start                                    # the facade with its demo data, in another terminal
 *   npm run example:bulk -- BLUESHIFT grp_orionretail uuid=57fbca61-3eed-43ea-aaa6-c35307296035 email=mia.member@example.com
 *
 * The document and its types come from remove-users.graphql via `npm run codegen`.
 */
import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { execute } from "./execute";
import { RemoveUsersFromGroupDocument, type Provider } from "./generated/graphql";
import { parseUserRef } from "./remove-user";

export type BulkRemovalResult = ResultOf<typeof RemoveUsersFromGroupDocument>["removeUsersFromGroup"];
export type BulkRemovalVariables = VariablesOf<typeof RemoveUsersFromGroupDocument>;

/**
 * Sends the bulk mutation. Every provider answer is in `results`; a top-level error means the
 * request itself was refused (malformed input, more refs than the server's cap), so it throws.
 */
export async function removeUsersFromGroup(url: string, variables: BulkRemovalVariables): Promise<BulkRemovalResult> {
  return (await execute(url, RemoveUsersFromGroupDocument, variables)).removeUsersFromGroup;
}

/** One line per ref, in the order given (results[i] answers refs[i]), then the counts. */
export function describeBulk(refs: readonly string[], bulk: BulkRemovalResult): string {
  const lines = bulk.results.map((result, i) =>
    // Every member but MembershipRemoval implements MembershipError, selected as the fallback branch.
    result.__typename === "MembershipRemoval" ? `${refs[i]}: removed` : `${refs[i]}: ${result.code}: ${result.message}`,
  );
  return [...lines, `removed ${bulk.removed}, not a member ${bulk.notMember}, failed ${bulk.failed}, unknown ${bulk.unknown}`].join("\n");
}

const PROVIDERS: readonly Provider[] = ["BLUESHIFT", "USERGRID"];

async function main(argv: readonly string[]): Promise<void> {
  const [provider, groupId, ...refArguments] = argv;
  const userRefs = refArguments.flatMap((argument) => parseUserRef(argument) ?? []);
  if (!PROVIDERS.includes(provider as Provider) || !groupId || userRefs.length === 0 || userRefs.length !== refArguments.length) {
    process.stderr.write("usage: npm run example:bulk -- <BLUESHIFT|USERGRID> <groupId> <uuid|username|email>=<value>...\n");
    process.exitCode = 2;
    return;
  }
  const url = process.env.FACADE_URL ?? "http://127.0.0.1:4000/";
  const bulk = await removeUsersFromGroup(url, { provider: provider as Provider, groupId, userRefs });
  process.stdout.write(`${describeBulk(refArguments, bulk)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
