import { setTimeout as sleep } from "node:timers/promises";
import { CircuitState } from "cockatiel";
import type { AttemptObserver } from "../../src/http/attempt-observer";
import { lastAttempt, type Attempt, type CallScope, type Send } from "../../src/http/call-policy";
import { HttpFailureCode } from "../../src/http/http-failure";
import { ResilientPolicy, type ResilienceOptions } from "../../src/http/resilient-policy";
import { UpstreamBudget } from "../../src/http/upstream-budget";
import { AttemptSpans } from "../../src/http/attempt-tracing";

/**
 * What the circuit breaker is fed (docs/contract.md §7): only an answer from the provider is a
 * success or a failure; a call this server did not send (its deadline passed, a bulkhead was full,
 * the budget had no room, the breaker itself refused) is neither, and a half-open circuit closes
 * only on a real answer. The provider is played by `send` functions that return scripted attempts.
 */

const OPTIONS: ResilienceOptions = {
  timeoutMs: 1_000,
  maxAttempts: 1,
  breakerThreshold: 2,
  halfOpenAfterMs: 100,
  // Two places, so removals can fail through one while an entity read holds the other; entity
  // reads get one place and one place in the queue.
  maxConcurrent: 2,
  maxQueued: 2,
  entityReadShare: 0.5,
  backoffBaseMs: 1,
  backoffCapMs: 1,
  maxPauseS: 60,
};

const ROUTE = "GET /things/{id}";

const answer = (status: number): Attempt => ({ kind: "response", response: { status, headers: {}, body: { kind: "empty" }, requestId: null } });

/** An upstream that answers every request at once with `status`, counting what it was sent. */
function answering(status: number): { send: Send; sent: () => number } {
  let sent = 0;
  return {
    send: async () => {
      sent += 1;
      return answer(status);
    },
    sent: () => sent,
  };
}

/** An upstream that holds the request it is sent until the test releases it with a status. */
function holding(): { send: Send; sent: () => boolean; release(status: number): void } {
  let sent = false;
  let release: (attempt: Attempt) => void = () => undefined;
  const answered = new Promise<Attempt>((resolve) => (release = resolve));
  return {
    send: () => {
      sent = true;
      return answered;
    },
    sent: () => sent,
    release: (status) => release(answer(status)),
  };
}

const removal = (ms = 5_000): CallScope => ({ endsAt: Date.now() + ms, entityRead: false });
const entityRead = (ms = 5_000): CallScope => ({ endsAt: Date.now() + ms, entityRead: true });

/** A policy as createProviders builds one, with a real (uncapped) budget; `states` is every circuit change, in order. */
function watchedPolicy(): { policy: ResilientPolicy; states: CircuitState[]; budget: UpstreamBudget } {
  const states: CircuitState[] = [];
  const observer: AttemptObserver = { attempted: () => undefined, circuitChanged: (state) => states.push(state) };
  const budget = new UpstreamBudget({ maxRps: null, maxPauseS: OPTIONS.maxPauseS, observer: { budgeted: () => undefined } });
  return { policy: new ResilientPolicy(OPTIONS, observer, budget, new AttemptSpans("http://upstream.test")), states, budget };
}

async function outcomeOf(attempts: Promise<Attempt[]>): Promise<Attempt> {
  return lastAttempt(await attempts);
}

/** Resolves once `condition` holds: a send begins after the budget's answer, a few ticks after run(). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(1);
}

const failureCode = (attempt: Attempt): HttpFailureCode | null => (attempt.kind === "failure" ? attempt.failure.code : null);

/** Opens the circuit with two answers of 500, then waits until the next call may be its probe. */
async function openThenHalfOpenTime(policy: ResilientPolicy): Promise<void> {
  const failing = answering(500);
  await policy.run(failing.send, ROUTE, removal());
  await policy.run(failing.send, ROUTE, removal());
  await sleep(OPTIONS.halfOpenAfterMs + 20);
}

