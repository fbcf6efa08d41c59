import type { IncomingRequest } from "../kit/recorded-request";
import type { SimulatorAnswer } from "../kit/simulator-answer";

/**
 * A form of the User API key as the caller sent it (docs/blueshift.md §6): the whole header
 * (`Basic <base64>`), the base64 alone, the base64 of the key without its colon (what RudderStack
 * sends, docs/blueshift.md §6), or the raw key. Each is a different string a scrubber must know to look for.
 */
export type BlueshiftCredential = "authorization" | "base64" | "base64NoColon" | "key";

/** Which forms an error repeats; none unless asked. */
export type BlueshiftCredentialEcho = BlueshiftCredential | readonly BlueshiftCredential[];

export interface CredentialEchoOptions {
  /** Repeat these forms of the received key in the body: what a leaky upstream would do. */
  readonly echo?: BlueshiftCredentialEcho;
}

export function echoForms(echo: BlueshiftCredentialEcho | false | undefined): readonly BlueshiftCredential[] {
  if (echo === undefined || echo === false) return [];
  return typeof echo === "string" ? [echo] : echo;
}

/**
 * Adds `[received <value>, …]` to the body: after `message` (`{"message":"Not authorized [received …]"}`),
 * or as `errors.authorization` beside a validation body (`{"errors":{…,"authorization":["[received …]"]}}`).
 * Forms the request did not carry are skipped; a body that is not a JSON object is left alone.
 */
export function withCredentialEcho(answer: SimulatorAnswer, request: IncomingRequest, forms: readonly BlueshiftCredential[]): SimulatorAnswer {
  const values = forms.flatMap((form) => received(request.headers.authorization, form) ?? []);
  const body = answer.body;
  if (values.length === 0 || typeof body !== "object" || body === null || Array.isArray(body)) return answer;
  const echo = `[received ${values.join(", ")}]`;
  if ("errors" in body && typeof body.errors === "object" && body.errors !== null) return { ...answer, body: { ...body, errors: { ...body.errors, authorization: [echo] } } };
  const message = "message" in body && typeof body.message === "string" ? `${body.message} ` : "";
  return { ...answer, body: { ...body, message: `${message}${echo}` } };
}

function received(authorization: string | undefined, form: BlueshiftCredential): string | undefined {
  if (form === "authorization") return authorization;
  const encoded = /^Basic\s+(\S+)/i.exec(authorization ?? "")?.[1];
  if (encoded === undefined || form === "base64") return encoded;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  // The server splits on the first `:` (docs/blueshift.md §6); without one the whole value is the key.
  const key = decoded.includes(":") ? decoded.slice(0, decoded.indexOf(":")) : decoded;
  return form === "key" ? key : Buffer.from(key).toString("base64");
}
