import { MembershipNotFoundError } from "../../src/graphql/errors/membership-not-found.error";
import { Provider } from "../../src/graphql/provider.enum";
import type { Attempt } from "../../src/http/call-policy";
import { HttpFailure, HttpFailureCode } from "../../src/http/http-failure";
import { confirmRemoval } from "../../src/providers/blueshift/to-result";
import { decideRemoval } from "../../src/removal/outcome-rule";
import { upstreamFields, type ProviderVoice } from "../../src/providers/kit/provider-voice";
import { definiteError } from "../../src/providers/kit/upstream-errors";

const GROUP = "grp_outcome";
const UUID = "0f8c2a1e-6f3b-4c47-9d1e-2b5a7c9e4f10";

const voice: ProviderVoice = {
  provider: Provider.BLUESHIFT,
  name: "Blueshift",
  userNoun: "customer",
  otherRefs: "uuid",
  authHint: "Check the key.",
  permissionHint: "Ask for the permission.",
  scrub: (text) => text,
};

function answered(status: number, body?: Record<string, unknown>): Attempt {
  return {
    kind: "response",
    response: { status, headers: {}, body: body ? { kind: "json", value: body } : { kind: "empty" }, requestId: `req-${status}` },
  };
}

function failed(code: HttpFailureCode): Attempt {
  return { kind: "failure", failure: new HttpFailure(code, code.toLowerCase()) };
}

const confirming = answered(200, { status: "success", group_id: GROUP, user_uuid: UUID });
const notConfirming = answered(200, { status: "success", group_id: "another_group", user_uuid: UUID });
const timeout = failed(HttpFailureCode.TIMEOUT);
const reset = failed(HttpFailureCode.RESET);
const refused = failed(HttpFailureCode.CONNECT);
const connectTimeout = failed(HttpFailureCode.CONNECT_TIMEOUT);
const circuitOpen = failed(HttpFailureCode.CIRCUIT_OPEN);
const shed = failed(HttpFailureCode.SHED);
const deadline = failed(HttpFailureCode.DEADLINE);
const overBudget: Attempt = { kind: "failure", failure: new HttpFailure(HttpFailureCode.OVER_BUDGET, "no room in the request budget", { retryAfterSeconds: 2 }) };

/**
 * The provider's part, as Blueshift plays it: its body check for a 200, and for a definite answer
 * its own reading of a 404 ("not a member") before the shared mapping of everything else.
 */
const handlers = {
  confirmed: (response: Parameters<typeof confirmRemoval>[1]) => confirmRemoval(voice, response, GROUP, { uuid: UUID, username: null, email: null }),
  definite: (last: Attempt) =>
    last.kind === "response" && last.response.status === 404
      ? new MembershipNotFoundError({ ...upstreamFields(voice, last.response), groupExists: null, message: "not a member" })
      : definiteError(voice, last),
};

type Row = [label: string, attempts: Attempt[], expected: Record<string, unknown>];

const removed = { __typename: "MembershipRemoval" };
const unknown = (reason: string, attempts: number) => ({ __typename: "OutcomeUnknownError", reason, attempts, retryable: true });
const unavailable = (reason: string) => ({ __typename: "UpstreamUnavailableError", reason, retryable: true });

const rows: Row[] = [
  ["a 200 that confirms", [confirming], removed],
  ["a 200 that does not confirm", [notConfirming], { __typename: "UpstreamError", retryable: false, upstreamStatus: 200 }],
  ["a 404", [answered(404)], { __typename: "MembershipNotFoundError", upstreamStatus: 404 }],
  ["a 500", [answered(500)], { ...unknown("SERVER_ERROR", 1), upstreamStatus: 500 }],
  ["502 three times", [answered(502), answered(502), answered(502)], unknown("SERVER_ERROR", 3)],
  ["503 three times", [answered(503), answered(503), answered(503)], { ...unavailable("SERVER_ERROR"), upstreamStatus: 503 }],
  ["a 504", [answered(504)], unknown("SERVER_ERROR", 1)],
  ["a response timeout", [timeout], { ...unknown("TIMEOUT", 1), upstreamStatus: null }],
  ["a reset after sending", [reset], unknown("NETWORK", 1)],
  ["a refused connection three times", [refused, refused, refused], unavailable("NETWORK")],
  ["a connect timeout", [connectTimeout], unavailable("TIMEOUT")],
  ["an open circuit", [circuitOpen], unavailable("CIRCUIT_OPEN")],
  ["a full bulkhead", [shed], unavailable("OVERLOADED")],
  ["a deadline already passed", [deadline], unavailable("TIMEOUT")],
  ["no room in the request budget", [overBudget], { __typename: "RateLimitedError", retryable: true, retryAfterSeconds: 2, upstreamStatus: null }],
  ["a 429", [answered(429)], { __typename: "RateLimitedError", retryable: true }],
  ["a 401", [answered(401)], { __typename: "ProviderAuthError", retryable: false }],
  ["a timeout, then a 404", [timeout, answered(404)], { ...unknown("TIMEOUT", 2), upstreamStatus: 404, upstreamRequestId: "req-404" }],
  ["a timeout, then a 200 that confirms", [timeout, confirming], removed],
  ["a timeout, then a 200 that does not confirm", [timeout, notConfirming], unknown("TIMEOUT", 2)],
  ["a 503, then a 200 that confirms", [answered(503), confirming], removed],
  ["a 503, then a 404", [answered(503), answered(404)], { __typename: "MembershipNotFoundError" }],
  ["a refused connection, then a 200 that confirms", [refused, confirming], removed],
  ["a refused connection, then a 404", [refused, answered(404)], { __typename: "MembershipNotFoundError" }],
  ["a 502, then a 503", [answered(502), answered(503)], { ...unknown("SERVER_ERROR", 2), upstreamStatus: 503 }],
  ["a reset, then a timeout", [reset, timeout], unknown("TIMEOUT", 2)],
  ["a timeout, then a reset", [timeout, reset], unknown("NETWORK", 2)],
  ["a timeout, then an open circuit", [timeout, circuitOpen], unknown("TIMEOUT", 2)],
  ["a timeout, then the deadline", [timeout, deadline], unknown("TIMEOUT", 2)],
  ["a 502, then a full bulkhead", [answered(502), shed], unknown("SERVER_ERROR", 2)],
  ["a timeout, then a 429", [timeout, answered(429)], unknown("TIMEOUT", 2)],
  ["a timeout, then no room in the request budget", [timeout, overBudget], unknown("TIMEOUT", 2)],
  ["a refused connection, then a 429", [refused, answered(429)], { __typename: "RateLimitedError" }],
];

describe("the outcome rule: what a removal's attempts come to", () => {
  const named = rows.map(([label, attempts, expected]) => [label, `${String(expected.__typename)}${expected.reason ? ` (${String(expected.reason)})` : ""}`, attempts, expected] as const);

  it.each(named)("answers %s with %s", async (_label, _answer, attempts, expected) => {
    const result = await decideRemoval(voice, attempts, handlers);
    expect({ __typename: result.constructor.name, ...result }).toMatchObject(expected);
  });

  it("names every attempt in an OutcomeUnknownError's message and says removing again is safe", async () => {
    const result = await decideRemoval(voice, [timeout, answered(404)], handlers);
    expect(result).toMatchObject({ message: expect.stringMatching(/2 attempts got timeout, then 404\. Removing again is safe/) });
  });
});
