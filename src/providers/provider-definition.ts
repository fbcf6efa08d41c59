import type { z } from "zod";
import type { Provider } from "../graphql/provider.enum";
import type { ResilientPolicy } from "../http/resilient-policy";
import type { UpstreamClient } from "../http/upstream-client";
import type { UpstreamTelemetry } from "../http/upstream-telemetry";
import type { BulkLimiter } from "./bulk/bulk-limiter";
import type { MembershipProvider } from "./membership-provider";
import type { ProviderSettings, ProviderSettingsDefinition } from "./provider-settings";
import type { CredentialScrubber } from "./scrub";

/**
 * What createProviders makes once per provider and hands to its definition: its own pool, retry
 * policy, breaker, bulkhead and bulk limiter, so one failing upstream never slows another.
 */
export interface SharedPieces {
  http: UpstreamClient;
  /** Removes the provider's credentials, in every form, from its text before it goes anywhere. */
  credentials: CredentialScrubber;
  policy: ResilientPolicy;
  bulk: BulkLimiter;
  /** Where the provider's upstream attempts are logged and measured. */
  telemetry: UpstreamTelemetry;
  /** UPSTREAM_DEADLINE_MS: what one removal may take, all its calls together. */
  deadlineMs: number;
  /** False when the bundled simulator serves. */
  configured: boolean;
  /** Where requests go, for Query.providers: "SIMULATOR" or the real host. */
  endpoint: string;
}

/** A bundled simulator once it listens. */
export interface RunningSimulator {
  readonly url: string;
  close(): Promise<void>;
}

/** The removal the start banner offers to paste: it works on the simulator's demo data. */
export interface DemoRemoval {
  groupId: string;
  userRef: { uuid: string } | { username: string };
}

/**
 * Everything the server knows about one provider outside its folder, declared in that folder
 * (`src/providers/<p>/definition.ts`, its configuration part in `settings.ts`) and listed once in
 * `registry.ts`. The configuration, the construction, the simulator `npm start` runs without
 * credentials and the log redaction all read it, so a new provider touches nothing else but the
 * `Provider` enum.
 */
export interface ProviderDefinition<
  Environment extends z.ZodRawShape,
  Settings extends ProviderSettings,
  Simulator extends RunningSimulator,
  SimulatorOptions,
> extends ProviderSettingsDefinition<Environment, Settings> {
  readonly provider: Provider;
  create(settings: Settings, shared: SharedPieces): MembershipProvider;
  readonly simulator: {
    /** Starts the bundled simulator on 127.0.0.1 with its demo data. */
    start(options?: SimulatorOptions): Promise<Simulator>;
    /**
     * The variables that point this provider at a simulator listening on `url`, with the demo
     * credentials: the simulator is reached through the same settings as a real service.
     */
    environment(url: string): Readonly<Record<string, string>>;
    readonly example: DemoRemoval;
  };
}
