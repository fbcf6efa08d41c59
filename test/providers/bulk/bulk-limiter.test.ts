import type { CircuitState } from "cockatiel";
import type { AttemptObserver } from "../../../src/http/attempt-observer";
import type { Attempt } from "../../../src/http/call-policy";
import { MAX_RETRY_AFTER_SECONDS } from "../../../src/http/retry-after";
import { BulkLimiter } from "../../../src/providers/bulk/bulk-limiter";
import { RetryAfterWatch } from "../../../src/http/retry-after-watch";

/** A clock the test turns by hand: the pause is shown to end at its time without waiting for it. */
function manualClock(start: number): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** Watches nothing but what RetryAfterWatch hands on. */
const NOBODY: AttemptObserver = {
  attempted: () => undefined,
  circuitChanged: (_state: CircuitState) => undefined,
};

const rateLimited = (retryAfter: string): Attempt => ({
  kind: "response",
  response: { status: 429, headers: { "retry-after": retryAfter }, body: { kind: "empty" }, requestId: null },
});

describe("the bulk limiter's pause after a Retry-After", () => {
  const DAY_MS = MAX_RETRY_AFTER_SECONDS * 1000;

  /**
   * A limiter fed by the same watch createProviders puts on every provider's attempts; its pause
   * may last as long as UPSTREAM_MAX_PAUSE_S allows at most (a day) unless `maxPauseS` is given.
   */
  function limiterAfter(retryAfter: string, maxPauseS = MAX_RETRY_AFTER_SECONDS) {
    const clock = manualClock(Date.parse("2026-11-23T12:00:00Z"));
    const limiter = new BulkLimiter({ concurrency: 2, maxRefs: 1000, maxWaitMs: 2000, maxPauseS, now: clock.now });
    new RetryAfterWatch(NOBODY, (seconds) => limiter.pauseFor(seconds)).attempted("DELETE /x", rateLimited(retryAfter), 1, 1, null);
    return { clock, limiter };
  }
  const send = () => Promise.resolve("sent");
  const refuse = (retryAfterSeconds: number) => `refused for ${retryAfterSeconds} s`;

  it.each(["99999999999", "Fri, 31 Dec 9999 23:59:59 GMT"])("lasts a day at most when the provider asked for %s", async (retryAfter) => {
    const { clock, limiter } = limiterAfter(retryAfter);
    expect(limiter.pausedForMs()).toBe(DAY_MS);
    await expect(limiter.run(send, refuse)).resolves.toBe(`refused for ${MAX_RETRY_AFTER_SECONDS} s`);

    // Still longer than a batch waits (maxWaitMs), so answered at once with what is left.
    clock.advance(DAY_MS - 10_000);
    await expect(limiter.run(send, refuse)).resolves.toBe("refused for 10 s");
  });

  it("ends by itself at its time, with nothing sent meanwhile having to clear it", async () => {
    const { clock, limiter } = limiterAfter("99999999999");
    clock.advance(DAY_MS);
    expect(limiter.pausedForMs()).toBe(0);
    await expect(limiter.run(send, refuse)).resolves.toBe("sent");
  });

  it("keeps the longer of two pauses, each bounded", async () => {
    const { clock, limiter } = limiterAfter("99999999999");
    clock.advance(DAY_MS / 2);
    limiter.pauseFor(10);
    expect(limiter.pausedForMs()).toBe(DAY_MS / 2);
  });

  it("holds items back for UPSTREAM_MAX_PAUSE_S at most, each told meanwhile what is left of the wait the provider asked for", async () => {
    const { clock, limiter } = limiterAfter("86400", 60);
    expect(limiter.pausedForMs()).toBe(60_000);
    await expect(limiter.run(send, refuse)).resolves.toBe("refused for 86400 s");
    clock.advance(30_000);
    await expect(limiter.run(send, refuse)).resolves.toBe("refused for 86370 s");

    clock.advance(30_000);
    expect(limiter.pausedForMs()).toBe(0);
    await expect(limiter.run(send, refuse)).resolves.toBe("sent");
  });

  it("holds nothing back when UPSTREAM_MAX_PAUSE_S is 0", async () => {
    const { limiter } = limiterAfter("86400", 0);
    expect(limiter.pausedForMs()).toBe(0);
    await expect(limiter.run(send, refuse)).resolves.toBe("sent");
  });

  it("holds items back as long as its Retry-After policy says, which a queue that pauses itself is told too", () => {
    const { limiter } = limiterAfter("86400", 60);
    expect(limiter.pausedForMs()).toBe(limiter.retryAfter.holdMs(86_400));
    expect(limiter.retryAfter.holdMs(86_400)).toBe(60_000);
  });

  it("lets a job's unit wait out a pause longer than a bulk call waits, and ends the wait when the job no longer wants it", async () => {
    const { limiter } = limiterAfter("86400", 60);
    // A pause of a minute, longer than a bulk call waits: the unit is not refused but waits, until
    // its wait is given up; then its task runs, and sees for itself that it is no longer wanted.
    const abort = new AbortController();
    const waiting = limiter.run(send, refuse, { maxWaitMs: Number.POSITIVE_INFINITY, signal: abort.signal });
    await new Promise((turn) => setImmediate(turn));
    abort.abort();
    await expect(waiting).resolves.toBe("sent");
  });
});
