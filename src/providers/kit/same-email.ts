/**
 * Whether an email a provider answered is the one asked for. A search is not a lookup: Blueshift
 * answers its "most relevant match" (docs/blueshift.md §5) and a Usergrid query can match more than was
 * meant (docs/usergrid.md §1b), so only a customer whose own email equals the requested one is that
 * user. Both providers store emails lowercased and compare them so (docs/usergrid.md §6).
 */
export function sameEmail(answered: unknown, asked: string): boolean {
  return typeof answered === "string" && answered.trim().toLowerCase() === asked.trim().toLowerCase();
}
