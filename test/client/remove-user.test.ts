import { describeOutcome, removeUserFromGroup } from "../../examples/client/remove-user";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { startFacade, type Facade } from "../support/facade";

describe("the example client (examples/client/remove-user.ts)", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  const url = () => `${facade.url}/`;

  it("removes a user and reads the typed removal", async () => {
    const result = await removeUserFromGroup(url(), { provider: "USERGRID", groupId: usergridDemo.groupPath, userRef: { username: usergridDemo.username } });
    if (result.__typename !== "MembershipRemoval") throw new Error(`expected a removal, got ${result.__typename}`);
    expect(result.user).toEqual({ provider: "USERGRID", id: usergridDemo.userUuid, username: usergridDemo.username, email: usergridDemo.userEmail });
    expect(result.group).toEqual({ provider: "USERGRID", id: usergridDemo.groupUuid });
    expect(describeOutcome(result)).toBe(`Removed ${usergridDemo.userEmail} from USERGRID group ${usergridDemo.groupUuid} at ${result.removedAt}.`);
  });

  it("reads an error through the MembershipError fallback branch", async () => {
    const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.groupLessCustomerUuid } } as const;
    const result = await removeUserFromGroup(url(), variables);
    expect(result).toMatchObject({ __typename: "MembershipNotFoundError", code: "MEMBERSHIP_NOT_FOUND", retryable: false, upstreamStatus: 404 });
    expect(describeOutcome(result)).toMatch(/^MEMBERSHIP_NOT_FOUND: Blueshift found no membership/);
  });

  it("reads the fields it selected on a specific error type", async () => {
    const result = await removeUserFromGroup(url(), { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { username: "someone" } });
    if (result.__typename !== "UnsupportedUserRefError") throw new Error(`expected UnsupportedUserRefError, got ${result.__typename}`);
    expect(result.supported).toEqual(["UUID", "EMAIL"]);
    expect(describeOutcome(result)).toMatch(/Use one of: UUID, EMAIL\.$/);
  });

  it("throws when the server refuses the request itself", async () => {
    await expect(removeUserFromGroup(url(), { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: "not-a-uuid" } })).rejects.toThrow(
      /HTTP 400.*not a valid UUID/,
    );
  });
});
