import { getIntrospectionQuery } from "graphql";
import request from "supertest";
import { MAX_DOCUMENT_LENGTH, MAX_DOCUMENT_TOKENS } from "../../src/http-server/document-limits";
import { startFacade, type Facade } from "../support/facade";
import { sample, scrape } from "../support/metric-sample";

/** Apollo Server's inline-trace request header: the fast lane leaves such a request to Apollo. */
const APOLLO_PATH = { "apollo-federation-include-trace": "ftv1" };
const LANES: [string, Record<string, string>][] = [
  ["the fast lane", {}],
  ["Apollo Server", APOLLO_PATH],
];

/** `{ __typename __typename … }` of exactly `tokens` tokens: valid, as the repeated fields merge. */
const typenames = (tokens: number) => `{ ${"__typename ".repeat(tokens - 2)}}`;

const codes = (body: { errors?: { extensions: { code: string } }[] }) => body.errors?.map((e) => e.extensions.code);

describe("the caps on a document's tokens and length (docs/contract.md §7)", () => {
  let facade: Facade;
  beforeAll(async () => {
    facade = await startFacade();
  });
  afterAll(() => facade.close());

  const post = (headers: Record<string, string>, query: string) => request(facade.url).post("/").set("content-type", "application/json").set(headers).send({ query });

  describe.each(LANES)("through %s", (_, headers) => {
    it("runs graphql-js's full introspection query, as Sandbox and codegen send it", async () => {
      const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
      const response = await post(headers, query);
      expect(response.status).toBe(200);
      expect(response.body.data.__schema.queryType.name).toBe("Query");
    });

    it(`runs a document of exactly ${MAX_DOCUMENT_TOKENS} tokens`, async () => {
      const response = await post(headers, typenames(MAX_DOCUMENT_TOKENS));
      expect(response.status).toBe(200);
      expect(response.body.data).toEqual({ __typename: "Query" });
    });

    it(`refuses a document of ${MAX_DOCUMENT_TOKENS + 1} tokens with DOCUMENT_TOO_LARGE (HTTP 400)`, async () => {
      const response = await post(headers, typenames(MAX_DOCUMENT_TOKENS + 1));
      expect(response.status).toBe(400);
      expect(codes(response.body)).toEqual(["DOCUMENT_TOO_LARGE"]);
      expect(response.body.errors[0].message).toBe(`The document holds more than ${MAX_DOCUMENT_TOKENS} tokens, the most accepted. Nothing was run.`);
      expect(response.body.errors[0].extensions.maxTokens).toBe(MAX_DOCUMENT_TOKENS);
    });

    it(`refuses a document longer than ${MAX_DOCUMENT_LENGTH} characters with DOCUMENT_TOO_LARGE (HTTP 400), without parsing it`, async () => {
      // Few tokens, and a comment to make it long: what a token cap alone would let through.
      const query = `{ __typename } # ${"x".repeat(MAX_DOCUMENT_LENGTH)}`;
      const parsedBefore = sample(await scrape(facade.metricsUrl), "graphql_documents_parsed_total");
      const response = await post(headers, query);
      expect(response.status).toBe(400);
      expect(codes(response.body)).toEqual(["DOCUMENT_TOO_LARGE"]);
      expect(response.body.errors[0].message).toBe(`The document is ${query.length} characters long; at most ${MAX_DOCUMENT_LENGTH} are accepted. Nothing was run.`);
      expect(sample(await scrape(facade.metricsUrl), "graphql_documents_parsed_total")).toBe(parsedBefore);
    });
  });

  it(`refuses a GET whose document is longer than ${MAX_DOCUMENT_LENGTH} characters: Node refuses its URL (HTTP 431)`, async () => {
    // A GET carries its document in the URL, which Node caps at 16 KiB with the headers.
    const query = `{ __typename } #${"x".repeat(MAX_DOCUMENT_LENGTH)}`;
    const response = await request(facade.url).get("/").query({ query }).set("apollo-require-preflight", "true");
    expect(response.status).toBe(431);
  });
});
