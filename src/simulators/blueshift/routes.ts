import type { IncomingRequest } from "../kit/recorded-request";
import { parseRequestTarget } from "../kit/request-target";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { SimulatorRouting } from "../kit/start-simulator";
import {
  customerBody,
  groupDeletedAnswer,
  invalidEmail,
  invalidUserUuid,
  notAuthorized,
  notFound,
  permissionDenied,
  removedAnswer,
  unroutedNotFound,
} from "./answers";
import { keyAccess, type BlueshiftKeyAccess } from "./auth";
import { withCredentialEcho, type BlueshiftCredential } from "./credential-echo";
import { mostRelevantOther } from "./relevance";
import type { BlueshiftState } from "./state";
import { UUID_SHAPE } from "../kit/uuid-shape";

export type BlueshiftRoute = "removeUser" | "deleteGroup" | "searchCustomers" | "getCustomer";

/**
 * How an email search picks its answer (docs/blueshift.md §5: `user` is "the most relevant match" and
 * `users` "may return multiple matches"):
 * - `exact`: only customers with that email (the default);
 * - `relevant-on-miss`: when nobody has that email, one other customer, the most relevant, is
 *   both `users[0]` and `user`;
 * - `relevant-too`: that one is added after any exact matches as well, and is `user` whenever it
 *   exists, so `users` holds two distinct UUIDs of which only the first has the email.
 */
export type BlueshiftEmailSearchMode = "exact" | "relevant-on-miss" | "relevant-too";

/** The undocumented choices a test can flip (docs/blueshift.md §5, docs/blueshift.md §12.5, docs/blueshift.md §11 Q3). */
export interface BlueshiftBehaviour {
  readonly emailMiss: "empty-200" | "404";
  readonly nonMember: 404 | 200;
  readonly restoreAfterRemoval: boolean;
  readonly apiKeys: ReadonlyMap<string, BlueshiftKeyAccess>;
  /** Switched per test, hence mutable; `relevantCustomerUuid` names the relevant match, else the closest email wins. */
  readonly emailSearch: { mode: BlueshiftEmailSearchMode; relevantCustomerUuid: string | undefined };
  /** Forms of the key the simulator's own 400, 401 and 403 answers repeat; a test switches it. */
  readonly credentialEcho: { forms: readonly BlueshiftCredential[] };
}

/** The four routes of docs/blueshift.md §12.1 under /api/v1; anything else is unrouted. */
export function routeBlueshift(request: IncomingRequest, state: BlueshiftState, behaviour: BlueshiftBehaviour): SimulatorRouting<BlueshiftRoute> {
  const routing = routeRequest(request, state, behaviour);
  return {
    route: routing.route,
    respond: () => {
      const answer = routing.respond();
      const { forms } = behaviour.credentialEcho;
      const refused = answer.status === 400 || answer.status === 401 || answer.status === 403;
      return forms.length > 0 && refused ? withCredentialEcho(answer, request, forms) : answer;
    },
  };
}

function routeRequest(request: IncomingRequest, state: BlueshiftState, behaviour: BlueshiftBehaviour): SimulatorRouting<BlueshiftRoute> {
  const { segments, query } = parseRequestTarget(request.path);
  const unrouted: SimulatorRouting<BlueshiftRoute> = { route: "unrouted", respond: () => unroutedNotFound };
  if (!segments || segments.includes("") || segments[0] !== "api" || segments[1] !== "v1") return unrouted;
  const [resource, ...rest] = segments.slice(2);
  const authorized = (customerGroups: boolean, work: () => SimulatorAnswer): (() => SimulatorAnswer) => () => {
    const access = keyAccess(request.headers.authorization, behaviour.apiKeys);
    if (access === undefined || access === "event") return notAuthorized;
    // docs/blueshift.md §12.4: only the premium customer-groups routes are refused; customer reads still work.
    if (customerGroups && access === "no-customer-groups") return permissionDenied;
    return work();
  };

  if (resource === "customer_group" && request.method === "DELETE") {
    const [groupId, user, userUuid] = rest;
    if (rest.length === 3 && user === "user") return { route: "removeUser", respond: authorized(true, () => removeUser(state, behaviour, groupId, userUuid)) };
    if (rest.length === 1) return { route: "deleteGroup", respond: authorized(true, () => deleteGroup(state, groupId, query.get("delete_users"))) };
  }
  if (resource === "customers" && request.method === "GET") {
    if (rest.length === 0) return { route: "searchCustomers", respond: authorized(false, () => searchCustomers(state, behaviour, query.get("email"))) };
    if (rest.length === 1) return { route: "getCustomer", respond: authorized(false, () => getCustomer(state, rest[0])) };
  }
  return unrouted;
}

function removeUser(state: BlueshiftState, behaviour: BlueshiftBehaviour, groupId: string, userUuid: string): SimulatorAnswer {
  if (!UUID_SHAPE.test(userUuid)) return invalidUserUuid;
  if (!state.group(groupId) || !state.customer(userUuid)) return notFound;
  if (!state.isMember(groupId, userUuid)) return behaviour.nonMember === 200 ? removedAnswer(groupId, userUuid) : notFound;
  state.removeMember(groupId, userUuid);
  // Bench mode: the next removal of the same pair does the same real work again.
  if (behaviour.restoreAfterRemoval) state.addMember(groupId, userUuid);
  return removedAnswer(groupId, userUuid);
}

/** Never called by the facade (docs/blueshift.md §1.3); applied anyway so a stray call shows up as lost data. */
function deleteGroup(state: BlueshiftState, groupId: string, deleteUsers: string | null): SimulatorAnswer {
  const group = state.group(groupId);
  if (!group) return notFound;
  // docs/blueshift.md §1.3: the docs contradict themselves on the default, so only an explicit "false" spares the users.
  state.deleteGroup(groupId, deleteUsers !== "false");
  return groupDeletedAnswer(group);
}

function searchCustomers(state: BlueshiftState, behaviour: BlueshiftBehaviour, email: string | null): SimulatorAnswer {
  if (!email?.trim()) return invalidEmail;
  const exact = state.customersByEmail(email.trim());
  const { mode, relevantCustomerUuid } = behaviour.emailSearch;
  const wantsRelevant = mode === "relevant-too" || (mode === "relevant-on-miss" && exact.length === 0);
  const relevant = wantsRelevant ? mostRelevantOther(state.allCustomers(), email, relevantCustomerUuid) : undefined;
  if (relevant) return { status: 200, body: { users: [...exact, relevant].map(customerBody), user: customerBody(relevant) } };
  const users = exact.map(customerBody);
  // docs/blueshift.md §5: `user` is the most relevant match; with one match it equals users[0]. No match is ❓ (docs/blueshift.md §12.5).
  if (users.length > 0) return { status: 200, body: { users, user: users[0] } };
  return behaviour.emailMiss === "404" ? notFound : { status: 200, body: { users: [] } };
}

function getCustomer(state: BlueshiftState, uuid: string): SimulatorAnswer {
  const customer = state.customer(uuid);
  return customer ? { status: 200, body: { customer: customerBody(customer) } } : notFound;
}
