import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import request from "supertest";
import { Secret } from "../../src/config/secret";
import { createLogger } from "../../src/log/logger";
import { connectSharedRedis, type SharedRedis } from "../../src/redis/shared-redis";
import { blueshiftDemo, blueshiftFaults } from "../../src/simulators/blueshift/simulator";
import { Metrics } from "../../src/telemetry/metrics";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { REMOVAL_MUTATION, startFacade, type Facade, type FacadeOptions } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";
import { startRedisServer, type RedisServer } from "../support/redis-server";

/**
 * docs/contract.md §9 through real HTTP: a request sent with an Idempotency-Key runs once per key
 * and caller, and its first answer is replayed. One behaviour table, run against both stores (this
 * process; the shared Redis) and both lanes (the fast lane; Apollo Server alone).
 */

const { groupId, customerUuid, secondMemberUuid } = blueshiftDemo;

/** Long enough for five repeats sent at once to arrive while the first is still at the provider, and within the test facade's 500 ms attempt timeout. */
const SLOW_REMOVAL = { delayMs: 250 };

function removal(uuid: string): object {
  return { query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId, userRef: { uuid } } };
}

function send(url: string, body: object | string, headers: Record<string, string>): Promise<request.Response> {
  return request(url).post("/").set("content-type", "application/json").set(headers).send(body);
}

const BULK_MUTATION = /* GraphQL */ `
  mutation RemoveMany($groupId: ID!, $userRefs: [UserRef!]!) {
    removeUsersFromGroup(provider: BLUESHIFT, groupId: $groupId, userRefs: $userRefs) {
      removed notMember failed unknown
      results {
        __typename
        ... on MembershipRemoval { removedAt user { id } }
        ... on OutcomeUnknownError { attempts }
      }
    }
  }
`;

function bulkRemoval(...uuids: string[]): object {
  return { query: BULK_MUTATION, variables: { groupId, userRefs: uuids.map((uuid) => ({ uuid })) } };
}

/** Every DELETE of one attempt answered 504 (a gateway timeout: it may have applied), UPSTREAM_MAX_ATTEMPTS (3) times. */
const GATEWAY_TIMEOUTS = [blueshiftFaults.serverError(504), blueshiftFaults.serverError(504), blueshiftFaults.serverError(504)];

/** The shared Redis as main.ts connects it, once it is ready. */
async function connectReady(url: string): Promise<SharedRedis> {
  const shared = connectSharedRedis({ url: new Secret(url), keyPrefix: "membership-facade:", logger: createLogger("silent"), metrics: new Metrics({ processMetrics: false }), commandTimeoutMs: 1000 });
  while (!shared.available()) await sleep(10);
  return shared;
}

let redis: RedisServer;
let shared: SharedRedis;
beforeAll(async () => {
  redis = await startRedisServer();
  shared = await connectReady(redis.url);
});
afterAll(async () => {
  await shared.close();
  await redis.stop();
});

const STORES = [
  ["in this process", (): FacadeOptions => ({})],
  ["on the shared Redis", (): FacadeOptions => ({ sharedRedis: shared })],
] as const;
const LANES = [
  ["the fast lane on", true],
  ["the fast lane off", false],
] as const;

