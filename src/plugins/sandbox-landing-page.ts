import type { ApolloServerPlugin, GraphQLServerListener } from "@apollo/server";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { RequestContext } from "../graphql/request-context";

/**
 * What Apollo's page shows while Sandbox, which the browser loads from Apollo's CDN, has not
 * appeared: for good, without internet. @apollo/server is pinned to one minor, and
 * test/e2e/sandbox.test.ts fails if this sentence is no longer on the page.
 */
const OFFLINE_SENTENCE = "<p>Apollo Sandbox cannot be loaded; it appears that you might be offline.</p>";

/** What works without internet, said where a newcomer offline is looking. */
const OFFLINE_HELP =
  "<p>Sandbox needs internet. Offline, POST the mutation as JSON to this URL with curl, or run the typed example client " +
  "(<code>npm run example</code>): <code>npm start</code> prints both for the demo data.</p>";

/**
 * Apollo Sandbox at GET /, opening with `document` in its editor (the start banner's example, so a
 * newcomer presses Run and sees a removal), and saying on the page what to use offline.
 */
export function sandboxLandingPage(document: string | null): ApolloServerPlugin<RequestContext> {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true, ...(document === null ? {} : { document }) });
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!listener || !render) return listener;
      const withOfflineHelp: GraphQLServerListener = {
        ...listener,
        async renderLandingPage() {
          const page = await render();
          // A function: Apollo renders the page at each request, with a fresh CSP nonce.
          return { html: async () => (typeof page.html === "string" ? page.html : await page.html()).replace(OFFLINE_SENTENCE, OFFLINE_SENTENCE + OFFLINE_HELP) };
        },
      };
      return withOfflineHelp;
    },
  };
}
