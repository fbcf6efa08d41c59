import type { IncomingRequest } from "../kit/recorded-request";

/**
 * The client_credentials grant's fields as a request carries them (docs/usergrid.md §3), later
 * sources winning: query, then body, then Basic credentials. The grant reads them, and so does an
 * echo of the client secret (credential-echo.ts).
 */
export function grantFields(request: IncomingRequest, query: URLSearchParams): Map<string, string> {
  const fields = new Map(query);
  for (const [name, value] of bodyFields(request.body, request.headers["content-type"] ?? "")) fields.set(name, value);
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon !== -1) {
      fields.set("client_id", decoded.slice(0, colon));
      fields.set("client_secret", decoded.slice(colon + 1));
    }
  }
  return fields;
}

function bodyFields(body: string, contentType: string): [string, string][] {
  if (!/json/i.test(contentType)) return [...new URLSearchParams(body)];
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return [];
    return Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  } catch {
    return [];
  }
}
