import request from "supertest";
import { loadConfig } from "../../src/config/config";
import { demoOf, exampleMutation } from "../../src/banner";
import { startFacade, type Facade } from "../support/facade";

const INTROSPECTION = "{ __schema { queryType { name } } }";

/** Starts the server as `npm start` would with this environment (the simulators serve: production needs SIMULATORS=true for that). */
function startWith(env: NodeJS.ProcessEnv): Promise<Facade> {
  const config = loadConfig(env);
  return startFacade({ nodeEnv: config.nodeEnv, introspection: config.introspection });
}

describe("Apollo Sandbox and introspection", () => {
  let facade: Facade;
  afterEach(() => facade.close());

  const landingPage = () => request(facade.url).get("/").set("accept", "text/html");
  const introspect = () => request(facade.url).post("/").send({ query: INTROSPECTION });

  it("serves the Sandbox page at / and answers introspection in development", async () => {
    facade = await startWith({ NODE_ENV: "development" });
    const page = await landingPage();
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.text).toContain("embeddable-sandbox");
    expect((await introspect()).body.data.__schema.queryType.name).toBe("Query");
  });

  it("opens Sandbox with the start banner's example mutation filled in", async () => {
    facade = await startWith({ NODE_ENV: "development" });
    const page = await landingPage();
    // As Apollo writes its embed options into the page: the document as a JSON string.
    expect(page.text).toContain(`"document":${JSON.stringify(exampleMutation(demoOf(() => true)!))}`);
  });

  it("says on the page, where Sandbox would appear, that it needs internet and what to use offline", async () => {
    facade = await startWith({ NODE_ENV: "development" });
    const page = await landingPage();
    expect(page.text).toContain("Apollo Sandbox cannot be loaded; it appears that you might be offline.</p><p>Sandbox needs internet. Offline, POST the mutation as JSON to this URL with curl");
    expect(page.text).toContain("<code>npm run example</code>");
  });

  it("serves neither in production unless INTROSPECTION is set", async () => {
    facade = await startWith({ NODE_ENV: "production", SIMULATORS: "true" });
    const page = await landingPage();
    expect(page.headers["content-type"] ?? "").not.toMatch(/text\/html/);
    expect(page.text).not.toContain("embeddable-sandbox");
    const refused = await introspect();
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection is not allowed/);
  });

  it("serves both in production when INTROSPECTION=true", async () => {
    facade = await startWith({ NODE_ENV: "production", SIMULATORS: "true", INTROSPECTION: "true" });
    expect((await landingPage()).text).toContain("embeddable-sandbox");
    expect((await introspect()).body.data.__schema.queryType.name).toBe("Query");
  });
});
