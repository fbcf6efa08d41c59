import type { ServerResponse } from "node:http";

/** One HTTP answer: a simulator's real one, or a scripted fault's. */
export interface SimulatorAnswer {
  status: number;
  /** An object is sent as JSON, a string as is, nothing as an empty body. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface AnswerDefaults {
  contentType: string;
  /** Headers every answer carries unless the answer sets its own (e.g. Blueshift's x-request-id). */
  headers(): Record<string, string>;
}

export function sendAnswer(res: ServerResponse, answer: SimulatorAnswer, defaults: AnswerDefaults): void {
  if (res.destroyed) return;
  const payload = answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
  // setHeader is case-insensitive, so an answer's own header replaces a default of any spelling.
  const headers = { ...defaults.headers(), "content-type": answer.contentType ?? defaults.contentType, ...answer.headers };
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader("content-length", Buffer.byteLength(payload));
  res.writeHead(answer.status);
  res.end(payload);
}