describe.each(STORES)("Idempotency-Key, records %s", (_store, storeOptions) => {
  describe.each(LANES)("with %s", (_lane, fastLane) => {
    let facade: Facade;
    const start = async (options: FacadeOptions = {}) => {
      facade = await startFacade({ ...storeOptions(), fastLane, ...options });
      return facade;
    };
    afterEach(() => facade.close());

    const deletes = () => facade.blueshift.requestsTo("removeUser").length;

    it("replays the first answer byte for byte with Idempotent-Replayed: true, and the provider sees one DELETE", async () => {
      await start();
      const key = randomUUID();
      const first = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const again = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(first.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(first.headers["idempotent-replayed"]).toBeUndefined();
      expect(again.status).toBe(first.status);
      expect(again.headers["content-type"]).toBe(first.headers["content-type"]);
      expect(again.text).toBe(first.text);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(deletes()).toBe(1);
    });

    it("refuses the same key with another body with HTTP 422 IDEMPOTENCY_KEY_REUSED, and runs nothing", async () => {
      await start();
      const key = randomUUID();
      await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const other = await send(facade.url, removal(secondMemberUuid), { "idempotency-key": key });

      expect(other.status).toBe(422);
      expect(other.body.errors[0].extensions.code).toBe("IDEMPOTENCY_KEY_REUSED");
      expect(other.body.data).toBeUndefined();
      expect(facade.blueshift.isMember(groupId, secondMemberUuid)).toBe(true);
      expect(deletes()).toBe(1);
    });

    it("runs one of five repeats sent at once; each other is told IDEMPOTENCY_KEY_IN_USE (409) or gets the first answer", async () => {
      await start();
      facade.blueshift.script("removeUser", [SLOW_REMOVAL]);
      const key = randomUUID();
      const answers = await Promise.all(Array.from({ length: 5 }, () => send(facade.url, removal(customerUuid), { "idempotency-key": key })));

      const ran = answers.filter((a) => a.status === 200 && a.headers["idempotent-replayed"] === undefined);
      expect(ran).toHaveLength(1);
      expect(ran[0]?.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      for (const other of answers.filter((a) => a !== ran[0])) {
        if (other.status === 409) expect(other.body.errors[0].extensions.code).toBe("IDEMPOTENCY_KEY_IN_USE");
        else expect({ status: other.status, replayed: other.headers["idempotent-replayed"], text: other.text }).toEqual({ status: 200, replayed: "true", text: ran[0]?.text });
      }
      expect(deletes()).toBe(1);
    });

    it("keeps two callers' keys apart: the same key from another caller runs for that caller", async () => {
      await start({ auth: SECRET_AUTH });
      const key = randomUUID();
      const alice = { authorization: `Bearer ${await callerToken({ sub: "ops-alice" })}`, "idempotency-key": key };
      const bob = { authorization: `Bearer ${await callerToken({ sub: "ops-bob" })}`, "idempotency-key": key };

      const alicesFirst = await send(facade.url, removal(customerUuid), alice);
      const bobs = await send(facade.url, removal(customerUuid), bob);
      const alicesRepeat = await send(facade.url, removal(customerUuid), alice);

      expect(alicesFirst.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      // Bob's request ran (it was not Alice's answer): the membership was gone by then.
      expect(bobs.headers["idempotent-replayed"]).toBeUndefined();
      expect(bobs.body.data.removeUserFromGroup.__typename).toBe("MembershipNotFoundError");
      expect(alicesRepeat.headers["idempotent-replayed"]).toBe("true");
      expect(alicesRepeat.text).toBe(alicesFirst.text);
      expect(deletes()).toBe(2);
    });

    it("runs a repeat again once the first answer has expired", async () => {
      await start({ idempotencyTtlMs: 200 });
      const key = randomUUID();
      await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      await sleep(400);
      const again = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(again.headers["idempotent-replayed"]).toBeUndefined();
      expect(again.body.data.removeUserFromGroup.__typename).toBe("MembershipNotFoundError");
      expect(deletes()).toBe(2);
    });

    it.each([
      ["empty", ""],
      ["256 characters long", "k".repeat(256)],
      ["holding a space", "retry 1"],
      ["not ASCII", "clé-1"],
    ])("refuses a key %s with HTTP 400 INVALID_IDEMPOTENCY_KEY, and runs nothing", async (_case, key) => {
      await start();
      const refused = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe("INVALID_IDEMPOTENCY_KEY");
      expect(deletes()).toBe(0);
    });

    it("accepts a key of 255 visible characters", async () => {
      await start();
      const key = `${randomUUID()}~!`.padEnd(255, "k");
      const first = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const again = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(first.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(again.headers["idempotent-replayed"]).toBe("true");
    });

    it("runs a query sent with a key as if it had none: nothing is kept, so the same key then runs a removal", async () => {
      await start();
      const key = randomUUID();
      const query = { query: "{ providers { provider } }" };
      const first = await send(facade.url, query, { "idempotency-key": key });
      const again = await send(facade.url, query, { "idempotency-key": key });
      const mutation = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers["idempotent-replayed"]).toBeUndefined();
      expect(mutation.headers["idempotent-replayed"]).toBeUndefined();
      expect(mutation.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(deletes()).toBe(1);
    });

    it("replays a repeat whose variables and fields are sent in another key order, rather than refusing it as another body", async () => {
      await start();
      const key = randomUUID();
      const first = await send(
        facade.url,
        `{"query":${JSON.stringify(REMOVAL_MUTATION)},"variables":{"provider":"BLUESHIFT","groupId":"${groupId}","userRef":{"uuid":"${customerUuid}"}}}`,
        { "idempotency-key": key },
      );
      const reordered = await send(
        facade.url,
        `{"variables":{"userRef":{"uuid":"${customerUuid}"},"groupId":"${groupId}","provider":"BLUESHIFT"},"query":${JSON.stringify(REMOVAL_MUTATION)}}`,
        { "idempotency-key": key },
      );

      expect(first.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(reordered.status).toBe(200);
      expect(reordered.headers["idempotent-replayed"]).toBe("true");
      expect(reordered.text).toBe(first.text);
      expect(deletes()).toBe(1);
    });

    it("runs the repeat of a request refused for its token's scope (403) once a token with the scope sends it: the refusal was not kept", async () => {
      await start({ auth: SECRET_AUTH });
      const key = randomUUID();
      const withoutScope = { authorization: `Bearer ${await callerToken({ scope: "openid" })}`, "idempotency-key": key };
      const withScope = { authorization: `Bearer ${await callerToken()}`, "idempotency-key": key };

      const refused = await send(facade.url, removal(customerUuid), withoutScope);
      const ran = await send(facade.url, removal(customerUuid), withScope);

      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe("FORBIDDEN");
      expect(ran.status).toBe(200);
      expect(ran.headers["idempotent-replayed"]).toBeUndefined();
      expect(ran.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(deletes()).toBe(1);
    });

    it.each([
      ["variables that do not coerce (a malformed UUID)", removal("not-a-uuid")],
      ["a document that does not validate", { query: `mutation { removeUserFromGroup(provider: BLUESHIFT, groupId: "${groupId}") { __typename } }` }],
    ])("runs the corrected body under the key of a request refused for %s (400): neither replayed nor IDEMPOTENCY_KEY_REUSED", async (_case, refusedBody) => {
      await start();
      const key = randomUUID();
      const refused = await send(facade.url, refusedBody, { "idempotency-key": key });
      const corrected = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(refused.status).toBe(400);
      expect(corrected.status).toBe(200);
      expect(corrected.headers["idempotent-replayed"]).toBeUndefined();
      expect(corrected.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(deletes()).toBe(1);
    });

    it("runs the corrected body under the key of a request refused whole for BULK_MAX_REFS (data null, nothing run): neither replayed nor IDEMPOTENCY_KEY_REUSED", async () => {
      await start({ bulk: { concurrency: 8, maxRefs: 1 } });
      const key = randomUUID();
      const refused = await send(facade.url, bulkRemoval(customerUuid, secondMemberUuid), { "idempotency-key": key });
      const corrected = await send(facade.url, bulkRemoval(customerUuid), { "idempotency-key": key });

      expect(refused.body.data).toBeNull();
      expect(refused.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
      expect(corrected.status).toBe(200);
      expect(corrected.headers["idempotent-replayed"]).toBeUndefined();
      expect(corrected.body.data.removeUsersFromGroup.removed).toBe(1);
      expect(deletes()).toBe(1);
    });

    it("runs a repeat anew after UpstreamUnavailableError (nothing was changed), and replays the removal it then makes", async () => {
      await start();
      facade.blueshift.script("removeUser", [blueshiftFaults.serverError(503), blueshiftFaults.serverError(503), blueshiftFaults.serverError(503)]);
      const key = randomUUID();
      const unavailable = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const repeat = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const third = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(unavailable.body.data.removeUserFromGroup.__typename).toBe("UpstreamUnavailableError");
      expect(repeat.headers["idempotent-replayed"]).toBeUndefined();
      expect(repeat.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(false);
      expect(third.headers["idempotent-replayed"]).toBe("true");
      expect(third.text).toBe(repeat.text);
      expect(deletes()).toBe(4);
    });

    it("after OutcomeUnknownError, answers a repeat that finds the user gone with OutcomeUnknownError counting the earlier attempts, never MembershipNotFoundError", async () => {
      await start();
      // The first DELETE removes the member and answers 504; its retries answer 504 too.
      facade.blueshift.script("removeUser", [{ apply: true, then: blueshiftFaults.serverError(504) }, ...GATEWAY_TIMEOUTS.slice(1)]);
      const key = randomUUID();
      const unknown = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const repeat = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const third = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(unknown.body.data.removeUserFromGroup).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 3 });
      expect(facade.blueshift.isMember(groupId, customerUuid)).toBe(false);
      // The repeat ran (Blueshift answered its DELETE 404): that may be the first request's own removal.
      expect(repeat.headers["idempotent-replayed"]).toBeUndefined();
      expect(repeat.body.data.removeUserFromGroup).toMatchObject({ __typename: "OutcomeUnknownError", retryable: true, attempts: 3 });
      expect(third.headers["idempotent-replayed"]).toBeUndefined();
      expect(third.body.data.removeUserFromGroup).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 3 });
      expect(deletes()).toBe(5);
    });

    it("after OutcomeUnknownError, answers a repeat whose DELETE the provider confirms with MembershipRemoval, and replays that", async () => {
      await start();
      facade.blueshift.script("removeUser", GATEWAY_TIMEOUTS);
      const key = randomUUID();
      const unknown = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const repeat = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      const third = await send(facade.url, removal(customerUuid), { "idempotency-key": key });

      expect(unknown.body.data.removeUserFromGroup.__typename).toBe("OutcomeUnknownError");
      expect(repeat.headers["idempotent-replayed"]).toBeUndefined();
      expect(repeat.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
      expect(third.headers["idempotent-replayed"]).toBe("true");
      expect(third.text).toBe(repeat.text);
      expect(deletes()).toBe(4);
    });

    it("repeats removeUsersFromGroup position by position: an earlier removal stands and is not sent again, an unknown outcome stays unknown when the user is gone", async () => {
      // One item at a time, so the DELETEs reach Blueshift in the order of the list.
      await start({ bulk: { concurrency: 1, maxRefs: 1000 } });
      facade.blueshift.script("removeUser", [{ delayMs: 0 }, { apply: true, then: blueshiftFaults.serverError(504) }, ...GATEWAY_TIMEOUTS.slice(1)]);
      const key = randomUUID();
      const first = await send(facade.url, bulkRemoval(customerUuid, secondMemberUuid), { "idempotency-key": key });
      const repeat = await send(facade.url, bulkRemoval(customerUuid, secondMemberUuid), { "idempotency-key": key });

      const [removed, unknown] = first.body.data.removeUsersFromGroup.results;
      expect(removed).toMatchObject({ __typename: "MembershipRemoval", user: { id: customerUuid } });
      expect(unknown).toMatchObject({ __typename: "OutcomeUnknownError", attempts: 3 });
      expect(repeat.headers["idempotent-replayed"]).toBeUndefined();
      expect(repeat.body.data.removeUsersFromGroup).toEqual({
        removed: 1,
        notMember: 0,
        failed: 0,
        unknown: 1,
        results: [removed, { __typename: "OutcomeUnknownError", attempts: 3 }],
      });
      // The first list's four DELETEs, and the repeat's one for the second member only.
      expect(facade.blueshift.requestsTo("removeUser").map((r) => r.path.includes(secondMemberUuid))).toEqual([false, true, true, true, true]);
    });

    it("repeats removeUsersFromGroup until every position is final, then replays it", async () => {
      await start({ bulk: { concurrency: 1, maxRefs: 1000 } });
      facade.blueshift.script("removeUser", [{ delayMs: 0 }, ...GATEWAY_TIMEOUTS]);
      const key = randomUUID();
      const first = await send(facade.url, bulkRemoval(customerUuid, secondMemberUuid), { "idempotency-key": key });
      const repeat = await send(facade.url, bulkRemoval(customerUuid, secondMemberUuid), { "idempotency-key": key });
      const third = await send(facade.url, bulkRemoval(customerUuid, secondMemberUuid), { "idempotency-key": key });

      expect(first.body.data.removeUsersFromGroup).toMatchObject({ removed: 1, unknown: 1 });
      expect(repeat.headers["idempotent-replayed"]).toBeUndefined();
      expect(repeat.body.data.removeUsersFromGroup).toMatchObject({ removed: 2, unknown: 0 });
      expect(repeat.body.data.removeUsersFromGroup.results[0]).toEqual(first.body.data.removeUsersFromGroup.results[0]);
      expect(third.headers["idempotent-replayed"]).toBe("true");
      expect(third.text).toBe(repeat.text);
      expect(deletes()).toBe(5);
    });

    it("counts each request with a key by its outcome", async () => {
      await start();
      const key = randomUUID();
      await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      await send(facade.url, removal(customerUuid), { "idempotency-key": key });
      await send(facade.url, removal(secondMemberUuid), { "idempotency-key": key });

      const metrics = await scrape(facade.metricsUrl);
      expect(sample(metrics, "idempotent_requests_total", { outcome: "run" })).toBe(1);
      expect(sample(metrics, "idempotent_requests_total", { outcome: "replayed" })).toBe(1);
      expect(sample(metrics, "idempotent_requests_total", { outcome: "reused" })).toBe(1);
    });
  });
});

describe("Idempotency-Key while the shared Redis is unreachable", () => {
  let outage: RedisServer;
  let connection: SharedRedis;
  let facade: Facade;
  beforeEach(async () => {
    outage = await startRedisServer();
    connection = await connectReady(outage.url);
    facade = await startFacade({ sharedRedis: connection });
  });
  afterEach(async () => {
    await facade.close();
    await connection.close();
    await outage.stop();
  });

  it("refuses a request with a key with HTTP 503 SERVICE_UNAVAILABLE and runs nothing, removes without a key, and replays again once Redis is back", async () => {
    const key = randomUUID();
    const before = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
    await outage.halt();

    const refused = await send(facade.url, removal(secondMemberUuid), { "idempotency-key": randomUUID() });
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
    expect(facade.blueshift.isMember(groupId, secondMemberUuid)).toBe(true);
    expect(sample(await scrape(facade.metricsUrl), "idempotent_requests_total", { outcome: "unavailable" })).toBe(1);

    const withoutKey = await send(facade.url, removal(secondMemberUuid), {});
    expect(withoutKey.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");

    await outage.restart();
    while (!connection.available()) await sleep(25);
    const after = await send(facade.url, removal(customerUuid), { "idempotency-key": key });
    expect(after.headers["idempotent-replayed"]).toBe("true");
    expect(after.text).toBe(before.text);
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(2);
  });
});
