import type { IncomingRequest } from "../kit/recorded-request";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { UsergridCall } from "./context";
import { invalidGrant } from "./errors";

/**
 * `GET|POST /{org}/{app}/token` with the client_credentials grant (docs/usergrid.md §3): fields from the
 * query, a JSON or form body, or Basic `client_id:client_secret`. Any failure, an unsupported grant
 * included, is the same 400 invalid_grant.
 */
export function grantToken(call: UsergridCall): SimulatorAnswer {
  const fields = grantFields(call.request, call.query);
  const { clients, tokens, tokenTtlSeconds } = call.context;
  const knownClient = clients.some((client) => client.id === fields.get("client_id") && client.secret === fields.get("client_secret"));
  if (fields.get("grant_type") !== "client_credentials" || !knownClient) return invalidGrant;
  // No refresh_token and no token_type: AccessInfo has neither (docs/usergrid.md §3).
  return { status: 200, body: { access_token: tokens.issue(tokenTtlSeconds), expires_in: tokenTtlSeconds, application: call.scope.applicationUuid } };
}

/** The grant's fields, later sources winning: query, then body, then Basic credentials. */
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
