import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { blueshiftDemo, blueshiftFaults, startBlueshiftSimulator, type BlueshiftSimulator } from "../../src/simulators/blueshift/simulator";
import { REMOVAL_MUTATION } from "../support/facade";
import { sample } from "../support/metric-sample";
import { startRedisServer, type RedisServer } from "../support/redis-server";
import { killAll, startServerProcess, serverBuild, type ServerProcess, blueshiftOnRedis } from "../support/server-process";

/**
 * docs/contract.md §9 across a fleet, with real processes: two `node main.js` on one Redis and one
 * Blueshift simulator. A key's first answer, given by one instance, is what the other replays; a
 * key's request is refused while Redis is down, and replayed again once it is back.
 */

const { groupId, customerUuid, secondMemberUuid, multiGroupCustomerUuid } = blueshiftDemo;

/** `npm start`'s build, without its type check (tsc --noEmit covers that), made once for this file. */
const build = serverBuild;

let redis: RedisServer;
let blueshift: BlueshiftSimulator;
beforeEach(async () => {
  redis = await startRedisServer();
  blueshift = await startBlueshiftSimulator();
});
afterEach(async () => {
  await killAll(running);
  await blueshift.close();
  await redis.stop();
});

type Server = ServerProcess;

const running: Server[] = [];

async function startServer(): Promise<Server> {
  const env = {
    ...blueshiftOnRedis(blueshift.url, redis.url),
  };
  // Ready for these tests once it listens and its shared Redis connection is up (shared_redis_up):
  // until then a request with a key is refused, as it is during an outage.
  const server = await startServerProcess(build(), env, async ({ metricsUrl }) => sample(await (await fetch(metricsUrl)).text(), "shared_redis_up") === 1);
  running.push(server);
  return server;
}

interface Answer {
  status: number;
  replayed: string | null;
  contentType: string | null;
  text: string;
  /** removeUserFromGroup's __typename, or the first top-level error's code. */
  outcome: string;
}

async function remove(server: Server, uuid: string, key?: string): Promise<Answer> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key === undefined ? {} : { "idempotency-key": key }) },
    body: JSON.stringify({ query: REMOVAL_MUTATION, variables: { provider: "BLUESHIFT", groupId, userRef: { uuid } } }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: { removeUserFromGroup: { __typename: string } }; errors?: Array<{ extensions?: { code?: string } }> };
  return {
    status: response.status,
    replayed: response.headers.get("idempotent-replayed"),
    contentType: response.headers.get("content-type"),
    text,
    outcome: body.data?.removeUserFromGroup.__typename ?? body.errors?.[0]?.extensions?.code ?? "none",
  };
}

const deletes = () => blueshift.requestsTo("removeUser").length;

describe("Idempotency-Key across server processes on one Redis", () => {
  it("replays on instance B the answer instance A gave for a key, with Idempotent-Replayed: true and one DELETE, and refuses another body under it", async () => {
    const [a, b] = [await startServer(), await startServer()];
    const key = randomUUID();
    const first = await remove(a, customerUuid, key);
    const again = await remove(b, customerUuid, key);
    const other = await remove(b, secondMemberUuid, key);

    expect(first).toMatchObject({ status: 200, replayed: null, outcome: "MembershipRemoval" });
    expect(again).toEqual({ ...first, replayed: "true" });
    expect(other).toMatchObject({ status: 422, outcome: "IDEMPOTENCY_KEY_REUSED" });
    expect(blueshift.isMember(groupId, secondMemberUuid)).toBe(true);
    expect(deletes()).toBe(1);
  }, 60_000);

  it("runs one of six repeats sent to both instances at once", async () => {
    const servers = [await startServer(), await startServer()];
    blueshift.script("removeUser", [{ delayMs: 300 }]);
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => remove(servers[i % 2]!, customerUuid, key)));

    const ran = answers.filter((answer) => answer.status === 200 && answer.replayed === null);
    expect(ran).toHaveLength(1);
    expect(ran[0]?.outcome).toBe("MembershipRemoval");
    const others = answers.filter((answer) => answer !== ran[0]);
    expect(others.every((answer) => answer.outcome === "IDEMPOTENCY_KEY_IN_USE" || (answer.replayed === "true" && answer.text === ran[0]?.text))).toBe(true);
    expect(deletes()).toBe(1);
  }, 60_000);

  it("runs on instance B the repeat of a removal whose outcome instance A could not tell, and answers OutcomeUnknownError when the user is gone, never MembershipNotFoundError", async () => {
    const [a, b] = [await startServer(), await startServer()];
    // Blueshift removes the member, then answers 500: the server does not retry it, and cannot tell.
    blueshift.script("removeUser", [{ apply: true, then: blueshiftFaults.serverError(500) }]);
    const key = randomUUID();
    const first = await remove(a, customerUuid, key);
    const repeat = await remove(b, customerUuid, key);

    expect(first).toMatchObject({ status: 200, replayed: null, outcome: "OutcomeUnknownError" });
    expect(blueshift.isMember(groupId, customerUuid)).toBe(false);
    // B sent its own DELETE (Blueshift answered 404), and counted A's attempt as one that may have removed the user.
    expect(repeat).toMatchObject({ status: 200, replayed: null, outcome: "OutcomeUnknownError" });
    expect(JSON.parse(repeat.text).data.removeUserFromGroup).toMatchObject({ attempts: 1, retryable: true });
    expect(deletes()).toBe(2);
  }, 60_000);

  it("refuses a request with a key with 503 SERVICE_UNAVAILABLE while Redis is stopped, removes one without, and replays again once Redis is back", async () => {
    const [a, b] = [await startServer(), await startServer()];
    const key = randomUUID();
    const first = await remove(a, customerUuid, key);
    await redis.halt();

    const refused = await remove(a, secondMemberUuid, randomUUID());
    expect(refused).toMatchObject({ status: 503, outcome: "SERVICE_UNAVAILABLE" });
    expect(blueshift.isMember(groupId, secondMemberUuid)).toBe(true);
    const withoutKey = await remove(b, secondMemberUuid);
    expect(withoutKey.outcome).toBe("MembershipRemoval");

    await redis.restart();
    // Each instance reconnects by itself; until it has, a request with a key is refused and runs nothing.
    let again = await remove(b, customerUuid, key);
    while (again.outcome === "SERVICE_UNAVAILABLE") {
      await sleep(100);
      again = await remove(b, customerUuid, key);
    }
    expect(again).toEqual({ ...first, replayed: "true" });
    // A reconnects on its own schedule too: B's being back says nothing of A's.
    while (sample(await (await fetch(a.metricsUrl)).text(), "shared_redis_up") !== 1) await sleep(50);
    const fresh = await remove(a, multiGroupCustomerUuid, randomUUID());
    expect(fresh).toMatchObject({ status: 200, replayed: null, outcome: "MembershipRemoval" });
    // The first removal, the one without a key and the fresh one: the refused and replayed requests sent nothing.
    expect(deletes()).toBe(3);
  }, 60_000);
});
