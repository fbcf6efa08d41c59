/**
 * Names that end a group path in Usergrid's routing: a group whose path contains one of them is
 * reachable only by UUID (docs/usergrid.md §1, AbstractPathBasedCollectionService). Usergrid trims and
 * lowercases a name segment before it compares, so `Users ` is `users` too (§1a).
 */
const COLLECTION_NAMES = new Set(["users", "roles", "feed", "activities"]);

/**
 * Why Usergrid would not read `segment` as the one name it looks like, or null when it would.
 * Some segments are queries, not names (docs/usergrid.md §1a, ServiceParameter.addParameter and
 * ServiceResource.addNameParameter): exactly `all` matches every entity, and a segment starting
 * with `{` is a JSON query, so `DELETE …/groups/all/users/{u}` removes u from every group. `me`, in
 * any case, is the token's own user (docs/usergrid.md §6), not a user named "me". A name is trimmed
 * before lookup, so whitespace around it would address another name than the one given. Each is
 * refused rather than sent: these are destructive routes.
 */
export function segmentProblem(segment: string): string | null {
  if (segment === "") return "is empty";
  if (segment === "." || segment === "..") return `is "${segment}"`;
  if (segment !== segment.trim()) return "has leading or trailing whitespace, which Usergrid trims away";
  if (segment === "all") return `is "all", which Usergrid reads as a query matching every entity`;
  if (segment.startsWith("{")) return `starts with "{", which Usergrid reads as a JSON query`;
  if (segment.toLowerCase() === "me") return `is "${segment}", which Usergrid reads as the token's own user`;
  return null;
}

/** Whether a segment names one of a group's sub-collections once Usergrid has trimmed and lowercased it. */
export function isCollectionName(segment: string): boolean {
  return COLLECTION_NAMES.has(segment.trim().toLowerCase());
}
