import { Provider } from "../../src/graphql/provider.enum";
import type { UserRef } from "../../src/graphql/user-ref.input";
import { ClientJobIdReusedError } from "../../src/jobs/client-job-id-reused.error";
import { assertSameRequest, clientJobKeyOf, requestFingerprintOf } from "../../src/jobs/client-job-id";

const ref = (fields: Partial<UserRef>): UserRef => fields as UserRef;
const UUID = "5f0c3c3e-6a8f-4d55-9d0a-0b5e9c4c1a11";

describe("what a clientJobId names", () => {
  it("keeps (caller, clientJobId) pairs apart whatever characters either holds", () => {
    const pairs: Array<[string, string]> = [
      ["alice\nx", "y"],
      ["alice", "x\ny"],
      ["alice:x", "y"],
      ["alice", "x:y"],
      ['alice","x', "y"],
      ["alice", 'x","y'],
      ["", "alicexy"],
      ["alicexy", ""],
    ];
    expect(new Set(pairs.map(([owner, id]) => clientJobKeyOf(owner, id))).size).toBe(pairs.length);
  });

  it("fingerprints the same request alike, and another provider, group, order or ref differently", () => {
    const refs = [ref({ uuid: UUID }), ref({ username: "jane" })];
    const fingerprint = requestFingerprintOf(Provider.USERGRID, "g", refs);
    expect(requestFingerprintOf(Provider.USERGRID, "g", [ref({ uuid: UUID }), ref({ username: "jane" })])).toBe(fingerprint);
    const others = [
      requestFingerprintOf(Provider.BLUESHIFT, "g", refs),
      requestFingerprintOf(Provider.USERGRID, "h", refs),
      requestFingerprintOf(Provider.USERGRID, "g", [...refs].reverse()),
      requestFingerprintOf(Provider.USERGRID, "g", refs.slice(1)),
      requestFingerprintOf(Provider.USERGRID, "g", [ref({ uuid: UUID }), ref({ email: "jane" })]),
      // The same text in the group or in a ref does not make two requests one.
      requestFingerprintOf(Provider.USERGRID, "g\",[[", refs),
    ];
    expect(new Set([fingerprint, ...others]).size).toBe(others.length + 1);
  });

  it("replays only the same request: another, or a job stored without a fingerprint, is CLIENT_JOB_ID_REUSED", () => {
    expect(() => assertSameRequest("a", "a")).not.toThrow();
    expect(() => assertSameRequest("a", "b")).toThrow(ClientJobIdReusedError);
    expect(() => assertSameRequest(null, "a")).toThrow(ClientJobIdReusedError);
  });
});
