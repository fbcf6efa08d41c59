import { getGlobalDispatcher, type Dispatcher } from "undici";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
}

export interface CallOptions {
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** One real HTTP exchange with a simulator; `path` is sent exactly as given (escapes untouched). */
export async function call(url: string, method: Dispatcher.HttpMethod, path: string, options: CallOptions = {}): Promise<Reply> {
  // The dispatcher's own request takes the path verbatim; undici's top-level request() would
  // run it through new URL(), which re-encodes some characters.
  const response = await getGlobalDispatcher().request({ origin: url, path, method, headers: options.headers, body: options.body, signal: options.signal });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

export function basicAuth(username: string, password = ""): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}
