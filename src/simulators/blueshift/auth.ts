/** What a key may do: Blueshift's key classes (docs/blueshift.md §6) plus a User key whose account lacks customer groups. */
export type BlueshiftKeyAccess = "user" | "event" | "no-customer-groups";

export const defaultBlueshiftApiKeys: Readonly<Record<string, BlueshiftKeyAccess>> = {
  "demo-user-api-key": "user",
  "demo-event-api-key": "event",
  "demo-no-groups-api-key": "no-customer-groups",
};

const BASIC = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

/**
 * The access of the key in a Basic header, or undefined for a missing, malformed or unknown one.
 * The key is the username; the server splits on the first `:` and a missing colon is accepted,
 * since RudderStack sends `base64(key)` alone and it works (docs/blueshift.md §6, docs/blueshift.md §12.4).
 */
export function keyAccess(authorization: string | undefined, keys: ReadonlyMap<string, BlueshiftKeyAccess>): BlueshiftKeyAccess | undefined {
  const encoded = BASIC.exec(authorization ?? "")?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return keys.get(colon === -1 ? decoded : decoded.slice(0, colon));
}
