import type { GraphQLError } from "graphql";
import type { RequestContext } from "../graphql/request-context";
import type { Logger } from "../log/logger";
import type { Metrics } from "./metrics";

/**
 * One info line per GraphQL request, which is also the audit line: who called (the token's `sub`),
 * what operation, each removal with its result __typename, the HTTP status and how long it took.
 * The results metric is counted here too, once per removal. Apollo Server's requests reach it
 * through requestLogPlugin, the fast lane's directly, so both write the same line.
 */
export class RequestLog {
  /** membership_removal_results_total's children by provider and result: labelling by object hashes the labels on every call. */
  private readonly results = new Map<string, { inc(): void }>();

  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  record(context: RequestContext, operationName: string | null | undefined, status: number, errors: readonly GraphQLError[] | undefined): void {
    const { removals } = context;
    if (removals) for (const removal of removals) this.resultCounter(removal.provider, removal.result).inc();
    this.logger.info(
      {
        operation: operationName,
        sub: context.caller?.subject,
        status,
        durationMs: Math.round(performance.now() - context.startedAt),
        removals,
        errors: errors?.map((error) => error.extensions.code ?? "INTERNAL_SERVER_ERROR"),
      },
      "graphql request",
    );
  }

  private resultCounter(provider: string, result: string): { inc(): void } {
    const key = `${provider} ${result}`;
    let counter = this.results.get(key);
    if (!counter) this.results.set(key, (counter = this.metrics.removalResults.labels(provider, result)));
    return counter;
  }
}
