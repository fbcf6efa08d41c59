import type { Fault } from "../kit/fault";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import { invalidUserUuid, notAuthorized, removedAnswer } from "./answers";
import { echoForms, withCredentialEcho, type CredentialEchoOptions } from "./credential-echo";
import { blueshiftDemo } from "./seed";

/** Bodies of fixtures emails-bulk-validate.{500,502,503,504}.json, the closest documented analogue (docs/blueshift.md §12.8). */
const SERVER_ERROR_MESSAGES = {
  500: "Internal Server Error - Please contact support for more information.",
  502: "Bad Gateway - Please retry the request.",
  503: "Service Unavailable - Try again later.",
  504: "Gateway Timeout - Retry with exponential backoff.",
} as const;

/**
 * Ready-made answers for the robustness cases of docs/blueshift.md §12.7-9. Those that take `{ echo }`
 * can repeat the caller's API key in the body, so a test can show whether the facade passes an
 * upstream's words on unscrubbed (docs/blueshift.md §6: never put the key into errors or logs).
 */
export const blueshiftFaults = {
  /** docs/blueshift.md §12.7: 429 with `Retry-After` as given (seconds or an HTTP-date), or with no header at all. */
  rateLimited(retryAfter?: string): Fault {
    return { status: 429, body: { message: "Rate limit exceeded" }, ...(retryAfter === undefined ? {} : { headers: { "retry-after": retryAfter } }) };
  },

  serverError(status: keyof typeof SERVER_ERROR_MESSAGES, options?: CredentialEchoOptions): Fault {
    return echoing({ status, body: { message: SERVER_ERROR_MESSAGES[status] } }, options);
  },

  /** docs/blueshift.md §12.4's 401 `{"message":"Not authorized"}`, for a key that is in fact valid. */
  notAuthorized(options?: CredentialEchoOptions): Fault {
    return echoing(notAuthorized, options);
  },

  /** docs/blueshift.md §12.6's 400 `{"errors":{"user_uuid":["is invalid"]}}`, whatever was sent. */
  badRequest(options?: CredentialEchoOptions): Fault {
    return echoing(invalidUserUuid, options);
  },

  /** docs/blueshift.md §12.8: the other documented 500 shape (fixture shared-assets-create.500.json). */
  serverErrorStatusShape(): Fault {
    return { status: 500, body: { status: "500", error: "Internal Server Error" } };
  },

  /** docs/blueshift.md §12.9, §2.2: a load balancer's 502 page rather than JSON. */
  htmlBadGateway(): Fault {
    return {
      status: 502,
      contentType: "text/html; charset=utf-8",
      body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
    };
  },

  /** docs/blueshift.md §12.9, §2.2: Rails' own Basic-auth failure, plain text with a challenge. */
  plainTextUnauthorized(): Fault {
    return { status: 401, contentType: "text/plain; charset=utf-8", body: "HTTP Basic: Access denied.\n", headers: { "www-authenticate": 'Basic realm="Application"' } };
  },

  forbidden(): Fault {
    return { status: 403, body: { message: "Permission denied" } };
  },

  /** docs/blueshift.md §12.9: a 200 that confirms some other removal; the facade must not report its own as done. */
  notEchoing(groupId: string = blueshiftDemo.groupId, otherUserUuid: string = blueshiftDemo.unknownCustomerUuid): Fault {
    return removedAnswer(groupId, otherUserUuid);
  },

  /** docs/blueshift.md §12.9: echoes the IDs but `status` is not "success". */
  notSuccess(groupId: string, userUuid: string): Fault {
    return { status: 200, body: { status: "failure", message: "User could not be removed from group", group_id: groupId, user_uuid: userUuid } };
  },

  /** docs/blueshift.md §12.9: 200 with an empty body under a JSON content type. */
  emptyOk(): Fault {
    return { status: 200, body: "" };
  },

  /** docs/blueshift.md §12.9: 200 claiming JSON whose body is not JSON. */
  nonJsonOk(): Fault {
    return { status: 200, body: "OK" };
  },
};

function echoing(answer: SimulatorAnswer, options: CredentialEchoOptions | undefined): Fault {
  const forms = echoForms(options?.echo);
  return forms.length === 0 ? answer : { fromRequest: (request) => withCredentialEcho(answer, request, forms) };
}
