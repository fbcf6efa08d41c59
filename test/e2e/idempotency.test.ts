import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import request from "supertest";
import { Secret } from "../../src/config/secret";
import { createLogger } from "../../src/log/logger";
import { connectSharedRedis, type SharedRedis } from "../../src/redis/shared-redis";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
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

function send(url: string, body: object, headers: Record<string, string>): Promise<request.Response> {
  return request(url).post("/").set("content-type", "application/json").set(headers).send(body);
}

/** The shared Redis as main.ts connects it, once it is ready. */
async function connectReady(url: string): Promise<SharedRedis> {
  const shared = connectSharedRedis({ url: new Secret(url), logger: createLogger("silent"), metrics: new Metrics({ processMetrics: false }), commandTimeoutMs: 1000 });
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

    it("honours a key on a query too: the repeat is the first answer", async () => {
      await start();
      const key = randomUUID();
      const query = { query: "{ providers { provider } }" };
      const first = await send(facade.url, query, { "idempotency-key": key });
      const again = await send(facade.url, query, { "idempotency-key": key });

      expect(first.status).toBe(200);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.text).toBe(first.text);
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
