import type { CircuitState } from "cockatiel";
import type { AttemptObserver } from "./attempt-observer";
import type { BudgetObserver } from "./upstream-budget";
import type { Attempt } from "./call-policy";
import { meaningOfFailure } from "./status-table";
import type { Logger } from "../log/logger";
import { LabelledChildren } from "../telemetry/labelled-children";
import type { Metrics } from "../telemetry/metrics";

const STATUS_CLASSES = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx"];

type DurationChild = ReturnType<Metrics["upstreamDuration"]["labels"]>;
type BudgetChild = ReturnType<Metrics["upstreamBudget"]["labels"]>;

/**
 * One provider's upstream attempts, as log lines and metrics: a definite answer at debug; a
 * failure, a 5xx, a refused credential or a retried attempt at warn. Built once per provider; the per-attempt work is a log
 * call and one histogram observation on a child made once (LabelledChildren).
 */
export class UpstreamTelemetry implements AttemptObserver, BudgetObserver {
  private readonly logger: Logger;
  /** upstream_request_duration_seconds for this provider, by route and status class. */
  private readonly durations: LabelledChildren<DurationChild>;
  /** upstream_budget_total for this provider, by outcome and whose budget decided. */
  private readonly budgets: LabelledChildren<BudgetChild>;

  constructor(
    private readonly provider: string,
    logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.logger = logger.child({ provider });
    this.durations = new LabelledChildren((route, statusClass) => metrics.upstreamDuration.labels(provider, route, statusClass));
    this.budgets = new LabelledChildren((outcome, budget) => metrics.upstreamBudget.labels(provider, outcome, budget));
    metrics.circuitState.set({ provider }, 0);
  }

  budgeted(outcome: "sent" | "waited" | "refused", shared: boolean): void {
    // A refused attempt also reaches attempted() as an OVER_BUDGET failure, which logs it.
    this.budgets.get(outcome, shared ? "shared" : "local").inc();
  }

  attempted(route: string, outcome: Attempt, attemptNumber: number, durationMs: number, wait: number | null): void {
    const ms = Math.round(durationMs);
    const retryInMs = wait === null ? null : Math.round(wait);
    if (retryInMs !== null) this.metrics.upstreamRetries.inc({ provider: this.provider, route });
    if (outcome.kind === "failure") {
      const { code } = outcome.failure;
      // A call this server refused itself never reached the upstream: there is no request to time.
      if (!meaningOfFailure(code).refusedHere) this.durations.get(route, code).observe(durationMs / 1000);
      this.logger.warn({ route, attempt: attemptNumber, failure: code, durationMs: ms, retryInMs }, "upstream attempt failed");
      return;
    }
    const { status, requestId } = outcome.response;
    this.durations.get(route, STATUS_CLASSES[Math.floor(status / 100)] ?? "other").observe(durationMs / 1000);
    // 401 and 403 say this server's credentials are refused: its operators need to hear of it.
    if (status >= 500 || status === 401 || status === 403 || retryInMs !== null) {
      this.logger.warn({ route, attempt: attemptNumber, status, durationMs: ms, upstreamRequestId: requestId, retryInMs }, "upstream attempt failed");
    } else if (this.logger.isLevelEnabled("debug")) {
      this.logger.debug({ route, attempt: attemptNumber, status, durationMs: ms, upstreamRequestId: requestId }, "upstream attempt");
    }
  }

  circuitChanged(state: CircuitState): void {
    this.metrics.circuitState.set({ provider: this.provider }, state);
    this.logger.warn({ circuit: state }, "upstream circuit changed");
  }

  tokenFetched(expiresInSeconds: number): void {
    this.metrics.tokenRefreshes.inc({ provider: this.provider });
    this.logger.info({ expiresInSeconds }, "upstream access token fetched");
  }
}
