import { randomUUID } from "node:crypto";
import request from "supertest";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-idempotency-store";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { REMOVAL_MUTATION, startFacade, type Facade } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";

/**
 * docs/contract.md §9 without Redis: the records this process keeps are bounded per caller, so what
 * one caller sends with keys (queries, refusals, removals, however many) cannot evict another
 * caller's stored answer, nor any running claim. The store is given small bounds, as a test cannot
 * send 10,000 requests.
 */

const { groupId, customerUuid, secondMemberUuid, multiGroupCustomerUuid, groupLessCustomerUuid, unknownCustomerUuid } = blueshiftDemo;
const BOUNDS = { recordsPerCaller: 3, runningPerCaller: 2 };
/** Longer than everything the other callers send while Alice's removal is at the provider, and within the attempt timeout below. */
const SLOW_REMOVAL = { delayMs: 1_500 };

function removal(uuid: string): object {
  return { query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId, userRef: { uuid } } };
}

/** Sent at once, whether or not it is awaited (supertest sends when asked for the response). */
function send(url: string, body: object, headers: Record<string, string>): Promise<request.Response> {
  return request(url)
    .post("/")
    .set("content-type", "application/json")
    .set(headers)
    .send(body)
    .then((response) => response);
}

describe("Idempotency-Key records in this process, bounded per caller", () => {
  let facade: Facade;
  let alice: string;
  let mallory: string;
  let mallet: string;
  beforeEach(async () => {
    facade = await startFacade({ auth: SECRET_AUTH, idempotencyStore: new MemoryIdempotencyStore(BOUNDS), upstream: { timeoutMs: 4_000, deadlineMs: 8_000 } });
    alice = `Bearer ${await callerToken({ sub: "ops-alice" })}`;
    // A caller who may read (Query.providers, federation) but not remove.
    mallory = `Bearer ${await callerToken({ sub: "mallory", scope: "openid" })}`;
    // A caller who may remove, and sends many keys of its own.
    mallet = `Bearer ${await callerToken({ sub: "mallet" })}`;
  });
  afterEach(() => facade.close());

  const deletesOf = (uuid: string) => facade.blueshift.requestsTo("removeUser").filter((r) => r.path.includes(uuid)).length;

  /** What a caller without the write scope can send with fresh keys: reads, and removals it is refused (403). */
  async function floodWithoutScope(count: number): Promise<void> {
    const bodies = [{ query: "{ __typename }" }, { query: "{ _service { sdl } }" }, removal(secondMemberUuid)];
    for (let i = 0; i < count; i++) {
      const answer = await send(facade.url, bodies[i % bodies.length] as object, { authorization: mallory, "idempotency-key": randomUUID() });
      expect([200, 403]).toContain(answer.status);
    }
  }

  it("replays another caller's answer however many keyed queries and refused removals a caller without the write scope sends", async () => {
    const key = randomUUID();
    const first = await send(facade.url, removal(customerUuid), { authorization: alice, "idempotency-key": key });
    await floodWithoutScope(3 * BOUNDS.recordsPerCaller + 3);
    const again = await send(facade.url, removal(customerUuid), { authorization: alice, "idempotency-key": key });

    expect(first.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.text).toBe(first.text);
    expect(deletesOf(customerUuid)).toBe(1);
    expect(facade.blueshift.isMember(groupId, secondMemberUuid)).toBe(true);
  });

  it("evicts only a caller's own oldest records when it sends more keyed removals than its share", async () => {
    const key = randomUUID();
    const first = await send(facade.url, removal(customerUuid), { authorization: alice, "idempotency-key": key });
    const malletsKeys = Array.from({ length: BOUNDS.recordsPerCaller + 2 }, () => randomUUID());
    // A customer in no group: each answers MembershipNotFoundError, final, and kept.
    for (const malletsKey of malletsKeys) await send(facade.url, removal(groupLessCustomerUuid), { authorization: mallet, "idempotency-key": malletsKey });
    const alicesRepeat = await send(facade.url, removal(customerUuid), { authorization: alice, "idempotency-key": key });
    const malletsOldest = await send(facade.url, removal(groupLessCustomerUuid), { authorization: mallet, "idempotency-key": malletsKeys[0] as string });
    const malletsNewest = await send(facade.url, removal(groupLessCustomerUuid), { authorization: mallet, "idempotency-key": malletsKeys.at(-1) as string });

    expect(alicesRepeat.headers["idempotent-replayed"]).toBe("true");
    expect(alicesRepeat.text).toBe(first.text);
    expect(malletsOldest.headers["idempotent-replayed"]).toBeUndefined();
    expect(malletsNewest.headers["idempotent-replayed"]).toBe("true");
    expect(deletesOf(customerUuid)).toBe(1);
  });

  it("never evicts a running claim: while Alice's removal runs, other callers' keys leave her repeat IDEMPOTENCY_KEY_IN_USE, and a caller over its running share is refused", async () => {
    facade.blueshift.script("removeUser", [SLOW_REMOVAL, SLOW_REMOVAL, SLOW_REMOVAL]);
    const key = randomUUID();
    const alicesFirst = send(facade.url, removal(customerUuid), { authorization: alice, "idempotency-key": key });
    while (deletesOf(customerUuid) === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    await floodWithoutScope(3 * BOUNDS.recordsPerCaller + 3);
    const malletsRemovals = [secondMemberUuid, multiGroupCustomerUuid, unknownCustomerUuid].map((uuid) => send(facade.url, removal(uuid), { authorization: mallet, "idempotency-key": randomUUID() }));
    // Mallet's first two are at the provider (or refused for the order they arrived in): his running share is full.
    const malletsFourth = await (async () => {
      while (facade.blueshift.requestsTo("removeUser").length < 1 + BOUNDS.runningPerCaller) await new Promise((resolve) => setTimeout(resolve, 10));
      return send(facade.url, removal(groupLessCustomerUuid), { authorization: mallet, "idempotency-key": randomUUID() });
    })();
    const alicesRepeat = await send(facade.url, removal(customerUuid), { authorization: alice, "idempotency-key": key });

    expect(alicesRepeat.status).toBe(409);
    expect(alicesRepeat.body.errors[0].extensions.code).toBe("IDEMPOTENCY_KEY_IN_USE");
    expect(malletsFourth.status).toBe(429);
    expect(malletsFourth.body.errors[0].extensions.code).toBe("TOO_MANY_IDEMPOTENT_REQUESTS");
    const mallets = await Promise.all(malletsRemovals);
    expect(mallets.filter((answer) => answer.status === 429)).toHaveLength(1);
    expect((await alicesFirst).body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    expect(deletesOf(customerUuid)).toBe(1);
    expect(deletesOf(groupLessCustomerUuid)).toBe(0);
    expect(sample(await scrape(facade.metricsUrl), "idempotent_requests_total", { outcome: "busy" })).toBe(2);
  });
});
