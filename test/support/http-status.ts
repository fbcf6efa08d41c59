import { get } from "node:http";

/** A GET on a fresh connection: the status, or null when the connection is refused. */
export function status(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? null);
    }).on("error", () => resolve(null));
  });
}
