import { describeBulk, removeUsersFromGroup } from "../../examples/client/remove-users";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { startFacade, type Facade } from "../support/facade";

describe("the bulk example client (examples/client/remove-users.ts)", () => {
  let facade: Facade;
  beforeEach(async () => {
    facade = await startFacade();
  });
  afterEach(() => facade.close());

  it("removes several users in one call and describes each answer in the order given", async () => {
    const refs = [`uuid=${blueshiftDemo.customerUuid}`, `email=${blueshiftDemo.secondMemberEmail}`, `uuid=${blueshiftDemo.groupLessCustomerUuid}`];
    const bulk = await removeUsersFromGroup(`${facade.url}/`, {
      provider: "BLUESHIFT",
      groupId: blueshiftDemo.groupId,
      userRefs: [{ uuid: blueshiftDemo.customerUuid }, { email: blueshiftDemo.secondMemberEmail }, { uuid: blueshiftDemo.groupLessCustomerUuid }],
    });
    expect(bulk).toMatchObject({ removed: 2, notMember: 1, failed: 0, unknown: 0 });
    expect(describeBulk(refs, bulk).split("\n")).toEqual([
      `${refs[0]}: removed`,
      `${refs[1]}: removed`,
      expect.stringMatching(new RegExp(`^${refs[2]}: MEMBERSHIP_NOT_FOUND: `)),
      "removed 2, not a member 1, failed 0, unknown 0",
    ]);
  });
});
