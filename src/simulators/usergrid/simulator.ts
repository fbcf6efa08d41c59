import type { SimulatorHandle } from "../kit/simulator-handle";
import { extendSimulator, startSimulator } from "../kit/start-simulator";
import type { SimulatorServerOptions } from "../kit/start-simulator-server";
import type { UsergridContext } from "./context";
import { echoForms, type UsergridCredentialEcho } from "./credential-echo";
import { routeUsergrid, type UsergridRoute } from "./routes";
import { defaultUsergridClients, usergridSeed, type UsergridClient, type UsergridSeed } from "./seed";
import { UsergridState } from "./state";
import { UsergridTokens } from "./tokens";

export type { UsergridRoute } from "./routes";
export { usergridDemo, usergridSeed, usergridBulkSeed, bulkUser, USERGRID_BULK_GROUP, type UsergridClient, type UsergridGroup, type UsergridSeed, type UsergridUser } from "./seed";
export { usergridFaults } from "./faults";
export type { CredentialEchoOptions, UsergridCredential, UsergridCredentialEcho } from "./credential-echo";

export interface UsergridSimulatorOptions extends SimulatorServerOptions {
  /** Defaults to the demo data (docs/contract.md §5); reset() goes back to it. */
  seed?: UsergridSeed;
  /** `expires_in` of issued tokens; default 604800 (7 days, docs/usergrid.md §3); 0 never expires. */
  tokenTtlSeconds?: number;
  /** Application clients accepted by the client_credentials grant; default the demo client. */
  clients?: readonly UsergridClient[];
  /** Bench mode: a removed membership is restored at once, so every request does real work. */
  restoreAfterRemoval?: boolean;
  /** Credentials the simulator's own 401, 5xx and invalid_grant answers repeat in `error_description`; default none. */
  echoCredentials?: UsergridCredentialEcho;
}

export interface UsergridSimulator extends SimulatorHandle<UsergridRoute> {
  isMember(groupPathOrUuid: string, userUuid: string): boolean;
  addMember(groupPathOrUuid: string, userUuid: string): void;
  /** Every issued token then answers 401 auth_invalid, as after `revoketokens`. */
  revokeAllTokens(): void;
  /** Every issued token then answers 401 expired_token; tokens granted afterwards are valid. */
  expireAllTokens(): void;
  /**
   * From now until reset(), the simulator's own 401s (token rejections, guest), 5xx and 400
   * invalid_grant repeat these credentials as received in `error_description`; false stops it.
   */
  echoCredentials(echo: UsergridCredentialEcho | false): void;
  /** DELETEs that would have destroyed more than one membership (no user segment, a ql query, another entity). */
  readonly violations: readonly string[];
}

/** An Apache Usergrid application (`your-org/your-app`) on 127.0.0.1, per docs/usergrid.md §7. */
export async function startUsergridSimulator(options: UsergridSimulatorOptions = {}): Promise<UsergridSimulator> {
  const state = new UsergridState(options.seed ?? usergridSeed());
  const context: UsergridContext = {
    state,
    tokens: new UsergridTokens(),
    clients: options.clients ?? defaultUsergridClients,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 604800,
    restoreAfterRemoval: options.restoreAfterRemoval ?? false,
    violations: [],
    credentialEcho: { forms: echoForms(options.echoCredentials) },
  };
  const handle = await startSimulator<UsergridRoute>({
    host: options.host,
    port: options.port,
    route: (request) => routeUsergrid(request, context),
    answerDefaults: { contentType: "application/json", headers: () => ({}) },
    reseed: () => {
      state.reseed();
      context.tokens.revokeAll();
      context.violations.length = 0;
      context.credentialEcho.forms = echoForms(options.echoCredentials);
    },
  });
  const groupUuid = (pathOrUuid: string): string => {
    const group = state.group(pathOrUuid);
    if (!group) throw new Error(`Usergrid simulator has no group ${pathOrUuid}`);
    return group.uuid;
  };
  return extendSimulator(handle, {
    isMember: (groupPathOrUuid: string, userUuid: string) => state.isMember(groupUuid(groupPathOrUuid), userUuid),
    addMember: (groupPathOrUuid: string, userUuid: string) => {
      if (!state.userByUuid(userUuid)) throw new Error(`Usergrid simulator has no user ${userUuid}`);
      state.addMember(groupUuid(groupPathOrUuid), userUuid);
    },
    revokeAllTokens: () => context.tokens.revokeAll(),
    expireAllTokens: () => context.tokens.expireAll(),
    echoCredentials: (echo: UsergridCredentialEcho | false) => {
      context.credentialEcho.forms = echoForms(echo);
    },
    get violations(): readonly string[] {
      return context.violations;
    },
  });
}
