import { MAX_RETRY_AFTER_SECONDS, pauseFor, retryAfterSeconds } from "../../src/http/retry-after";
import { RetryAfterPause } from "../../src/http/retry-after-pause";

describe("a Retry-After the upstream sends", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");

  it("is read as at most a day, however many seconds it names", () => {
    expect(MAX_RETRY_AFTER_SECONDS).toBe(86_400);
    expect(retryAfterSeconds("86400", now)).toBe(86_400);
    expect(retryAfterSeconds("86401", now)).toBe(86_400);
    expect(retryAfterSeconds("99999999999", now)).toBe(86_400);
  });

  it("is read as at most a day when it is an HTTP date in year 9999", () => {
    expect(retryAfterSeconds("Fri, 31 Dec 9999 23:59:59 GMT", now)).toBe(86_400);
  });

  it("is read as at most a day, never as Infinity, when its digits overflow a number", () => {
    expect(retryAfterSeconds("9".repeat(400), now)).toBe(86_400);
  });

  it("is never negative and never NaN", () => {
    for (const header of ["0", "00", "Mon, 23 Nov 2026 11:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "-5", "1e3", "NaN", "Infinity", " 7 "]) {
      const seconds = retryAfterSeconds(header, now);
      if (seconds !== null) {
        expect(Number.isInteger(seconds)).toBe(true);
        expect(seconds).toBeGreaterThanOrEqual(0);
        expect(seconds).toBeLessThanOrEqual(MAX_RETRY_AFTER_SECONDS);
      }
    }
    expect(retryAfterSeconds(" 7 ", now)).toBe(7);
  });

  it("fits a GraphQL Int, whatever it said", () => {
    for (const header of ["2147483648", "99999999999", "Fri, 31 Dec 9999 23:59:59 GMT"]) {
      expect(retryAfterSeconds(header, now)).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });
});

describe("the pause a Retry-After makes", () => {
  it("holds calls for what the provider asked, but never longer than UPSTREAM_MAX_PAUSE_S", () => {
    expect(pauseFor(86_400, 60)).toBe(60);
    expect(pauseFor(5, 60)).toBe(5);
    expect(pauseFor(86_400, 0)).toBe(0);
  });

  it("tells a caller held back what is left of the wait the provider asked for, and ends by itself after the hold", () => {
    let now = Date.parse("2026-11-23T12:00:00Z");
    const pause = new RetryAfterPause(60, () => now);
    expect(pause.pause(86_400)).toBe(60);
    expect(pause.heldForMs()).toBe(60_000);
    expect(pause.toldSecondsLeft()).toBe(86_400);

    now += 60_000;
    expect(pause.heldForMs()).toBe(0);
    expect(pause.toldSecondsLeft()).toBe(86_340);
  });

  it("keeps the longer of two Retry-Afters: a shorter one ends neither the hold nor what callers are told", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    const pause = new RetryAfterPause(60, () => now);
    pause.pause(86_400);
    pause.pause(5);
    expect(pause.heldForMs()).toBe(60_000);
    expect(pause.toldSecondsLeft()).toBe(86_400);
  });
});
