import { randomUUID } from "node:crypto";
import type { SimulatorHandle } from "../kit/simulator-handle";
import { extendSimulator, startSimulator } from "../kit/start-simulator";
import type { SimulatorServerOptions } from "../kit/start-simulator-server";
import { defaultBlueshiftApiKeys, type BlueshiftKeyAccess } from "./auth";
import { echoForms, type BlueshiftCredentialEcho } from "./credential-echo";
import { routeBlueshift, type BlueshiftEmailSearchMode, type BlueshiftRoute } from "./routes";
import { blueshiftSeed, type BlueshiftSeed } from "./seed";
import { BlueshiftState } from "./state";

export type { BlueshiftEmailSearchMode, BlueshiftRoute } from "./routes";
export type { BlueshiftCredential, BlueshiftCredentialEcho, CredentialEchoOptions } from "./credential-echo";
export type { BlueshiftKeyAccess } from "./auth";
export { blueshiftDemo, blueshiftSeed, blueshiftBulkSeed, bulkCustomer, BLUESHIFT_BULK_GROUP_ID, type BlueshiftSeed, type BlueshiftCustomer, type BlueshiftGroup } from "./seed";
export { blueshiftFaults } from "./faults";

export interface BlueshiftSimulatorOptions extends SimulatorServerOptions {
  /** Defaults to the demo data (docs/contract.md §5); reset() goes back to it. */
  seed?: BlueshiftSeed;
  /** An email search without a match: 200 `{"users":[]}` or 404 (undocumented, docs/blueshift.md §5). Default "empty-200". */
  emailMiss?: "empty-200" | "404";
  /** Removing a non-member: 404 or 200 (undocumented, docs/blueshift.md §11 Q3). Default 404. */
  nonMember?: 404 | 200;
  /** Bench mode: a removed membership is restored at once, so every request does real work. */
  restoreAfterRemoval?: boolean;
  /** Key → access; replaces the demo keys (one instance per region has its own keys, docs/blueshift.md §12). */
  apiKeys?: Readonly<Record<string, BlueshiftKeyAccess>>;
  /** Whether an email search may answer customers with another email (docs/blueshift.md §5, "most relevant match"). Default "exact". */
  emailSearch?: BlueshiftEmailSearchMode;
  /** The customer answered as the relevant match; default the one whose email is closest to the one searched. */
  relevantCustomerUuid?: string;
  /** Forms of the key the simulator's own 400, 401 and 403 answers repeat in the body; default none. */
  echoCredentials?: BlueshiftCredentialEcho;
}

export interface BlueshiftSimulator extends SimulatorHandle<BlueshiftRoute> {
  isMember(groupId: string, uuid: string): boolean;
  /** Creates the group if needed; the customer must exist. */
  addMember(groupId: string, uuid: string): void;
  /** Until reset(), which goes back to the options' choice; see BlueshiftEmailSearchMode. */
  setEmailSearch(mode: BlueshiftEmailSearchMode, relevantCustomerUuid?: string): void;
  /** Until reset(), the simulator's own 400, 401 and 403 answers repeat these forms of the received key; false stops it. */
  echoCredentials(echo: BlueshiftCredentialEcho | false): void;
}

/** A Blueshift customer-group and customer API on 127.0.0.1, per docs/blueshift.md §12. */
export async function startBlueshiftSimulator(options: BlueshiftSimulatorOptions = {}): Promise<BlueshiftSimulator> {
  const state = new BlueshiftState(options.seed ?? blueshiftSeed());
  const behaviour = {
    emailMiss: options.emailMiss ?? "empty-200",
    nonMember: options.nonMember ?? 404,
    restoreAfterRemoval: options.restoreAfterRemoval ?? false,
    apiKeys: new Map(Object.entries(options.apiKeys ?? defaultBlueshiftApiKeys)),
    emailSearch: { mode: options.emailSearch ?? "exact", relevantCustomerUuid: options.relevantCustomerUuid },
    credentialEcho: { forms: echoForms(options.echoCredentials) },
  };
  const resetSwitches = (): void => {
    behaviour.emailSearch.mode = options.emailSearch ?? "exact";
    behaviour.emailSearch.relevantCustomerUuid = options.relevantCustomerUuid;
    behaviour.credentialEcho.forms = echoForms(options.echoCredentials);
  };
  const handle = await startSimulator<BlueshiftRoute>({
    host: options.host,
    port: options.port,
    route: (request) => routeBlueshift(request, state, behaviour),
    // docs/blueshift.md §12.12 [design]: Rails' JSON content type, and a request id to test its logging.
    answerDefaults: { contentType: "application/json; charset=utf-8", headers: () => ({ "x-request-id": randomUUID() }) },
    reseed: () => {
      state.reseed();
      resetSwitches();
    },
  });
  return extendSimulator(handle, {
    isMember: (groupId: string, uuid: string) => state.isMember(groupId, uuid),
    addMember: (groupId: string, uuid: string) => state.addMember(groupId, uuid),
    setEmailSearch: (mode: BlueshiftEmailSearchMode, relevantCustomerUuid?: string) => {
      behaviour.emailSearch.mode = mode;
      behaviour.emailSearch.relevantCustomerUuid = relevantCustomerUuid;
    },
    echoCredentials: (echo: BlueshiftCredentialEcho | false) => {
      behaviour.credentialEcho.forms = echoForms(echo);
    },
  });
}
