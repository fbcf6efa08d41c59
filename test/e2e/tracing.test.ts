import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { SpanKind } from "@opentelemetry/api";
import request from "supertest";
import { BLUESHIFT_BULK_GROUP_ID, blueshiftBulkSeed, bulkCustomer } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { startTracing, type Tracing } from "../../src/telemetry/tracing";
import { REMOVAL_MUTATION, startFacade, type Facade } from "../support/facade";
import { logCapture, type LogLine } from "../support/log-capture";
import { START_BULK_REMOVAL } from "../support/bulk-job-behaviours";

/**
 * docs/contract.md §11 through real HTTP: the caller's trace continues through this server to the
 * upstream, its spans nest operation > removal > upstream attempt on both lanes, and every log line
 * of a request carries its trace_id and x-request-id.
 */

const spans = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(() => {
  tracing = startTracing({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
});
afterAll(() => tracing.shutdown());

let facade: Facade;
let log: ReturnType<typeof logCapture>;
afterEach(async () => {
  await facade.close();
  spans.reset();
});

async function start(options: { fastLane: boolean; maxConcurrent?: number }): Promise<void> {
  log = logCapture();
  facade = await startFacade({
    fastLane: options.fastLane,
    blueshiftSimulator: { seed: blueshiftBulkSeed(10) },
    log: { level: "debug", destination: log.destination },
    tuning: options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent, maxQueued: 100 },
  });
}

/** A W3C traceparent for a new trace whose id ends in `n`. */
function traceparentFor(n: number): { traceId: string; header: string } {
  const traceId = `4bf92f3577b34da6a3ce929d0e0e${n.toString(16).padStart(4, "0")}`;
  return { traceId, header: `00-${traceId}-00f067aa0ba902b7-01` };
}

function removeMember(index: number, headers: Record<string, string>): request.Test {
  const variables = { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRef: { uuid: bulkCustomer(index).uuid } };
  return request(facade.url).post("/").set("content-type", "application/json").set(headers).send({ query: REMOVAL_MUTATION, variables, operationName: "Remove" });
}

const inTrace = (traceId: string) => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const linesOf = (requestId: string): LogLine[] => log.lines().filter((l) => l.request_id === requestId);
/** What the Blueshift simulator was sent, of which a test about what reaches a provider needs some. */
function sentToBlueshift(): typeof facade.blueshift.requests {
  const sent = facade.blueshift.requests;
  expect(sent.length).toBeGreaterThan(0);
  return sent;
}

describe.each([
  ["the fast lane", true],
  ["Apollo's path", false],
])("a removal traced on %s", (_lane, fastLane) => {
  it("continues the caller's trace to Blueshift, nests operation > removal > attempt, and puts trace_id and x-request-id on every log line", async () => {
    await start({ fastLane });
    const { traceId, header } = traceparentFor(1);
    const response = await removeMember(0, { traceparent: header, "x-request-id": "ticket-4711", baggage: "tenant=acme,secret=from-the-caller" });

    expect(response.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    expect(response.headers["x-request-id"]).toBe("ticket-4711");
    const upstream = sentToBlueshift();
    for (const r of upstream) expect(r.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // The trace context only: what a caller puts in `baggage` is not carried on to a provider.
    for (const r of upstream) expect(r.headers.baggage).toBeUndefined();

    const trace = inTrace(traceId);
    const operation = trace.find((s) => s.name === "graphql Remove");
    const removal = trace.find((s) => s.name === "removal");
    const attempts = trace.filter((s) => s.kind === SpanKind.CLIENT);
    expect(operation?.attributes).toMatchObject({ "graphql.operation.name": "Remove", "http.response.status_code": 200 });
    expect(parentOf(operation!)).toBe("00f067aa0ba902b7");
    expect(removal?.attributes).toMatchObject({ "membership.provider": "BLUESHIFT", "membership.group_id": BLUESHIFT_BULK_GROUP_ID, "membership.user_ref": "UUID", "membership.result": "MembershipRemoval" });
    expect(parentOf(removal!)).toBe(operation?.spanContext().spanId);
    expect(attempts).toHaveLength(upstream.length);
    for (const attempt of attempts) expect(parentOf(attempt)).toBe(removal?.spanContext().spanId);
    // The span the upstream was told is its parent is the attempt's own.
    expect(upstream.map((r) => String(r.headers.traceparent).split("-")[2]).sort()).toEqual(attempts.map((a) => a.spanContext().spanId).sort());

    const lines = linesOf("ticket-4711");
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["upstream attempt", "graphql request"]));
    for (const line of lines) expect(line.trace_id).toBe(traceId);
  });
});

describe("attempt spans", () => {
  it("name each Usergrid request by its route's template, never by the email it looks up", async () => {
    await start({ fastLane: true });
    const { traceId, header } = traceparentFor(2);
    const variables = { provider: "USERGRID", groupId: usergridDemo.groupPath, userRef: { email: usergridDemo.thirdMemberEmail } };
    const response = await request(facade.url).post("/").set("content-type", "application/json").set("traceparent", header).send({ query: REMOVAL_MUTATION, variables, operationName: "Remove" });

    expect(response.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    const attempts = inTrace(traceId).filter((s) => s.kind === SpanKind.CLIENT);
    // The token this first call needed, the users query that resolves the email, the membership
    // read and the DELETE.
    expect(attempts.map((a) => a.attributes["http.request.method"])).toEqual(["POST", "GET", "GET", "DELETE"]);
    for (const attempt of attempts) {
      expect(attempt.name).toBe(`${attempt.attributes["http.request.method"]} ${attempt.attributes["url.template"]}`);
      expect(attempt.attributes).toMatchObject({ "server.address": "127.0.0.1", "http.response.status_code": 200 });
    }
    expect(attempts.map((a) => a.attributes["url.template"])).toEqual(["/{org}/{app}/token", "/{org}/{app}/users?ql={query}", "/{org}/{app}/groups/{group_path}/users/{user}", "/{org}/{app}/groups/{group_path}/users/{user_uuid}"]);
    const everything = JSON.stringify(inTrace(traceId).map((s) => ({ name: s.name, attributes: s.attributes, events: s.events })));
    expect(everything).not.toContain(usergridDemo.thirdMemberEmail);
    expect(everything).not.toContain(encodeURIComponent(usergridDemo.thirdMemberEmail));
  });

  it("are not made in a trace the caller did not sample, whose context still reaches the provider", async () => {
    await start({ fastLane: true });
    const traceId = "4bf92f3577b34da6a3ce929d0e0e0003";
    const response = await removeMember(3, { traceparent: `00-${traceId}-00f067aa0ba902b7-00` });

    expect(response.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    expect(inTrace(traceId)).toEqual([]);
    const upstream = sentToBlueshift();
    // Not sampled, as the caller said; the parent it names is the operation's unrecorded span.
    for (const r of upstream) expect(r.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-(?!00f067aa0ba902b7)[0-9a-f]{16}-00$`));
  });
});

describe("a caller's trace context", () => {
  it("reaches a provider only as W3C allows: invalid tracestate entries dropped, at most 32 kept", async () => {
    await start({ fastLane: true });
    const { traceId, header } = traceparentFor(5);
    const many = Array.from({ length: 40 }, (_, i) => `k${i}=v${i}`).join(",");
    const response = await removeMember(5, { traceparent: header, tracestate: `good=1,Bad Key=2,evil=a=b,${many}` });

    expect(response.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    const upstream = sentToBlueshift();
    for (const r of upstream) {
      expect(r.headers.traceparent).toContain(traceId);
      const members = String(r.headers.tracestate).split(",");
      expect(members[0]).toBe("good=1");
      expect(members).toHaveLength(32);
      for (const member of members) expect(member).toMatch(/^[a-z][a-z0-9_\-*/]*=[\x20-\x2b\x2d-\x3c\x3e-\x7e]*[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/);
    }
  });

  it.each([
    ["the version W3C forbids (ff)", "ff-4bf92f3577b34da6a3ce929d0e0e0006-00f067aa0ba902b7-01"],
    ["an all-zero trace id", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"],
    ["an all-zero parent id", "00-4bf92f3577b34da6a3ce929d0e0e0006-0000000000000000-01"],
    ["a header too long", `00-4bf92f3577b34da6a3ce929d0e0e0006-00f067aa0ba902b7-01${"-x".repeat(600)}`],
  ])("is not continued when its traceparent has %s: the removal runs in a trace of this server's own", async (_why, given) => {
    await start({ fastLane: true });
    const response = await removeMember(6, { traceparent: given, tracestate: "good=1", "x-request-id": "bad-traceparent" });

    expect(response.body.data.removeUserFromGroup.__typename).toBe("MembershipRemoval");
    const [line] = linesOf("bad-traceparent").filter((l) => l.msg === "graphql request");
    const traceId = String(line?.trace_id);
    expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
    expect(given).not.toContain(traceId);
    const upstream = sentToBlueshift();
    for (const r of upstream) {
      expect(r.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
      // The tracestate of a trace that was not continued is not carried on either.
      expect(r.headers.tracestate).toBeUndefined();
    }
  });
});

describe("x-request-id", () => {
  it("is made for a request that brings none, echoed, and logged with the trace this server started", async () => {
    await start({ fastLane: true });
    const response = await removeMember(1, {});

    const requestId = String(response.headers["x-request-id"]);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [line] = linesOf(requestId).filter((l) => l.msg === "graphql request");
    expect(line?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    for (const r of facade.blueshift.requests) expect(r.headers.traceparent).toContain(String(line?.trace_id));
  });

  it.each([
    ["with a space", "ticket 4711"],
    ["too long", "x".repeat(129)],
    ["with a quote", 'a"b'],
    ["not ASCII", "tïcket-4711"],
  ])("is replaced, never echoed or logged, when the caller's is %s", async (_why, given) => {
    await start({ fastLane: true });
    const response = await removeMember(2, { "x-request-id": given });

    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(log.lines())).not.toContain(JSON.stringify(given).slice(1, -1));
  });

  it("is on answers the lanes never see: a request refused for its body", async () => {
    await start({ fastLane: true });
    const response = await request(facade.url).post("/").set("content-type", "application/json").set("x-request-id", "bad-body-1").send("{not json");

    expect(response.status).toBe(400);
    expect(response.headers["x-request-id"]).toBe("bad-body-1");
  });
});

describe("a bulk-removal job started in a traced request", () => {
  it("runs in traces of its own, and its log lines do not carry the starting request's ids", async () => {
    await start({ fastLane: true });
    const { traceId, header } = traceparentFor(4);
    const userRefs = [0, 1, 2].map((i) => ({ uuid: bulkCustomer(i).uuid }));
    const started = await request(facade.url).post("/").set("content-type", "application/json").set({ traceparent: header, "x-request-id": "job-starter-1" })
      .send({ query: START_BULK_REMOVAL, variables: { provider: "BLUESHIFT", groupId: BLUESHIFT_BULK_GROUP_ID, userRefs } });
    const id = String(started.body.data.startBulkRemoval.id);
    let job: { removed: number; finishedAt: string | null } = { removed: 0, finishedAt: null };
    while (job.finishedAt === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const polled = await request(facade.url).post("/").set("content-type", "application/json").send({ query: "query Job($id: ID!) { bulkRemoval(id: $id) { removed finishedAt } }", variables: { id } });
      job = polled.body.data.bulkRemoval;
    }

    expect(job.removed).toBe(3);
    const upstream = sentToBlueshift();
    for (const r of upstream) expect(r.headers.traceparent).not.toContain(traceId);
    // Each unit's removal starts a trace of its own.
    const jobTraces = new Set(spans.getFinishedSpans().filter((s) => s.name === "removal").map((s) => s.spanContext().traceId));
    expect(jobTraces.size).toBe(3);
    expect(jobTraces.has(traceId)).toBe(false);
    const attemptLines = log.lines().filter((l) => l.msg === "upstream attempt");
    expect(attemptLines.length).toBeGreaterThan(0);
    for (const line of attemptLines) {
      expect(line.request_id).toBeUndefined();
      expect(line.trace_id).not.toBe(traceId);
    }
    // The starting request's own lines lead to the job.
    const startLine = linesOf("job-starter-1").find((l) => l.msg === "bulk removal job started");
    expect(startLine).toMatchObject({ jobId: id, trace_id: traceId, total: 3 });
  });
});

describe("under load", () => {
  it("keeps each attempt in its own removal's trace when attempts wait in the provider's bulkhead", async () => {
    // One place in the bulkhead: every attempt but one waits, and is run when another leaves.
    await start({ fastLane: true, maxConcurrent: 1 });
    const traces = Array.from({ length: 6 }, (_, i) => traceparentFor(100 + i));
    const answers = await Promise.all(traces.map(({ header }, i) => removeMember(i, { traceparent: header })));

    expect(answers.map((a) => a.body.data.removeUserFromGroup.__typename)).toEqual(Array(6).fill("MembershipRemoval"));
    for (const { traceId } of traces) {
      const trace = inTrace(traceId);
      const removal = trace.find((s) => s.name === "removal");
      const attempts = trace.filter((s) => s.kind === SpanKind.CLIENT);
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) expect(parentOf(attempt)).toBe(removal?.spanContext().spanId);
    }
    // Every request Blueshift received belongs to the trace of the removal that sent it.
    const sent = facade.blueshift.requests.map((r) => String(r.headers.traceparent).split("-")[1]);
    expect(new Set(sent)).toEqual(new Set(traces.map((t) => t.traceId)));
    expect(spans.getFinishedSpans().filter((s) => s.kind === SpanKind.CLIENT)).toHaveLength(sent.length);
  });
});
