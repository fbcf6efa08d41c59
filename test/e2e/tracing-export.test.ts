import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { blueshiftDemo } from "../../src/simulators/blueshift/simulator";
import { usergridDemo } from "../../src/simulators/usergrid/simulator";
import { REMOVAL_MUTATION } from "../support/facade";
import { startServerProcess, serverBuild, type ServerProcess } from "../support/server-process";

/**
 * docs/contract.md §11 as `npm start` runs it: OpenTelemetry started before anything else, the
 * operation's span continuing the caller's trace, graphql-js's spans beneath it, and spans exported over OTLP
 * (OTLP/HTTP with JSON, as @opentelemetry/exporter-trace-otlp-http sends it) once an endpoint is set.
 */

const build = serverBuild;

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** An OTLP/HTTP traces receiver on 127.0.0.1: each export as it was sent, and every span in them. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; spans: () => ExportedSpan[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (req.url === "/v1/traces") bodies.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const spans = () =>
    bodies.flatMap((body) => (JSON.parse(body) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: ExportedSpan[] }> }> }).resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, spans, server };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let server: ServerProcess | null = null;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  server?.child.kill("SIGKILL");
  await server?.exited;
  server = null;
  await new Promise((resolve) => receiver.server.close(resolve));
});

const TRACE_ID = "5b8efff798038103d269b633813fc60c";
const CALLER_SPAN_ID = "eee19b7ec3c1b174";

describe("npm start's tracing", () => {
  it("exports the operation, removal and attempt spans over OTLP, under the operation span that continues the caller's trace", async () => {
    server = await startServerProcess(build(), {
      LOG_LEVEL: "warn",
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      // Exported a tenth of a second after they end rather than five.
      OTEL_BSP_SCHEDULE_DELAY: "100",
    });
    const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.customerUuid } };
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
      body: JSON.stringify({ query: REMOVAL_MUTATION, variables, operationName: "Remove" }),
    });
    expect(((await response.json()) as { data: { removeUserFromGroup: { __typename: string } } }).data.removeUserFromGroup.__typename).toBe("MembershipRemoval");

    const inTrace = () => receiver.spans().filter((s) => s.traceId === TRACE_ID);
    while (!inTrace().some((s) => s.name.startsWith("DELETE")) || !inTrace().some((s) => s.name === "graphql Remove")) await sleep(50);
    const spans = inTrace();
    const named = (name: string) => spans.find((s) => s.name === name);
    expect(named("graphql Remove")?.parentSpanId).toBe(CALLER_SPAN_ID);
    // graphql-js's own spans (the graphql instrumentation) sit between the operation and the removal.
    expect(named("mutation Remove")?.parentSpanId).toBe(named("graphql Remove")?.spanId);
    expect(named("removal")?.parentSpanId).toBe(named("mutation Remove")?.spanId);
    expect(spans.find((s) => s.name.startsWith("DELETE"))?.parentSpanId).toBe(named("removal")?.spanId);
    expect(spans.filter((s) => s.name.startsWith("graphql.resolve"))).toEqual([]);
  }, 60_000);

  it("exports no email a caller wrote into the document, though graphql-js's spans record its source", async () => {
    server = await startServerProcess(build(), { LOG_LEVEL: "warn", OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "100" });
    // Literals in the document, not variables: a string and a block string, both the email. Nobody
    // in Usergrid has it, so the answer's message names it too.
    const email = "not-a-member@example.com";
    const query = `mutation Inline { removeUserFromGroup(provider: USERGRID, groupId: "${usergridDemo.groupPath}", userRef: { email: """${email}""" }) { __typename ... on MembershipError { message } } }`;
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
      body: JSON.stringify({ query, operationName: "Inline" }),
    });
    expect(await response.text()).toContain(email);

    while (!receiver.spans().some((s) => s.traceId === TRACE_ID && s.name === "removal")) await sleep(50);
    const exported = receiver.bodies.join("\n");
    // graphql-js's spans carry the document, its values masked: the check below could fail.
    expect(exported).toContain('"key":"graphql.source"');
    expect(exported).not.toContain(email);
    expect(exported).not.toContain(encodeURIComponent(email));
  }, 60_000);

  it("leaves out graphql-js's spans, and only those, with OTEL_NODE_DISABLED_INSTRUMENTATIONS=graphql", async () => {
    server = await startServerProcess(build(), { LOG_LEVEL: "warn", OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "100", OTEL_NODE_DISABLED_INSTRUMENTATIONS: "graphql" });
    const variables = { provider: "BLUESHIFT", groupId: blueshiftDemo.groupId, userRef: { uuid: blueshiftDemo.secondMemberUuid } };
    await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
      body: JSON.stringify({ query: REMOVAL_MUTATION, variables, operationName: "Remove" }),
    });

    while (!receiver.spans().some((s) => s.traceId === TRACE_ID && s.name.startsWith("DELETE"))) await sleep(50);
    const spans = receiver.spans().filter((s) => s.traceId === TRACE_ID);
    expect(spans.filter((s) => s.name.startsWith("graphql.") || s.name === "mutation Remove")).toEqual([]);
    expect(spans.find((s) => s.name === "removal")?.parentSpanId).toBe(spans.find((s) => s.name === "graphql Remove")?.spanId);
  }, 60_000);

  it("still stops cleanly, exporting what it holds, on SIGTERM", async () => {
    server = await startServerProcess(build(), { LOG_LEVEL: "info", OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ providers { provider } }" }) });
    server.child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => server?.child.once("exit", (exitCode) => resolve(exitCode)));

    expect(code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    // The default delay is five seconds: the query's spans arrived because shutdown flushed them.
    expect(receiver.spans().some((s) => s.name === "graphql anonymous")).toBe(true);
  }, 60_000);
});
