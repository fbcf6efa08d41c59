import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { composeSupergraph, readSupergraphConfig } from "../../federation/compose-supergraph";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { callerToken, SECRET_AUTH } from "../support/caller-tokens";
import { startDirectorySubgraph } from "../support/directory-subgraph";
import { startFacade, type Facade } from "../support/facade";
import { startHiveGateway, type HiveGateway } from "../support/hive-gateway";
import { startRecordingProxy, type RecordingProxy } from "../support/recording-proxy";
import { startTracing, type Tracing } from "../../src/telemetry/tracing";

const FEDERATION = join(__dirname, "..", "..", "federation");

const REMOVE_WITH_NAMES = /* GraphQL */ `
  mutation RemoveWithNames($provider: Provider!, $groupId: ID!, $userRef: UserRef!) {
    removeUserFromGroup(provider: $provider, groupId: $groupId, userRef: $userRef) {
      __typename
      ... on MembershipRemoval {
        group { provider id name }
        user { provider id displayName }
      }
      ... on MembershipError { code message }
    }
  }
`;

interface GatewayAnswer {
  headers: Headers;
  body: {
    data?: { removeUserFromGroup: Record<string, unknown> } | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

/** A W3C traceparent as a caller (a browser, an edge proxy) sends it: version, trace id, parent span id, flags. */
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

const traceIdOf = (traceparent: string | string[] | undefined) => (typeof traceparent === "string" ? traceparent.split("-")[1] : undefined);

/**
 * Hive Gateway as a user runs it: `hive-gateway supergraph <file> -c federation/gateway.config.ts`,
 * a process of its own, over a supergraph composed from federation/supergraph.yaml with this test's
 * routing URLs. Caller auth is on at this server. A recording pass-through in front of each
 * subgraph shows what the gateway sent it.
 */
describe("the supergraph through Hive Gateway (federation/gateway.config.ts)", () => {
  let facade: Facade;
  let membership: RecordingProxy;
  let directory: RecordingProxy;
  let closeDirectory: () => Promise<void>;
  let gateway: HiveGateway;
  /** The same gateway without the configuration file: it forwards no caller header. */
  let bareGateway: HiveGateway;
  let workDir: string;
  let token: string;

  let tracing: Tracing;
  beforeAll(async () => {
    // As npm start runs it without an exporter: spans made and propagated, none exported.
    tracing = startTracing();
    facade = await startFacade({ auth: SECRET_AUTH });
    membership = await startRecordingProxy(facade.url);
    const directoryServer = await startDirectorySubgraph();
    closeDirectory = directoryServer.close;
    directory = await startRecordingProxy(directoryServer.url);
    workDir = mkdtempSync(join(tmpdir(), "supergraph-"));
    const supergraphFile = join(workDir, "supergraph.graphql");
    const env = { MEMBERSHIP_SUBGRAPH_URL: membership.url, DIRECTORY_SUBGRAPH_URL: directory.url };
    writeFileSync(supergraphFile, composeSupergraph(readSupergraphConfig(join(FEDERATION, "supergraph.yaml"), env)));
    [gateway, bareGateway] = await Promise.all([startHiveGateway(supergraphFile, join(FEDERATION, "gateway.config.ts")), startHiveGateway(supergraphFile)]);
    token = await callerToken();
    // Two gateway processes start, each loading its TypeScript configuration: seconds each on a
    // machine busy with the rest of the suite.
  }, 60_000);
  afterAll(async () => {
    await Promise.all([gateway?.close(), bareGateway?.close()]);
    await Promise.all([membership?.close(), directory?.close(), closeDirectory?.(), facade?.close()]);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    await tracing?.shutdown();
  });
  beforeEach(() => {
    membership.clear();
    directory.clear();
  });

  const send = async (url: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GatewayAnswer> => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: REMOVE_WITH_NAMES, variables }) });
    return { headers: response.headers, body: (await response.json()) as GatewayAnswer["body"] };
  };

  it("removes a user, answers the group's name from the companion subgraph, and forwards the caller's token to this server", async () => {
    const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } };
    const { body } = await send(gateway.url, variables, { authorization: `Bearer ${token}` });
    expect(body.errors).toBeUndefined();
    expect(body.data?.removeUserFromGroup).toEqual({
      __typename: "MembershipRemoval",
      group: { provider: "BLUESHIFT", id: blueshiftDemo.groupId, name: "Orion Retail shoppers" },
      user: { provider: "BLUESHIFT", id: blueshiftDemo.customerUuid, displayName: "Orion Shopper" },
    });
    expect(membership.received.map((headers) => headers.authorization)).toEqual([`Bearer ${token}`]);
    expect(facade.blueshift.isMember(blueshiftDemo.groupId, blueshiftDemo.customerUuid)).toBe(false);
  });

  it("without header propagation sends no token, so this server answers UNAUTHENTICATED and calls no provider", async () => {
    const variables = { provider: "USERGRID", groupId: usergridDemo.groupPath, userRef: { username: usergridDemo.secondMemberUsername } };
    const { body } = await send(bareGateway.url, variables, { authorization: `Bearer ${token}` });
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED", serviceName: "membership" }) })]);
    expect(membership.received).toHaveLength(1);
    expect(membership.received[0]?.authorization).toBeUndefined();
    expect(facade.usergrid.requestsTo("removeUser")).toHaveLength(0);
  });

  it("passes the caller's trace context and x-request-id on to this server and the companion, and this server on to Usergrid", async () => {
    const variables = { provider: "USERGRID", groupId: usergridDemo.groupPath, userRef: { username: usergridDemo.username } };
    facade.usergrid.clearRequests();
    const { headers, body } = await send(gateway.url, variables, { authorization: `Bearer ${token}`, traceparent: TRACEPARENT, "x-request-id": "ticket-4711" });
    expect(body.data?.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval", group: { name: "Some Group" } });
    for (const received of [...membership.received, ...directory.received]) {
      expect(traceIdOf(received.traceparent)).toBe(TRACE_ID);
      expect(received["x-request-id"]).toBe("ticket-4711");
    }
    expect([membership.received.length, directory.received.length]).toEqual([1, 1]);
    expect(headers.get("x-request-id")).toBe("ticket-4711");
    // The same trace, continued through this server to every call it made for the removal.
    expect(facade.usergrid.requests.length).toBeGreaterThan(0);
    for (const sent of facade.usergrid.requests) expect(traceIdOf(sent.headers.traceparent)).toBe(TRACE_ID);
  });

  it("keeps the caller's token and Idempotency-Key from the companion subgraph", async () => {
    const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.multiGroupCustomerUuid } };
    await send(gateway.url, variables, { authorization: `Bearer ${token}`, "idempotency-key": "companion-never-sees-this" });
    expect(directory.received).toHaveLength(1);
    expect(directory.received[0]).not.toHaveProperty("authorization");
    expect(directory.received[0]).not.toHaveProperty("idempotency-key");
    expect(membership.received[0]).toMatchObject({ authorization: `Bearer ${token}`, "idempotency-key": "companion-never-sees-this" });
  });

  it("runs a removal retried with the same Idempotency-Key once, and tells the client the second answer is a replay", async () => {
    const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.secondMemberUuid } };
    const headers = { authorization: `Bearer ${token}`, "idempotency-key": "retry-of-removal-1" };
    const first = await send(gateway.url, variables, headers);
    const second = await send(gateway.url, variables, headers);
    expect(second.body).toEqual(first.body);
    expect(first.body.data?.removeUserFromGroup).toMatchObject({ __typename: "MembershipRemoval" });
    expect([first.headers.get("idempotent-replayed"), second.headers.get("idempotent-replayed")]).toEqual([null, "true"]);
    const removals = facade.blueshift.requestsTo("removeUser").filter((request) => request.path.endsWith(`/user/${blueshiftDemo.secondMemberUuid}`));
    expect(removals).toHaveLength(1);
  });
});
