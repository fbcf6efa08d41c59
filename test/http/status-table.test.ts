import { MembershipErrorCode } from "../../src/graphql/errors/membership-error-code.enum";
import { UpstreamFailureReason } from "../../src/graphql/errors/upstream-failure-reason.enum";
import { HttpFailureCode } from "../../src/http/http-failure";
import { meaningOfFailure, meaningOfStatus, type AttemptMeaning } from "../../src/http/status-table";

type Meaning = Omit<AttemptMeaning, "refusedHere">;

const { INVALID_INPUT, PROVIDER_AUTH_FAILED, PERMISSION_DENIED, RATE_LIMITED, UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR } = MembershipErrorCode;
const { TIMEOUT, NETWORK, SERVER_ERROR, CIRCUIT_OPEN, OVERLOADED } = UpstreamFailureReason;

const meaning = (
  retried: boolean,
  tripsBreaker: boolean,
  mayHaveApplied: boolean,
  pausesCallers: boolean,
  error: MembershipErrorCode,
  reason: UpstreamFailureReason | null = null,
): Meaning => ({ retried, tripsBreaker, mayHaveApplied, pausesCallers, error, reason });

describe("what an upstream status means", () => {
  //                                  retried tripsBreaker mayHaveApplied pausesCallers error
  it.each<[number, Meaning]>([
    [200, meaning(false, false, false, false, UPSTREAM_ERROR)],
    [400, meaning(false, false, false, false, INVALID_INPUT)],
    [401, meaning(false, false, false, false, PROVIDER_AUTH_FAILED)],
    [403, meaning(false, false, false, false, PERMISSION_DENIED)],
    [404, meaning(false, false, false, false, UPSTREAM_ERROR)],
    [409, meaning(false, false, false, false, UPSTREAM_ERROR)],
    [429, meaning(true, false, false, true, RATE_LIMITED)],
    [500, meaning(false, true, true, false, UPSTREAM_ERROR, SERVER_ERROR)],
    [501, meaning(false, false, false, false, UPSTREAM_ERROR)],
    [502, meaning(true, true, true, false, UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
    [503, meaning(true, true, false, true, UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
    [504, meaning(true, true, true, false, UPSTREAM_UNAVAILABLE, SERVER_ERROR)],
  ])("reads %i as the table says", (status, expected) => {
    expect(meaningOfStatus(status)).toMatchObject({ ...expected, refusedHere: false });
  });
});

describe("what a transport failure means", () => {
  it.each<[HttpFailureCode, Meaning, boolean]>([
    [HttpFailureCode.CONNECT, meaning(true, true, false, false, UPSTREAM_UNAVAILABLE, NETWORK), false],
    [HttpFailureCode.CONNECT_TIMEOUT, meaning(true, true, false, false, UPSTREAM_UNAVAILABLE, TIMEOUT), false],
    [HttpFailureCode.TIMEOUT, meaning(true, true, true, false, UPSTREAM_UNAVAILABLE, TIMEOUT), false],
    [HttpFailureCode.RESET, meaning(true, true, true, false, UPSTREAM_UNAVAILABLE, NETWORK), false],
    [HttpFailureCode.CIRCUIT_OPEN, meaning(false, false, false, false, UPSTREAM_UNAVAILABLE, CIRCUIT_OPEN), true],
    [HttpFailureCode.SHED, meaning(false, false, false, false, UPSTREAM_UNAVAILABLE, OVERLOADED), true],
    [HttpFailureCode.DEADLINE, meaning(false, false, false, false, UPSTREAM_UNAVAILABLE, TIMEOUT), true],
    [HttpFailureCode.OVER_BUDGET, meaning(false, false, false, false, RATE_LIMITED), true],
  ])("reads %s as the table says", (code, expected, refusedHere) => {
    expect(meaningOfFailure(code)).toEqual({ ...expected, refusedHere });
  });
});

describe("the rules every row keeps", () => {
  const everyRow = [
    ...Array.from({ length: 500 }, (_, i) => [`status ${100 + i}`, meaningOfStatus(100 + i)] as const),
    ...Object.values(HttpFailureCode).map((code) => [code, meaningOfFailure(code)] as const),
  ];

  it("gives a reason wherever an answer needs one: every unavailable upstream and every attempt that may have applied a write", () => {
    for (const [name, row] of everyRow) {
      if (row.error === UPSTREAM_UNAVAILABLE || row.mayHaveApplied) expect([name, row.reason]).toEqual([name, expect.any(String)]);
    }
  });

  it("never retries, counts against the upstream or fears a write for an attempt this server refused itself", () => {
    for (const [name, row] of everyRow.filter(([, r]) => r.refusedHere)) {
      expect([name, row.retried, row.tripsBreaker, row.mayHaveApplied]).toEqual([name, false, false, false]);
    }
  });

  it("pauses callers only for an answer that applied nothing", () => {
    for (const [name, row] of everyRow.filter(([, r]) => r.pausesCallers)) expect([name, row.mayHaveApplied]).toEqual([name, false]);
  });
});
