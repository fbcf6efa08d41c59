import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ApolloServerOptions, GraphQLRequestListener } from "@apollo/server";
import { GraphQLError, Kind, type OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../graphql/request-context";
import type { ServerPlugin } from "./lane-counterpart";

/**
 * What codegen's client preset writes for the example client (codegen.yml, persistedDocuments):
 * `{ "<sha256 of the document, hex>": "<the document, normalised>" }`. Two levels up from
 * src/graphql (ts-jest) and dist/graphql (`npm start`) alike.
 */
export const PERSISTED_DOCUMENTS_PATH = join(__dirname, "..", "..", "examples", "client", "generated", "persisted-documents.json");

/** Hash → document. Throws, naming the file, when it cannot be read or a hash is not its document's. */
export function loadTrustedDocuments(path = PERSISTED_DOCUMENTS_PATH): ReadonlyMap<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the persisted-document manifest ${path}: ${(error as Error).message}`);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw new Error(`${path} is not a persisted-document manifest (an object of sha256 hash → document)`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    // A hash that is not its document's would let a by-hash request run something else than listed.
    if (typeof document !== "string" || createHash("sha256").update(document).digest("hex") !== hash) {
      throw new Error(`${path}: the entry ${hash.slice(0, 16)}… is not the sha256 of its document`);
    }
    documents.set(hash, document);
  }
  return documents;
}

type PersistedQueryCache = NonNullable<Exclude<ApolloServerOptions<RequestContext>["persistedQueries"], false | undefined>["cache"]>;

/** Apollo Server prefixes the keys of its persisted-query cache. */
const APQ_PREFIX = "apq:";

/**
 * Apollo Server's persisted-query cache, answered from the manifest: a request carrying only
 * `extensions.persistedQuery.sha256Hash` runs the listed document, and nothing a client sends is
 * ever registered (automatic persisted queries would let any client add its own).
 */
export function manifestQueryCache(documents: ReadonlyMap<string, string>): PersistedQueryCache {
  return {
    get: async (key) => documents.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key),
    set: async () => undefined,
    delete: async () => undefined,
  };
}

/**
 * TRUSTED_DOCUMENTS_ONLY: an operation runs only when its document is in the manifest, sent by
 * hash or as the identical text (Apollo Server hashes every document it receives, so the check is a
 * map lookup). With `allowIntrospection` (development), schema introspection and federation's
 * `_service` also run, so Sandbox and a gateway's IntrospectAndCompose keep working.
 */
export function trustedDocumentsPlugin(documents: ReadonlyMap<string, string>, options: { allowIntrospection: boolean }): ServerPlugin {
  const listener: GraphQLRequestListener<RequestContext> = {
    async didResolveOperation({ queryHash, operation }) {
      if (documents.has(queryHash)) return;
      if (options.allowIntrospection && operation && asksOnlyForTheSchema(operation)) return;
      throw new GraphQLError("This server runs only its trusted documents (TRUSTED_DOCUMENTS_ONLY); this operation is not one of them.", {
        // Apollo Router's code for a freeform operation outside its safelist.
        extensions: { code: "QUERY_NOT_IN_SAFELIST", http: { status: 400 } },
      });
    },
  };
  const sources: ReadonlySet<string> = new Set(documents.values());
  return {
    name: "trustedDocumentsPlugin",
    apollo: { requestDidStart: async () => listener },
    lane: {
      kind: "declines",
      why: "Apollo Server refuses a document outside the manifest (or lets introspection through); the lane runs only the manifest's",
      declines: ({ query }) => !sources.has(query),
    },
  };
}

function asksOnlyForTheSchema(operation: OperationDefinitionNode): boolean {
  return (
    operation.operation === "query" &&
    operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value.startsWith("__") || s.name.value === "_service"))
  );
}
