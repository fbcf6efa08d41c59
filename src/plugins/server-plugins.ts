import type { Server } from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled, ApolloServerPluginUsageReportingDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDisableSuggestions } from "@apollo/server/plugin/disableSuggestions";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import type { Counter } from "prom-client";
import type { RequestContext } from "../graphql/request-context";
import type { RequestLog } from "./request-log";
import { documentsParsedPlugin } from "./documents-parsed.plugin";
import type { LaneCounterpart, ServerPlugin } from "./lane-counterpart";
import { requestLogPlugin } from "./request-log.plugin";
import { requireScopeForMutations } from "./require-scope.plugin";
import { sandboxLandingPage } from "./sandbox-landing-page";
import { trustedDocumentsPlugin } from "./trusted-documents";

/** A gateway asking for a federated trace sends this header; the inline-trace plugin answers it. */
const TRACE_HEADER = "apollo-federation-include-trace";

export interface ServerPluginsOptions {
  httpServer: Server;
  /** How long a shutdown lets requests in flight finish. */
  stopGracePeriodMillis: number;
  requestLog: RequestLog;
  /** graphql_documents_parsed_total. */
  documentsParsed: Counter<"lane">;
  /** TRUSTED_DOCUMENTS_ONLY's manifest (hash → document), and whether introspection passes it; null: any document runs. */
  trustedDocuments: { documents: ReadonlyMap<string, string>; allowIntrospection: boolean } | null;
  /** AUTH_REQUIRED_SCOPE when caller auth is on, else null. */
  requiredScope: string | null;
  /** INTROSPECTION: Sandbox, the landing page, runs on it. */
  introspection: boolean;
  /** The document Sandbox opens with (the start banner's example); null: an empty editor. */
  sandboxDocument: string | null;
  /** Production: validation errors make no "Did you mean …?" suggestions. */
  hideSchemaDetails: boolean;
}

/**
 * Every Apollo Server plugin this server installs, in the order Apollo runs them, each with what
 * the fast lane does for it. Apollo Server installs a few plugins of its own unless told
 * otherwise (cache control, usage reporting, inline trace, a landing page, no suggestions); each
 * is named here, so that nothing runs on Apollo's requests that the list does not account for.
 */
export function serverPlugins(options: ServerPluginsOptions): ServerPlugin[] {
  return [
    {
      name: "ApolloServerPluginDrainHttpServer",
      apollo: ApolloServerPluginDrainHttpServer({ httpServer: options.httpServer, stopGracePeriodMillis: options.stopGracePeriodMillis }),
      lane: { kind: "inert", why: "it acts at shutdown, and from then on the lane hands every request to Apollo Server, which refuses it" },
    },
    requestLogPlugin(options.requestLog),
    documentsParsedPlugin(options.documentsParsed),
    ...(options.trustedDocuments ? [trustedDocumentsPlugin(options.trustedDocuments.documents, { allowIntrospection: options.trustedDocuments.allowIntrospection })] : []),
    ...(options.requiredScope === null ? [] : [requireScopeForMutations(options.requiredScope)]),
    {
      // A subgraph reports traces to the gateway only when asked; installed explicitly, as Apollo
      // Server otherwise installs it with a log line at every start.
      name: "ApolloServerPluginInlineTrace",
      apollo: ApolloServerPluginInlineTrace(),
      lane: { kind: "declines", why: "a gateway asking for a trace gets it from Apollo Server", declines: ({ headers }) => headers[TRACE_HEADER] !== undefined },
    },
    {
      // Cache hints mean nothing for a mutation facade, and the default cache-control plugin
      // wraps every field resolver of every request to compute them.
      name: "ApolloServerPluginCacheControlDisabled",
      apollo: ApolloServerPluginCacheControlDisabled(),
      lane: { kind: "inert", why: "it only keeps Apollo Server from installing cache control, which the lane has no counterpart of either" },
    },
    {
      // A subgraph's usage is reported by its gateway; Apollo's own plugin, installed whenever
      // APOLLO_KEY and APOLLO_GRAPH_REF are set, would skip a subgraph anyway.
      name: "ApolloServerPluginUsageReportingDisabled",
      apollo: ApolloServerPluginUsageReportingDisabled(),
      lane: { kind: "inert", why: "it only keeps Apollo Server from installing usage reporting" },
    },
    ...(options.hideSchemaDetails
      ? [
          {
            // What hideSchemaDetailsFromClientErrors installs; named here so the list is whole.
            name: "ApolloServerPluginDisableSuggestions",
            apollo: ApolloServerPluginDisableSuggestions(),
            lane: { kind: "inert", why: "it edits validation errors, and the lane runs only documents that validated" } as const,
          },
        ]
      : []),
    // Sandbox runs on introspection: without it the page would open on an empty schema.
    options.introspection
      ? {
          name: "sandboxLandingPage (ApolloServerPluginLandingPageLocalDefault)",
          apollo: sandboxLandingPage(options.sandboxDocument),
          lane: { kind: "declines", why: "it serves Sandbox to a browser's GET", declines: ({ method }) => method === "GET" },
        }
      : {
          name: "ApolloServerPluginLandingPageDisabled",
          apollo: ApolloServerPluginLandingPageDisabled(),
          lane: { kind: "inert", why: "it only keeps Apollo Server from installing a landing page" },
        },
  ];
}

/** A plugin a test or a deployment adds: a registry entry, or a bare Apollo plugin, which has no lane counterpart. */
export type ExtraPlugin = ServerPlugin | ApolloServerPlugin<RequestContext>;

/** Extra plugins as entries; a bare Apollo plugin is named by its place in the list. */
export function asServerPlugins(extras: readonly ExtraPlugin[]): ServerPlugin[] {
  return extras.map((extra, index) => (isServerPlugin(extra) ? extra : { name: `plugins[${index}] (an Apollo plugin without a lane counterpart)`, apollo: extra, lane: null }));
}

function isServerPlugin(plugin: ExtraPlugin): plugin is ServerPlugin {
  return "apollo" in plugin && "lane" in plugin && "name" in plugin;
}

/** Whether the fast lane can keep every plugin's promises: their counterparts if so, else the plugins it cannot. */
export type LaneCoverage = { covered: true; counterparts: readonly LaneCounterpart[] } | { covered: false; uncovered: readonly ServerPlugin[] };

export function laneCoverage(plugins: readonly ServerPlugin[]): LaneCoverage {
  const uncovered = plugins.filter((plugin) => plugin.lane === null);
  if (uncovered.length > 0) return { covered: false, uncovered };
  return { covered: true, counterparts: plugins.flatMap((plugin) => (plugin.lane ? [plugin.lane] : [])) };
}
