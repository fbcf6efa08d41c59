import type { IncomingHttpHeaders } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import type { DocumentNode, GraphQLError, OperationDefinitionNode } from "graphql";
import type { RequestContext } from "../graphql/request-context";

/**
 * One of the server's Apollo Server plugins, with what the fast lane does for it. The lane answers
 * a request without Apollo Server's pipeline, so no Apollo hook runs there: whatever a plugin does
 * must be inert on the lane's requests, left to Apollo by the lane, or done by the lane too.
 * buildServer builds the lane from these counterparts, and runs without it when one is missing.
 */
export interface ServerPlugin {
  /** Names the plugin in the log line that says why the lane is off. */
  readonly name: string;
  readonly apollo: ApolloServerPlugin<RequestContext>;
  /** Null: the lane cannot keep this plugin's promises, and buildServer leaves every request to Apollo Server. */
  readonly lane: LaneCounterpart | null;
}

/** What the fast lane does for one plugin. */
export type LaneCounterpart =
  /** The plugin does nothing for a request the lane answers (it acts at start or shutdown, or is a marker that turns a default off). */
  | { readonly kind: "inert"; readonly why: string }
  /** The lane hands Apollo Server every request the plugin would act on, before it parses anything. */
  | { readonly kind: "declines"; readonly why: string; declines(request: LaneRequest): boolean }
  /** The lane does what the plugin does, at the same points of a request. */
  | { readonly kind: "mirrors"; readonly why: string; readonly hooks: LaneHooks };

/** A request as the lane sees it before parsing: a JSON POST whose body holds a document. */
export interface LaneRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  /** The document's source text, exactly as sent. */
  readonly query: string;
}

/** An operation the lane has parsed, validated and picked from its document, about to run. */
export interface LaneOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly context: RequestContext;
}

/** The lane's answer before it is sent: what Apollo's willSendResponse sees of a response. */
export interface LaneResponse {
  readonly context: RequestContext;
  readonly operationName: string | null;
  readonly status: number;
  readonly errors: readonly GraphQLError[] | undefined;
  /** Lower-case names; a hook may set more, as a plugin sets `response.http.headers`. */
  readonly headers: Map<string, string>;
}

/** The Apollo request hooks the lane runs counterparts of, named as Apollo names them. */
export interface LaneHooks {
  /** The lane parses a document it has not prepared before (Apollo parses one its document store lacks). */
  parsingDidStart?(): void;
  /** Before any resolver runs: "decline" hands the request to Apollo Server, whose plugin then refuses it. */
  didResolveOperation?(operation: LaneOperation): "run" | "decline";
  /** The answer is ready and not yet sent. */
  willSendResponse?(response: LaneResponse): void;
}
