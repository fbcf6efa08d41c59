import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import bodyParser from "body-parser";
import request from "supertest";
import { isPlainJson, readPlainJson } from "../../src/http-server/json-request-body";

const LIMIT = 64;

type Outcome = { status: number; message: string } | { body: unknown };

/** Answers what the reader made of the body: the parsed value, or the error's status and message. */
function handler(read: (req: IncomingMessage, res: ServerResponse, done: (error: unknown, body?: unknown) => void) => void) {
  return (req: IncomingMessage, res: ServerResponse) =>
    read(req, res, (error, body) => {
      const outcome: Outcome = error
        ? { status: (error as { status: number }).status, message: (error as Error).message }
        : { body: body ?? (req as IncomingMessage & { body?: unknown }).body };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(outcome));
    });
}

const lean = handler((req, _res, done) => readPlainJson(req, LIMIT, done));
const jsonMiddleware = bodyParser.json({ limit: LIMIT });
const reference = handler((req, res, done) => jsonMiddleware(req, res, done));

const BODIES: [string, string | Buffer][] = [
  ["an object", '{"query":"{ providers { provider } }"}'],
  ["an array", "[1,2]"],
  ["an empty body", ""],
  ["whitespace before an object", ' \n\t{"a":1}'],
  ["a byte-order mark before an object", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])],
  ["a string", '"abc"'],
  ["a number after whitespace", "  123"],
  ["a truncated literal", "nul"],
  ["malformed JSON", '{"a":'],
  ["a trailing comma", '{"a":1,}'],
  ["invalid UTF-8", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
  ["a body over the limit", JSON.stringify({ query: "x".repeat(LIMIT) })],
];

describe("the plain JSON body reader", () => {
  it.each(BODIES)("answers %s as body-parser does", async (_name, body) => {
    const send = (app: ReturnType<typeof handler>) => request(app).post("/").set("content-type", "application/json").send(body);
    const [ours, theirs] = await Promise.all([send(lean), send(reference)]);
    expect(JSON.parse(ours.text)).toEqual(JSON.parse(theirs.text));
  });

  it("refuses a body over the limit that declares no length, as it streams in", async () => {
    const server = createServer(lean);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const text = await new Promise<string>((resolve, reject) => {
        // No Content-Length: Node sends the body chunked.
        const req = httpRequest({ host: "127.0.0.1", port, method: "POST", headers: { "content-type": "application/json" } }, (res) => {
          let answer = "";
          res.on("data", (chunk: Buffer) => (answer += chunk.toString()));
          res.on("end", () => resolve(answer));
        });
        req.on("error", reject);
        req.write("x".repeat(LIMIT));
        req.end("x");
      });
      expect(JSON.parse(text)).toEqual({ status: 413, message: "request entity too large" });
    } finally {
      server.close();
    }
  });

  it.each([
    ["application/json", true],
    ["Application/JSON; charset=UTF-8", true],
    ["application/json; charset=latin1", false],
    ["application/graphql-response+json", false],
    ["text/plain", false],
  ])("takes a Content-Type of %s: %s", (type, taken) => {
    expect(isPlainJson({ headers: { "content-type": type } } as IncomingMessage)).toBe(taken);
  });

  it("leaves a compressed body to body-parser", () => {
    expect(isPlainJson({ headers: { "content-type": "application/json", "content-encoding": "gzip" } } as IncomingMessage)).toBe(false);
  });
});
