import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { UsergridCall } from "./context";
import { invalidGrant } from "./errors";
import { grantFields } from "./grant-fields";

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
