import type { IncomingRequest } from "../kit/recorded-request";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { UsergridCredential } from "./credential-echo";
import type { ApplicationScope } from "./entities";
import type { UsergridClient } from "./seed";
import type { UsergridState } from "./state";
import type { UsergridTokens } from "./tokens";

/** Everything one Usergrid simulator holds. */
export interface UsergridContext {
  readonly state: UsergridState;
  readonly tokens: UsergridTokens;
  readonly clients: readonly UsergridClient[];
  readonly tokenTtlSeconds: number;
  readonly restoreAfterRemoval: boolean;
  /** Requests that would have destroyed more than one membership on a real Usergrid. */
  readonly violations: string[];
  /** Credentials the simulator's own 401, 5xx and invalid_grant answers repeat; a test switches it. */
  readonly credentialEcho: { forms: readonly UsergridCredential[] };
}

/** A request that passed the token and org/app checks, ready for its route's handler. */
export interface UsergridCall {
  readonly request: IncomingRequest;
  readonly query: URLSearchParams;
  readonly scope: ApplicationScope;
  readonly context: UsergridContext;
}

export type UsergridHandler = (call: UsergridCall) => SimulatorAnswer;
