import { describeBody, parseBody } from "../../src/http/response-body";
import { retryAfterSeconds } from "../../src/http/retry-after";

const asIs = (text: string) => text;

describe("reading upstream bodies defensively", () => {
  it.each([
    ["JSON", '{"message":"Not authorized"}', "application/json", "Not authorized"],
    ["JSON without a content type", '{"error":"bad_request"}', undefined, "bad_request"],
    ["broken JSON", '{"message":', "application/json; charset=utf-8", '{"message":'],
    ["plain text", "HTTP Basic: Access denied.\n", "text/plain", "HTTP Basic: Access denied."],
    ["an HTML page", "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html", "502 Bad Gateway"],
  ])("summarises %s in one short line", (_label, text, contentType, summary) => {
    expect(describeBody(parseBody(text, contentType), asIs)).toBe(summary);
  });

  it("reads an empty body as empty, not as an error", () => {
    expect(parseBody("  ", "application/json")).toEqual({ kind: "empty" });
    expect(describeBody({ kind: "empty" }, asIs)).toBeUndefined();
  });

  it("caps a long detail", () => {
    expect(describeBody(parseBody("x".repeat(5000), "text/plain"), asIs)?.length).toBeLessThanOrEqual(201);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  it("reads delta-seconds as seconds", () => expect(retryAfterSeconds("120", now)).toBe(120));
  it("reads an HTTP date as seconds from now", () => expect(retryAfterSeconds("Mon, 23 Nov 2026 12:00:30 GMT", now)).toBe(30));
  it("reads a date in the past as zero", () => expect(retryAfterSeconds("Mon, 23 Nov 2026 11:00:00 GMT", now)).toBe(0));
  it("ignores what it cannot read", () => {
    expect(retryAfterSeconds("soon", now)).toBeNull();
    expect(retryAfterSeconds(undefined, now)).toBeNull();
  });
});
