import type { CircuitState } from "cockatiel";
import type { Attempt } from "./call-policy";

/** What a policy reports as it works, for logs and metrics; it never changes what the policy does. */
export interface AttemptObserver {
  /**
   * After each attempt. `retryInMs` is the wait before the next attempt, or null when this attempt
   * is the call's answer.
   */
  attempted(route: string, outcome: Attempt, attemptNumber: number, durationMs: number, retryInMs: number | null): void;
  circuitChanged(state: CircuitState): void;
}
