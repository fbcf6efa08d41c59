import type { IncomingRequest } from "../kit/recorded-request";
import { parseRequestTarget } from "../kit/request-target";
import type { SimulatorAnswer } from "../kit/simulator-answer";
import { grantFields } from "./grant-fields";

/**
 * A credential as the caller sent it (docs/usergrid.md §3): the whole `Authorization` header
 * (`Bearer <token>`), the access token alone (header or `?access_token=`), or the client secret
 * (token grant body, query or Basic).
 */
export type UsergridCredential = "authorization" | "token" | "clientSecret";

/** Which credentials an error repeats; none unless asked. */
export type UsergridCredentialEcho = UsergridCredential | readonly UsergridCredential[];

export interface CredentialEchoOptions {
  /** Repeat these credentials, as received, in `error_description`: what a leaky upstream would do. */
  readonly echo?: UsergridCredentialEcho;
}

export function echoForms(echo: UsergridCredentialEcho | false | undefined): readonly UsergridCredential[] {
  if (echo === undefined || echo === false) return [];
  return typeof echo === "string" ? [echo] : echo;
}

/**
 * Appends the requested credentials to the answer's `error_description` as
 * `<description> [received <value>, <value>]`; forms the request did not carry are skipped, and a
 * body that is not a JSON object is left alone.
 */
export function withCredentialEcho(answer: SimulatorAnswer, request: IncomingRequest, forms: readonly UsergridCredential[]): SimulatorAnswer {
  const values = forms.flatMap((form) => received(request, form) ?? []);
  const body = answer.body;
  if (values.length === 0 || typeof body !== "object" || body === null || Array.isArray(body)) return answer;
  const description = "error_description" in body && typeof body.error_description === "string" ? `${body.error_description} ` : "";
  return { ...answer, body: { ...body, error_description: `${description}[received ${values.join(", ")}]` } };
}

function received(request: IncomingRequest, form: UsergridCredential): string | undefined {
  const { query } = parseRequestTarget(request.path);
  const authorization = request.headers.authorization;
  switch (form) {
    case "authorization":
      return authorization;
    case "token":
      return query.get("access_token") ?? /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    case "clientSecret":
      return grantFields(request, query).get("client_secret");
  }
}
