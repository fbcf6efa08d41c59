import type { GraphQLError } from "graphql";
import type { RequestContext } from "../graphql/request-context";
import type { Logger } from "../log/logger";
import { LabelledChildren } from "../telemetry/labelled-children";
import { nameOperation } from "../telemetry/request-correlation";
import type { Metrics } from "../telemetry/metrics";
import { operationLabel, resultLabel } from "./request-duration-labels";

/**
 * One info line per GraphQL request, which is also the audit line: who called (the token's `sub`),
 * what operation, each removal with its result __typename, the HTTP status and how long it took.
 * The results metric is counted here too, once per removal, and the duration histogram observed.
 * Apollo Server's requests reach it through requestLogPlugin, the fast lane's directly, so both
 * write the same line and the same samples.
 */
export class RequestLog {
  /** membership_removal_results_total, by provider and result. */
  private readonly results: LabelledChildren<{ inc(): void }>;
  /** graphql_request_duration_seconds, by operation and result. */
  private readonly durations: LabelledChildren<{ observe(seconds: number): void }>;

  constructor(
    private readonly logger: Logger,
    metrics: Metrics,
  ) {
    this.results = new LabelledChildren((provider, result) => metrics.removalResults.labels(provider, result));
    this.durations = new LabelledChildren((operation, result) => metrics.graphqlRequestDuration.labels(operation, result));
  }

  record(context: RequestContext, operationName: string | null | undefined, status: number, errors: readonly GraphQLError[] | undefined): void {
    nameOperation(operationName);
    const { removals } = context;
    if (removals) for (const removal of removals) this.results.get(removal.provider, removal.result).inc();
    const durationMs = performance.now() - context.startedAt;
    this.durations.get(operationLabel(operationName), resultLabel(removals, errors)).observe(durationMs / 1000);
    this.logger.info(
      {
        operation: operationName,
        sub: context.caller?.subject,
        status,
        durationMs: Math.round(durationMs),
        removals,
        errors: errors?.map((error) => error.extensions.code ?? "INTERNAL_SERVER_ERROR"),
      },
      "graphql request",
    );
  }
}
