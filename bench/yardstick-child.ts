/** What a yardstick server hands back once it listens. */
export interface Listening {
  /** Without a trailing slash. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A yardstick's side of processes.ts's startYardstick: the Blueshift target from the environment
 * it is given, its URL as its first stdout line (what the bench waits for), a clean stop on SIGTERM.
 */
export async function serveAsChild(start: (env: { blueshiftBaseUrl: string; blueshiftApiKey: string; port: number }) => Promise<Listening>): Promise<void> {
  const server = await start({
    blueshiftBaseUrl: process.env.BLUESHIFT_BASE_URL ?? "",
    blueshiftApiKey: process.env.BLUESHIFT_API_KEY ?? "",
    port: Number(process.env.PORT),
  });
  process.stdout.write(`${server.url}\n`);
  process.on("SIGTERM", () => void server.stop().then(() => process.exit(0)));
}
