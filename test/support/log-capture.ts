import { Writable } from "node:stream";

/** A pino line as written. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/** pino's level numbers. */
export const LEVEL = { info: 30, warn: 40, error: 50 } as const;

/** Every line a server logs, parsed, for tests that read them (FacadeOptions.log's destination). */
export function logCapture(): { destination: Writable; lines: () => LogLine[] } {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line !== "") lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { destination, lines: () => lines };
}
