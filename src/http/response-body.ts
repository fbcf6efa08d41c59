/** An upstream body as this server could read it; upstreams answer JSON, plain text, HTML or nothing. */
export type ResponseBody =
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string; html: boolean }
  | { kind: "empty" };

export const MAX_BODY_BYTES = 64 * 1024;
const MAX_DETAIL_LENGTH = 200;

/** Never throws: an unreadable body is a kind of body, not a crash. */
export function parseBody(text: string, contentType: string | undefined): ResponseBody {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { kind: "json", value: JSON.parse(trimmed) };
    } catch {
      // A JSON content type with a broken body still reaches the caller, as text.
    }
  }
  return { kind: "text", text: trimmed, html: type.includes("html") || trimmed.startsWith("<") };
}

/** The JSON object of a body, or undefined: the only shape whose fields are worth reading. */
export function jsonObject(body: ResponseBody): Record<string, unknown> | undefined {
  if (body.kind !== "json" || typeof body.value !== "object" || body.value === null || Array.isArray(body.value)) {
    return undefined;
  }
  return body.value as Record<string, unknown>;
}

/**
 * A short, single-line summary of what the upstream said, for error messages: upstream text is
 * kept only as a length-capped detail (docs/contract.md §2). `clean` (the provider's credential scrubber)
 * runs before the cap, so a cut can never leave part of a credential behind.
 */
export function describeBody(body: ResponseBody, clean: (text: string) => string): string | undefined {
  let detail: string | undefined;
  if (body.kind === "json") {
    const object = jsonObject(body);
    const said = object?.error_description ?? object?.message ?? object?.error ?? object?.errors;
    detail = said === undefined ? undefined : typeof said === "string" ? said : JSON.stringify(said);
  } else if (body.kind === "text") {
    detail = body.html ? (/<title[^>]*>([^<]*)<\/title>/i.exec(body.text)?.[1] ?? "an HTML page") : body.text;
  }
  if (detail === undefined) return undefined;
  const line = clean(detail.replace(/\s+/g, " ").trim());
  return line.length > MAX_DETAIL_LENGTH ? `${line.slice(0, MAX_DETAIL_LENGTH)}…` : line;
}
