import type { IncomingHttpHeaders } from "node:http";
import type { ResponseBody } from "./response-body";

/** An upstream's answer, whatever its status: UpstreamClient returns every status as data. */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: ResponseBody;
  requestId: string | null;
}
