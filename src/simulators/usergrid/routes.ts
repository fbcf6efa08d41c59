import type { IncomingRequest } from "../kit/recorded-request";
import { parseRequestTarget, type RequestTarget } from "../kit/request-target";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { SimulatorRouting } from "../kit/start-simulator";
import type { UsergridContext, UsergridHandler } from "./context";
import { withCredentialEcho } from "./credential-echo";
import { publicParams } from "./entities";
import { usergridError } from "./errors";
import { queryUsers, readGroup, readMembership, readUser, removeMember, revokeTokens } from "./handlers";
import { usergridDemo } from "./seed";
import { normalizeName } from "./segment";
import { grantToken } from "./token-grant";

export type UsergridRoute = "token" | "removeUser" | "getMembership" | "getUser" | "getGroup" | "queryUsers" | "revokeTokens";

type Match =
  | { route: UsergridRoute; handler: UsergridHandler }
  | { route: "unrouted" }
  /** A DELETE that would destroy more than one membership on a real Usergrid (docs/usergrid.md §1c). */
  | { route: "unrouted"; violation: string; answer: () => SimulatorAnswer };

/** A group's name segments end at the first sub-collection name, compared as names: `users ` is `users` (docs/usergrid.md §1, docs/usergrid.md §1a). */
const GROUP_COLLECTIONS = new Set(["users", "roles", "activities", "feed"]);

/**
 * `me` in a group or user position names the token's own user (docs/usergrid.md §6), whatever the
 * facade meant by it: a facade must never send it, so the simulator records it as a violation.
 */
const SELF = "me";

/** Routes `/{org}/{app}/…` in the order of docs/usergrid.md §7, item 2. */
export function routeUsergrid(request: IncomingRequest, context: UsergridContext): SimulatorRouting<UsergridRoute> {
  const target = parseRequestTarget(request.path);
  if (!target.segments) return { route: "unrouted", respond: () => usergridError("illegal_argument", "Malformed percent-encoding in URI") };
  const [org = "", app = "", ...rest] = target.segments;
  const match = classify(request.method, rest, target.query);
  if ("violation" in match) {
    context.violations.push(`${request.method} ${request.path}: ${match.violation}`);
    return { route: "unrouted", respond: match.answer };
  }
  return { route: match.route, respond: () => echoCredentials(serve(request, target, org, app, match, context), request, context) };
}

function isInvalidGrant(answer: SimulatorAnswer): boolean {
  return typeof answer.body === "object" && answer.body !== null && "error" in answer.body && answer.body.error === "invalid_grant";
}

/** When a test asks, the simulator's own refusals and failures repeat the caller's credentials. */
function echoCredentials(answer: SimulatorAnswer, request: IncomingRequest, context: UsergridContext): SimulatorAnswer {
  const { forms } = context.credentialEcho;
  if (forms.length === 0) return answer;
  const refused = answer.status === 401 || answer.status >= 500 || isInvalidGrant(answer);
  return refused ? withCredentialEcho(answer, request, forms) : answer;
}

function serve(request: IncomingRequest, target: RequestTarget, org: string, app: string, match: Match, context: UsergridContext): SimulatorAnswer {
  // Tomcat refuses encoded slashes before Usergrid sees them; docs/usergrid.md §6 says to send group
  // slashes literally.
  if (/%2f/i.test(target.rawPath)) return { status: 400, contentType: "text/html;charset=utf-8", body: "<!doctype html><html><body><h1>HTTP Status 400 – Bad Request</h1></body></html>" };
  // The token filter runs before routing (@PreMatching), so a bad token fails every route, /token included.
  const token = target.query.get("access_token") ?? /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const tokenProblem = token === undefined ? undefined : checkToken(context, token);
  if (tokenProblem) return tokenProblem;
  if (!isDemoApplication(org, app)) {
    return usergridError("organization_application_not_found", `Could not find application for ${org.toLowerCase()}/${app.toLowerCase()} from URI: ${target.rawPath.slice(1)}`);
  }
  if (!("handler" in match)) return usergridError("service_resource_not_found");
  // A request without a token runs as guest, whose role grants none of these routes (docs/usergrid.md §4).
  if (token === undefined && match.route !== "token") return usergridError("unauthorized");
  const scope = {
    baseUri: `http://${request.headers.host ?? "localhost"}`,
    organization: usergridDemo.org,
    applicationName: usergridDemo.app,
    applicationUuid: usergridDemo.applicationUuid,
    params: publicParams(target.query),
  };
  return match.handler({ request, query: target.query, scope, context });
}

