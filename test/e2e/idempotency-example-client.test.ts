import { randomUUID } from "node:crypto";
import { print } from "graphql";
import request from "supertest";
import { RemoveUserFromGroupDocument } from "../../examples/client/generated/graphql";
import { removeUserFromGroupWithRetries } from "../../examples/client/remove-user";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { startFacade, type Facade } from "../support/facade";

/** docs/contract.md §9 as the example client uses it (examples/client/remove-user.ts): one key per removal, reused by every retry. */

const { groupId, customerUuid } = blueshiftDemo;
const variables = { provider: "BLUESHIFT", groupId, userRef: { uuid: customerUuid } } as const;

describe("the example client's retries with an Idempotency-Key", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  it("gets the first removal back when it sends the same removal again with its key, not MembershipNotFoundError", async () => {
    const idempotencyKey = randomUUID();
    const first = await removeUserFromGroupWithRetries(`${facade.url}/`, variables, { idempotencyKey });
    const again = await removeUserFromGroupWithRetries(`${facade.url}/`, variables, { idempotencyKey });

    expect(first).toMatchObject({ replayed: false, result: { __typename: "MembershipRemoval" } });
    expect(again).toEqual({ ...first, replayed: true });
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
  });

  it("gets the removal when another send of it with the same key is still running, and the provider sees one DELETE", async () => {
    facade.blueshift.script("removeUser", [{ delayMs: 250 }]);
    const idempotencyKey = randomUUID();
    // The same body as the example client's: the same document, printed the same way.
    const sameRequest = { query: print(RemoveUserFromGroupDocument), variables };
    const [other, mine] = await Promise.all([
      request(facade.url).post("/").set("content-type", "application/json").set("idempotency-key", idempotencyKey).send(sameRequest),
      removeUserFromGroupWithRetries(`${facade.url}/`, variables, { idempotencyKey, attempts: 8, pauseMs: 50 }),
    ]);

    expect(mine.result.__typename).toBe("MembershipRemoval");
    expect([200, 409]).toContain(other.status);
    expect(facade.blueshift.requestsTo("removeUser")).toHaveLength(1);
  });
});
