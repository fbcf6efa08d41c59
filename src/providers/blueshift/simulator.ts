import { randomUUID } from "node:crypto";
import type { SimulatorHandle } from "../../simulation/simulator-handle";
import { extendSimulator, startSimulator } from "../../simulation/start-simulator";
import type { SimulatorServerOptions } from "../../simulation/start-simulator-server";
import { defaultBlueshiftApiKeys, type BlueshiftKeyAccess } from "./simulator-auth";
import { routeBlueshift, type BlueshiftRoute } from "./simulator-routes";
import { blueshiftSeed, type BlueshiftSeed } from "./simulator-seed";
import { BlueshiftState } from "./simulator-state";

export type { BlueshiftRoute } from "./simulator-routes";
export type { BlueshiftKeyAccess } from "./simulator-auth";
export { blueshiftDemo, blueshiftSeed, blueshiftBulkSeed, bulkCustomer, BLUESHIFT_BULK_GROUP_ID, type BlueshiftSeed, type BlueshiftCustomer, type BlueshiftGroup } from "./simulator-seed";
export { blueshiftFaults } from "./simulator-faults";

export interface BlueshiftSimulatorOptions extends SimulatorServerOptions {
  /** Defaults to the demo data (CONTRACT §5); reset() goes back to it. */
  seed?: BlueshiftSeed;
  /** An email search without a match: 200 `{"users":[]}` or 404 (undocumented, blueshift.md §5). Default "empty-200". */
  emailMiss?: "empty-200" | "404";
  /** Removing a non-member: 404 or 200 (undocumented, §11 Q3). Default 404. */
  nonMember?: 404 | 200;
  /** Bench mode: a removed membership is restored at once, so every request does real work. */
  restoreAfterRemoval?: boolean;
  /** Key → access; replaces the demo keys (one instance per region has its own keys, §12). */
  apiKeys?: Readonly<Record<string, BlueshiftKeyAccess>>;
}

export interface BlueshiftSimulator extends SimulatorHandle<BlueshiftRoute> {
  isMember(groupId: string, uuid: string): boolean;
  /** Creates the group if needed; the customer must exist. */
  addMember(groupId: string, uuid: string): void;
}

/** A Blueshift customer-group and customer API on 127.0.0.1, per blueshift.md §12. */
export async function startBlueshiftSimulator(options: BlueshiftSimulatorOptions = {}): Promise<BlueshiftSimulator> {
  const state = new BlueshiftState(options.seed ?? blueshiftSeed());
  const behaviour = {
    emailMiss: options.emailMiss ?? "empty-200",
    nonMember: options.nonMember ?? 404,
    restoreAfterRemoval: options.restoreAfterRemoval ?? false,
    apiKeys: new Map(Object.entries(options.apiKeys ?? defaultBlueshiftApiKeys)),
  };
  const handle = await startSimulator<BlueshiftRoute>({
    host: options.host,
    port: options.port,
    route: (request) => routeBlueshift(request, state, behaviour),
    // §12.12 [design]: Rails' JSON content type, and a request id to test its logging.
    answerDefaults: { contentType: "application/json; charset=utf-8", headers: () => ({ "x-request-id": randomUUID() }) },
    reseed: () => state.reseed(),
  });
  return extendSimulator(handle, {
    isMember: (groupId: string, uuid: string) => state.isMember(groupId, uuid),
    addMember: (groupId: string, uuid: string) => state.addMember(groupId, uuid),
  });
}
