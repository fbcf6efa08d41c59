import type { Provider } from "../../graphql/provider.enum";
import { describeBody } from "../../http/response-body";
import type { UpstreamResponse } from "../../http/upstream-response";

/** What a provider adds to the shared wording: its name, hints, and its credential scrubber for upstream text (src/providers/scrub.ts). */
export interface ProviderVoice {
  provider: Provider;
  name: string;
  /** What the provider calls a user, as in "Blueshift has no customer with email …". */
  userNoun: string;
  /** The refs to give instead of an email several users share, as in "give the user's uuid or username instead". */
  otherRefs: string;
  authHint: string;
  permissionHint: string;
  scrub(text: string): string;
}

/** "Blueshift answered 401: Not authorized." with the upstream's own words scrubbed and capped. */
export function said(voice: ProviderVoice, response: UpstreamResponse): string {
  const detail = describeBody(response.body, voice.scrub);
  return `${voice.name} answered ${response.status}${detail ? `: ${detail}` : ""}`;
}

export function upstreamFields(voice: ProviderVoice, response: UpstreamResponse) {
  return { provider: voice.provider, upstreamStatus: response.status, upstreamRequestId: response.requestId };
}
