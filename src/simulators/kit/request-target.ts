/** A raw request target split the way both upstreams route it. */
export interface RequestTarget {
  /** Path without the query, as received. */
  readonly rawPath: string;
  /** Each path segment percent-decoded (the leading empty one dropped); null if an escape is malformed. */
  readonly segments: readonly string[] | null;
  readonly query: URLSearchParams;
}

/**
 * Segments are split on the raw `/` before decoding, so an encoded `%2F` stays inside its segment
 * as a real server's router sees it (docs/blueshift.md §12.1: path segments percent-decoded).
 */
export function parseRequestTarget(path: string): RequestTarget {
  const queryStart = path.indexOf("?");
  const rawPath = queryStart === -1 ? path : path.slice(0, queryStart);
  const query = new URLSearchParams(queryStart === -1 ? "" : path.slice(queryStart + 1));
  return { rawPath, segments: decodeSegments(rawPath), query };
}

function decodeSegments(rawPath: string): string[] | null {
  try {
    return rawPath.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
}
