import { matchAll, parseQl, type EntityFilter } from "./query";
import { decodeLikeUrlDecoder } from "./url-decoder";

/**
 * What one decoded path segment selects, as Usergrid reads it (docs/usergrid.md §1a): a query over the
 * collection, or one entity by a name that has been trimmed and lowercased (NameParameter). A UUID
 * is a name here too; the lookup tells it apart.
 */
export type Segment = { readonly kind: "query"; readonly filter: EntityFilter } | { readonly kind: "name"; readonly name: string };

/** Exactly `all` (ServiceParameter.addParameter compares the raw segment), or `{` JSON (ServiceResource.addNameParameter). */
export function readSegment(raw: string): Segment {
  if (raw === "all") return { kind: "query", filter: matchAll };
  if (raw.startsWith("{")) return { kind: "query", filter: jsonQueryFilter(raw) };
  return { kind: "name", name: normalizeName(raw) };
}

/**
 * Java's String.trim (every char up to U+0020, controls included) then lowercase, as NameParameter
 * does; also how the router compares collection names such as `users `.
 */
export function normalizeName(raw: string): string {
  return raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "").toLowerCase();
}

/** Fields a JSON query segment may filter on besides `ql`; the simulator's choice, see jsonQueryFilter. */
const JSON_FILTER_FIELDS = new Set(["uuid", "name", "username", "email", "path"]);

/**
 * Query.fromJsonString reads the object as query parameters, so `{"ql":"select * where …"}` is a
 * query (its ql URL-decoded once more, as fromQueryParams does). The simulator also reads
 * `uuid`/`name`/`username`/`email`/`path` string fields as equality filters, ANDed. Anything it
 * cannot read (`{}`, not JSON, not an object, an unparseable ql) matches everything: the
 * worst case, which is what a facade must be tested against.
 */
function jsonQueryFilter(raw: string): EntityFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return matchAll;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return matchAll;
  const filters: EntityFilter[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") continue;
    const field = key.toLowerCase();
    if (field === "ql") {
      const decoded = decodeLikeUrlDecoder(value);
      const ql = decoded === undefined ? undefined : parseQl(decoded);
      if (ql !== undefined) filters.push(ql);
    } else if (JSON_FILTER_FIELDS.has(field)) {
      const wanted = value.toLowerCase();
      filters.push((fields) => fields[field]?.toLowerCase() === wanted);
    }
  }
  return (fields) => filters.every((filter) => filter(fields));
}
