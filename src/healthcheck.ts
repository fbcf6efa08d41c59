import { get } from "node:http";
import { listenAddressOf } from "./config/listen-address";

/**
 * The container's HEALTHCHECK (Dockerfile): exits 0 when GET /healthz on this server's PORT
 * answers 200 within TIMEOUT_MS, 1 otherwise. Node itself, because slim images have neither curl
 * nor wget. It reads PORT and HOST as the server does, and nothing else: a health check must not
 * fail on the rest of the configuration.
 */
const TIMEOUT_MS = 2_000;

/** Where the server is reached from inside its own container: a wildcard HOST listens on loopback too. */
function reachableHost(host: string | undefined): string {
  if (!host || host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "::1";
  return host;
}

const { port, host } = listenAddressOf();
const request = get({ host: reachableHost(host), port, path: "/healthz", timeout: TIMEOUT_MS }, (response) => {
  response.resume();
  process.exitCode = response.statusCode === 200 ? 0 : 1;
});
request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
request.on("error", (error) => {
  process.stderr.write(`healthcheck: ${error.message}\n`);
  process.exitCode = 1;
});