describe("the circuit breaker's inputs", () => {
  it("opens after consecutive failed answers, sends nothing while open, and closes on a good probe", async () => {
    const { policy, states } = watchedPolicy();
    const failing = answering(500);
    await policy.run(failing.send, ROUTE, removal());
    await policy.run(failing.send, ROUTE, removal());
    expect(states).toEqual([CircuitState.Open]);

    const refused = answering(200);
    expect(failureCode(await outcomeOf(policy.run(refused.send, ROUTE, removal())))).toBe(HttpFailureCode.CIRCUIT_OPEN);
    expect(refused.sent()).toBe(0);

    await sleep(OPTIONS.halfOpenAfterMs + 20);
    const healthy = answering(200);
    expect(await outcomeOf(policy.run(healthy.send, ROUTE, removal()))).toEqual(answer(200));
    expect(states).toEqual([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed]);
  });

  it("counts a call refused for its deadline as neither: it does not reset the run of failures", async () => {
    const { policy, states } = watchedPolicy();
    const failing = answering(500);
    await policy.run(failing.send, ROUTE, removal());

    const late = answering(200);
    expect(failureCode(await outcomeOf(policy.run(late.send, ROUTE, { endsAt: Date.now() - 1, entityRead: false })))).toBe(HttpFailureCode.DEADLINE);
    expect(late.sent()).toBe(0);

    await policy.run(failing.send, ROUTE, removal());
    expect(states).toEqual([CircuitState.Open]);
  });

  it("keeps the circuit open when its half-open probe is shed by a full bulkhead, and sends the next call as the real probe", async () => {
    const { policy, states } = watchedPolicy();
    // Entity reads fill their share: one in flight, one queued behind it.
    const first = holding();
    const second = holding();
    const held = [policy.run(first.send, ROUTE, entityRead()), policy.run(second.send, ROUTE, entityRead())];
    await until(first.sent);
    await openThenHalfOpenTime(policy);

    const shed = answering(200);
    expect(failureCode(await outcomeOf(policy.run(shed.send, ROUTE, entityRead())))).toBe(HttpFailureCode.SHED);
    expect(shed.sent()).toBe(0);
    expect(states).toEqual([CircuitState.Open]);

    // The provider still fails: the next call is the probe, its answer opens the circuit again.
    const stillFailing = answering(500);
    await policy.run(stillFailing.send, ROUTE, removal());
    expect(stillFailing.sent()).toBe(1);
    expect(states).toEqual([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open]);

    first.release(200);
    second.release(200);
    await Promise.all(held);
  });

  it("keeps the circuit open when its half-open probe waited for a place past its deadline, and sends the next call as the real probe", async () => {
    const { policy, states } = watchedPolicy();
    const first = holding();
    const held = policy.run(first.send, ROUTE, entityRead());
    await until(first.sent);
    await openThenHalfOpenTime(policy);

    // Queued behind the held read until after its deadline.
    const late = answering(200);
    const probe = policy.run(late.send, ROUTE, entityRead(50));
    await sleep(80);
    first.release(200);
    expect(failureCode(await outcomeOf(probe))).toBe(HttpFailureCode.DEADLINE);
    expect(late.sent()).toBe(0);
    await held;
    expect(states).toEqual([CircuitState.Open]);

    const stillFailing = answering(500);
    await policy.run(stillFailing.send, ROUTE, removal());
    expect(stillFailing.sent()).toBe(1);
    expect(states).toEqual([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open]);
  });

  it("keeps the circuit open when the budget has no room for its half-open probe", async () => {
    const { policy, states, budget } = watchedPolicy();
    await openThenHalfOpenTime(policy);
    budget.pause(30);

    const refused = answering(200);
    expect(failureCode(await outcomeOf(policy.run(refused.send, ROUTE, removal(500))))).toBe(HttpFailureCode.OVER_BUDGET);
    expect(refused.sent()).toBe(0);
    expect(states).toEqual([CircuitState.Open]);
  });

  it("sends nothing else while the half-open probe is in flight, and closes on the probe's answer", async () => {
    const { policy, states } = watchedPolicy();
    await openThenHalfOpenTime(policy);
    const probe = holding();
    const probing = policy.run(probe.send, ROUTE, removal());
    await until(probe.sent);

    const meanwhile = answering(200);
    expect(failureCode(await outcomeOf(policy.run(meanwhile.send, ROUTE, removal())))).toBe(HttpFailureCode.CIRCUIT_OPEN);
    expect(meanwhile.sent()).toBe(0);

    probe.release(404);
    expect(await outcomeOf(probing)).toEqual(answer(404));
    expect(states).toEqual([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed]);
    const after = answering(200);
    await policy.run(after.send, ROUTE, removal());
    expect(after.sent()).toBe(1);
  });
});
