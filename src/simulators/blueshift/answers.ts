import type { SimulatorAnswer } from "../kit/simulator-answer";
import type { BlueshiftGroupSnapshot } from "./state";
import type { BlueshiftCustomer } from "./seed";

// Bodies marked [design] in docs/blueshift.md §12 are the simulator's choices: Blueshift documents no
// error body for the customer-group routes (docs/blueshift.md §2.1).

/** docs/blueshift.md §12.1, as fixture customer-group-remove-user.200.json, echoing the decoded IDs. */
export function removedAnswer(groupId: string, userUuid: string): SimulatorAnswer {
  return { status: 200, body: { status: "success", message: "User removed from group successfully", group_id: groupId, user_uuid: userUuid } };
}

/** As fixture customer-group-delete.200.preserve-users.json. */
export function groupDeletedAnswer(group: BlueshiftGroupSnapshot): SimulatorAnswer {
  return {
    status: 200,
    body: {
      group: {
        account_uuid: "6352c279-69a2-4222-b988-b01a729a6d2c",
        created_at: "2026-03-10T07:46:30.713Z",
        extended_attributes: {},
        group_id: group.groupId,
        updated_at: new Date().toISOString(),
        user_count: group.memberUuids.length,
        user_uuids: group.memberUuids,
        uuid: group.uuid,
        version: "1",
      },
      _bsft_delete_status: "success",
    },
  };
}

/** A customer with a few of the fixture's fields besides the ones the facade reads (customer-get-by-uuid.200.json). */
export function customerBody(customer: BlueshiftCustomer): Record<string, unknown> {
  return {
    created_at: "2026-03-10T07:46:30.713Z",
    custom_attributes: {},
    customer_id: customer.customer_id,
    email: customer.email,
    firstname: customer.firstname,
    joined_at: "2026-03-10T07:46:30Z",
    lastname: customer.lastname,
    lifetime_visits: 5,
    phone_number: null,
    unsubscribed: false,
    uuid: customer.uuid,
  };
}

/** docs/blueshift.md §12.4 [design], the API-wide 401 body (docs/blueshift.md §2.2). */
export const notAuthorized: SimulatorAnswer = { status: 401, body: { message: "Not authorized" } };
/** docs/blueshift.md §12.4 [design], the API-wide 403 body (docs/blueshift.md §2.2). */
export const permissionDenied: SimulatorAnswer = { status: 403, body: { message: "Permission denied" } };
/** docs/blueshift.md §12.5 [design]: one body for unknown group, unknown user and non-member alike. */
export const notFound: SimulatorAnswer = { status: 404, body: { message: "Not Found" } };
/** docs/blueshift.md §12.6 [design]. */
export const invalidUserUuid: SimulatorAnswer = { status: 400, body: { errors: { user_uuid: ["is invalid"] } } };
/** The bulk_validate 400 body (docs/blueshift.md §2.2), for a search without an email. */
export const invalidEmail: SimulatorAnswer = { status: 400, body: { errors: { email: ["can't be blank or is invalid"] } } };
/** docs/blueshift.md §12.1: what an unrouted path answered on the live API (docs/blueshift.md §2.2, 🟡). */
export const unroutedNotFound: SimulatorAnswer = { status: 404, body: { status: "404", error: "Not Found" } };
