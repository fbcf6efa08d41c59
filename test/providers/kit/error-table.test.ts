import { MembershipErrorCode } from "../../../src/graphql/errors/membership-error-code.enum";
import { UpstreamFailureReason } from "../../../src/graphql/errors/upstream-failure-reason.enum";
import { HttpFailureCode } from "../../../src/http/http-failure";
import { meaningOfFailure, meaningOfStatus } from "../../../src/http/status-table";
import { errorOfFailure, errorOfStatus, type AttemptError } from "../../../src/providers/kit/error-table";

const { INVALID_INPUT, PROVIDER_AUTH_FAILED, PERMISSION_DENIED, RATE_LIMITED, UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR } = MembershipErrorCode;
const { TIMEOUT, NETWORK, SERVER_ERROR, CIRCUIT_OPEN, OVERLOADED } = UpstreamFailureReason;

const told = (error: MembershipErrorCode, reason: UpstreamFailureReason | null = null): AttemptError => ({ error, reason });

describe("what a caller is told of an upstream status", () => {
  it.each<[number, AttemptError]>([
    [200, told(UPSTREAM_ERROR)],
    [400, told(INVALID_INPUT)],
    [401, told(PROVIDER_AUTH_FAILED)],
    [403, told(PERMISSION_DENIED)],
    [404, told(UPSTREAM_ERROR)],
    [409, told(UPSTREAM_ERROR)],
    [429, told(RATE_LIMITED)],
    [500, told(UPSTREAM_ERROR, SERVER_ERROR)],
    [501, told(UPSTREAM_ERROR)],
    [502, told(UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
    [503, told(UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
    [504, told(UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
  ])("answers %i as the table says", (status, expected) => {
    expect(errorOfStatus(status)).toEqual(expected);
  });
});

describe("what a caller is told of a transport failure", () => {
  it.each<[HttpFailureCode, AttemptError]>([
    [HttpFailureCode.CONNECT, told(UPSTREAM_UNAVAILABLE, NETWORK)],
    [HttpFailureCode.CONNECT_TIMEOUT, told(UPSTREAM_UNAVAILABLE, TIMEOUT)],
    [HttpFailureCode.TIMEOUT, told(UPSTREAM_UNAVAILABLE, TIMEOUT)],
    [HttpFailureCode.RESET, told(UPSTREAM_UNAVAILABLE, NETWORK)],
    [HttpFailureCode.CIRCUIT_OPEN, told(UPSTREAM_UNAVAILABLE, CIRCUIT_OPEN)],
    [HttpFailureCode.SHED, told(UPSTREAM_UNAVAILABLE, OVERLOADED)],
    [HttpFailureCode.DEADLINE, told(UPSTREAM_UNAVAILABLE, TIMEOUT)],
    [HttpFailureCode.OVER_BUDGET, told(RATE_LIMITED)],
  ])("answers %s as the table says", (code, expected) => {
    expect(errorOfFailure(code)).toEqual(expected);
  });
});

describe("the error table beside the status table", () => {
  const everyOutcome = [
    ...Array.from({ length: 500 }, (_, i) => [`status ${100 + i}`, meaningOfStatus(100 + i), errorOfStatus(100 + i)] as const),
    ...Object.values(HttpFailureCode).map((code) => [code, meaningOfFailure(code), errorOfFailure(code)] as const),
  ];

  it("gives a reason wherever an answer needs one: every unavailable upstream and every attempt that may have applied a write", () => {
    for (const [name, meaning, answer] of everyOutcome) {
      if (answer.error === UPSTREAM_UNAVAILABLE || meaning.mayHaveApplied) expect([name, answer.reason]).toEqual([name, expect.any(String)]);
    }
  });

  it("tells a caller to come back later for every outcome whose wait pauses callers", () => {
    for (const [name, , answer] of everyOutcome.filter(([, meaning]) => meaning.pausesCallers)) {
      expect([name, answer.error]).toEqual([name, expect.stringMatching(/^(RATE_LIMITED|UPSTREAM_UNAVAILABLE)$/)]);
    }
  });
});
