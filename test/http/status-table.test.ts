import { HttpFailureCode } from "../../src/http/http-failure";
import { meaningOfFailure, meaningOfStatus, type AttemptMeaning } from "../../src/http/status-table";

type Meaning = Omit<AttemptMeaning, "refusedHere">;

const meaning = (retried: boolean, tripsBreaker: boolean, mayHaveApplied: boolean, pausesCallers: boolean): Meaning => ({
  retried,
  tripsBreaker,
  mayHaveApplied,
  pausesCallers,
});

describe("what an upstream status means to the transport", () => {
  //                                  retried tripsBreaker mayHaveApplied pausesCallers
  it.each<[number, Meaning]>([
    [200, meaning(false, false, false, false)],
    [400, meaning(false, false, false, false)],
    [401, meaning(false, false, false, false)],
    [403, meaning(false, false, false, false)],
    [404, meaning(false, false, false, false)],
    [409, meaning(false, false, false, false)],
    [429, meaning(true, false, false, true)],
    [500, meaning(false, true, true, false)],
    [501, meaning(false, false, false, false)],
    [502, meaning(true, true, true, false)],
    [503, meaning(true, true, false, true)],
    [504, meaning(true, true, true, false)],
  ])("reads %i as the table says", (status, expected) => {
    expect(meaningOfStatus(status)).toEqual({ ...expected, refusedHere: false });
  });
});

describe("what a transport failure means to the transport", () => {
  it.each<[HttpFailureCode, Meaning, boolean]>([
    [HttpFailureCode.CONNECT, meaning(true, true, false, false), false],
    [HttpFailureCode.CONNECT_TIMEOUT, meaning(true, true, false, false), false],
    [HttpFailureCode.TIMEOUT, meaning(true, true, true, false), false],
    [HttpFailureCode.RESET, meaning(true, true, true, false), false],
    [HttpFailureCode.CIRCUIT_OPEN, meaning(false, false, false, false), true],
    [HttpFailureCode.SHED, meaning(false, false, false, false), true],
    [HttpFailureCode.DEADLINE, meaning(false, false, false, false), true],
    [HttpFailureCode.OVER_BUDGET, meaning(false, false, false, false), true],
  ])("reads %s as the table says", (code, expected, refusedHere) => {
    expect(meaningOfFailure(code)).toEqual({ ...expected, refusedHere });
  });
});

describe("the rules every row keeps", () => {
  const everyRow = [
    ...Array.from({ length: 500 }, (_, i) => [`status ${100 + i}`, meaningOfStatus(100 + i)] as const),
    ...Object.values(HttpFailureCode).map((code) => [code, meaningOfFailure(code)] as const),
  ];

  it("never retries, counts against the upstream or fears a write for an attempt this server refused itself", () => {
    for (const [name, row] of everyRow.filter(([, r]) => r.refusedHere)) {
      expect([name, row.retried, row.tripsBreaker, row.mayHaveApplied]).toEqual([name, false, false, false]);
    }
  });

  it("pauses callers only for an answer that applied nothing", () => {
    for (const [name, row] of everyRow.filter(([, r]) => r.pausesCallers)) expect([name, row.mayHaveApplied]).toEqual([name, false]);
  });
});
