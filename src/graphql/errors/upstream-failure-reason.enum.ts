import { registerEnumType } from "type-graphql";

export enum UpstreamFailureReason {
  TIMEOUT = "TIMEOUT",
  NETWORK = "NETWORK",
  SERVER_ERROR = "SERVER_ERROR",
  CIRCUIT_OPEN = "CIRCUIT_OPEN",
  OVERLOADED = "OVERLOADED",
}

registerEnumType(UpstreamFailureReason, {
  name: "UpstreamFailureReason",
  valuesConfig: {
    TIMEOUT: { description: "The upstream did not answer in time." },
    NETWORK: { description: "The connection was refused, reset or could not be made." },
    SERVER_ERROR: { description: "The upstream answered with a server error status." },
    CIRCUIT_OPEN: { description: "This server did not call the upstream: recent calls to it failed (circuit open)." },
    OVERLOADED: { description: "This server did not call the upstream: too many calls to it are already in flight or queued here." },
  },
});
