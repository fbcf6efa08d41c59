import { setMaxListeners } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { text } from "node:stream/consumers";
import { setTimeout as sleep } from "node:timers/promises";
import { FaultScript } from "./fault-script";
import { playFault } from "./play-fault";
import type { IncomingRequest, RecordedRequest } from "./recorded-request";
import { sendAnswer, type AnswerDefaults, type SimulatorAnswer } from "./simulator-answer";
import type { SimulatorHandle } from "./simulator-handle";
import { startSimulatorServer, type SimulatorServerOptions } from "./start-simulator-server";

/** Where a request goes, decided from the request alone, before any fault or delay. */
export interface SimulatorRouting<Route extends string> {
  readonly route: Route | "unrouted";
  /** Does the route's real work (state changes included) and says what to answer. */
  respond(): SimulatorAnswer;
}

/** The part that differs between upstreams: routing, answer defaults and seed. */
export interface SimulatorDefinition<Route extends string> extends SimulatorServerOptions {
  route(request: IncomingRequest): SimulatorRouting<Route>;
  answerDefaults: AnswerDefaults;
  reseed(): void;
}

/** Starts a stateful simulator: records every request, plays scripted faults, tracks concurrency. */
export async function startSimulator<Route extends string>(definition: SimulatorDefinition<Route>): Promise<SimulatorHandle<Route>> {
  const script = new FaultScript<Route>();
  // Aborts pending delays on close, so no timer outlives the simulator.
  const closing = new AbortController();
  // Every delayed answer listens on this one signal until its delay ends: hundreds at once under
  // load with latency is the design, not the leak Node's default warning (at 11) suspects.
  setMaxListeners(0, closing.signal);
  let requests: RecordedRequest<Route>[] = [];
  let latencyMs = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const wait = (ms: number): Promise<void> => (ms > 0 ? sleep(ms, undefined, { signal: closing.signal }) : Promise.resolve());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // "close" comes once the answer is written or the connection is gone (a hung request
    // stays in flight until its client gives up).
    res.once("close", () => {
      inFlight -= 1;
    });
    const incoming: IncomingRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body: await text(req) };
    const routing = definition.route(incoming);
    requests.push({ ...incoming, route: routing.route, receivedAt });
    const fault = routing.route === "unrouted" ? undefined : script.take(routing.route);
    await wait(latencyMs);
    // The work is done even when the client has already given up: a real upstream does not
    // notice either, which is why a timeout leaves the outcome unknown (docs/contract.md §2).
    await playFault(fault, routing.respond, {
      request: incoming,
      send: (answer) => sendAnswer(res, answer, definition.answerDefaults),
      destroy: () => req.socket.destroy(),
      wait,
    });
  }

  const server = await startSimulatorServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A client that gave up mid-body, or close() during a delay: nobody is left to answer.
      if (closing.signal.aborted || res.destroyed) return;
      // Anything else is a simulator defect; answer it loudly rather than hang the test.
      sendAnswer(res, { status: 500, body: { simulatorDefect: String(error) } }, definition.answerDefaults);
    });
  }, definition);

  return {
    url: server.url,
    get requests() {
      return requests;
    },
    requestsTo: (route) => requests.filter((request) => request.route === route),
    clearRequests: () => {
      requests = [];
    },
    script: (route, answers) => script.append(route, answers),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    reset: () => {
      script.clear();
      requests = [];
      latencyMs = 0;
      maxInFlight = inFlight;
      definition.reseed();
    },
    openSockets: server.openSockets,
    close: async () => {
      closing.abort();
      await server.close();
    },
  };
}

/** Adds a simulator's own members to its handle, keeping getters live (Object.assign would copy their values once). */
export function extendSimulator<Handle extends object, Extras extends object>(handle: Handle, extras: Extras): Handle & Extras {
  return Object.defineProperties(handle, Object.getOwnPropertyDescriptors(extras)) as Handle & Extras;
}
