/**
 * What a gateway must pass on from the caller to the subgraphs, in one table: Hive Gateway reads it
 * (gateway.config.ts), and test/federation/gateway-files.test.ts holds router.yaml to it. Lower-case
 * names, as HTTP/2 and both gateways spell them.
 */
export const FORWARDED_HEADERS = {
  /**
   * To the membership subgraph only: it verifies the caller's bearer JWT (docs/contract.md §1; without
   * it every removal is UNAUTHENTICATED) and runs a removal once per Idempotency-Key (§9). Another
   * team's subgraph has no use for the caller's token, so it does not get it.
   */
  membership: ["authorization", "idempotency-key"],
  /** To every subgraph: the caller's correlation id, which this server echoes and logs (§11). */
  all: ["x-request-id"],
  /**
   * The W3C trace context (§11). A gateway that traces (Apollo Router's `trace_context`
   * propagation, Hive Gateway's OpenTelemetry) sends its own span as the parent, in the caller's
   * trace; one that does not trace must pass the caller's on, or the trace stops at the gateway.
   */
  traceContext: ["traceparent", "tracestate"],
} as const;

/** Answer headers of the membership subgraph that a client needs to see: a replay of an earlier answer (§9). */
export const RETURNED_HEADERS = {
  membership: ["idempotent-replayed"],
} as const;