function checkToken(context: UsergridContext, token: string): SimulatorAnswer | undefined {
  switch (context.tokens.check(token)) {
    case "valid":
      return undefined;
    case "expired":
      return usergridError("expired_token");
    case "invalid":
      return usergridError("auth_invalid");
    case "malformed":
      return usergridError("auth_unverified_oath");
  }
}

/** `{org}/{app}` are lowercased before lookup; the app's UUID is accepted too (docs/usergrid.md §1). */
function isDemoApplication(org: string, app: string): boolean {
  return org.toLowerCase() === usergridDemo.org && (app.toLowerCase() === usergridDemo.app || app.toLowerCase() === usergridDemo.applicationUuid);
}

function classify(method: string, rest: readonly string[], query: URLSearchParams): Match {
  const [collection = "", ...tail] = rest;
  if (tail.some((segment) => normalizeName(segment) === SELF)) {
    return refuse(`has a "${SELF}" segment, which Usergrid reads as the token's own user`, () => usergridError("service_resource_not_found"));
  }
  if (method === "DELETE" && query.has("ql")) {
    return refuse("carries a ql parameter: Usergrid would delete every entity the query matches", () => usergridError("illegal_argument", "The simulator refuses DELETE with ql"));
  }
  // JAX-RS matches `token` as a literal path; the collections are service names, trimmed and lowercased.
  if (collection.toLowerCase() === "token") return tail.length === 0 && (method === "GET" || method === "POST") ? { route: "token", handler: grantToken } : unmatched(method);
  switch (normalizeName(collection)) {
    case "groups":
      return classifyGroups(method, tail);
    case "users":
      return classifyUsers(method, tail);
    default:
      return unmatched(method);
  }
}

function classifyGroups(method: string, tail: readonly string[]): Match {
  const end = tail.findIndex((segment, index) => index > 0 && GROUP_COLLECTIONS.has(normalizeName(segment)));
  const groupSegments = end === -1 ? tail : tail.slice(0, end);
  const underUsers = end !== -1 && normalizeName(tail[end] ?? "") === "users";
  const after = end === -1 ? [] : tail.slice(end + 1);
  const [userSegment] = after.length === 1 && after[0] !== "" ? after : [];

  if (method === "DELETE") {
    if (groupSegments.length > 0 && underUsers && userSegment !== undefined) {
      return { route: "removeUser", handler: (call) => removeMember(call, groupSegments, userSegment) };
    }
    if (end === -1 || (underUsers && after.length <= 1)) return refuse("has no user segment: Usergrid would delete the whole group or all its members", unsupportedOperation);
    return unmatched(method);
  }
  if (method === "GET" && end === -1 && tail.length > 0) return { route: "getGroup", handler: (call) => readGroup(call, groupSegments) };
  if (method === "GET" && underUsers && (userSegment !== undefined || after.length === 0)) {
    return { route: "getMembership", handler: (call) => readMembership(call, groupSegments, userSegment) };
  }
  return { route: "unrouted" };
}

function classifyUsers(method: string, tail: readonly string[]): Match {
  const [userSegment = "", action = ""] = tail;
  if (method === "GET" && tail.length === 0) return { route: "queryUsers", handler: queryUsers };
  if (method === "GET" && tail.length === 1 && userSegment !== "") return { route: "getUser", handler: (call) => readUser(call, userSegment) };
  const revoke = action.toLowerCase();
  if ((method === "PUT" || method === "POST") && tail.length === 2 && (revoke === "revoketokens" || revoke === "revoketoken")) {
    return { route: "revokeTokens", handler: (call) => revokeTokens(call, userSegment, revoke === "revoketoken" ? (call.query.get("token") ?? "") : undefined) };
  }
  return unmatched(method);
}

/** Any DELETE the facade has no business sending is a tripwire, not just an unknown path. */
function unmatched(method: string): Match {
  return method === "DELETE" ? refuse("is not a membership removal", unsupportedOperation) : { route: "unrouted" };
}

function refuse(violation: string, answer: () => SimulatorAnswer): Match {
  return { route: "unrouted", violation, answer };
}

const unsupportedOperation = (): SimulatorAnswer => usergridError("unsupported_service_operation");
