import pino, { type Logger } from "pino";

/** What a logger is given besides its level and destination: this module knows nothing of the server's parts. */
export interface LoggerOptions {
  /**
   * Paths redacted besides REDACT_PATHS: the secret settings each provider declares, which its
   * caller names (src/server-logger.ts).
   */
  readonly redact?: readonly string[];
  /** Fields every line carries, read as the line is written (pino's mixin): the request's correlation. */
  readonly mixin?: () => Record<string, string>;
}

/**
 * Redaction is declared once, here (pino docs/redaction.md), with the paths the server's logger adds
 * (src/server-logger.ts): headers, config fields and token bodies that can carry a credential never
 * reach a log line, whoever logs them. Call sites log route templates and ids, never headers or
 * bodies; this is the net under that rule. Exact paths only: each wildcard (`*.token`) walks every
 * logged object's keys, and five of them made a request's log line more than twice as expensive
 * (measured with pino 10); exact ones cost ~nothing.
 */
export const REDACT_PATHS: readonly string[] = [
  "authorization",
  "cookie",
  "client_secret",
  "access_token",
  "token",
  "secret",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "request.headers.authorization",
  "body.client_secret",
  "body.access_token",
  "config.auth.keys.secret",
];

export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  const paths = [...REDACT_PATHS, ...(options.redact ?? [])];
  return pino({ level, redact: { paths, censor: "[redacted]" }, mixin: options.mixin }, destination);
}

/**
 * Lines are written when this much has gathered, or at the latest every FLUSH_INTERVAL_MS. Each
 * write is a round trip through libuv's thread pool that cost the server more than formatting the
 * lines it carried: at 16 kB a busy server writes once per fifty-odd request lines, four times
 * fewer writes than at 4 KiB.
 */
const BATCH_LENGTH = 16_000;
const FLUSH_INTERVAL_MS = 1000;

/**
 * Lines gathered in an array and handed to sonic-boom as one string per batch. sonic-boom's own
 * batching (minLength) appends each line to one growing string and measures that string's byte
 * length at every write, which copies it whole: about 8 KB allocated per request line at 16 kB,
 * a sixth of all a removal allocated (bytes freed by scavenges per request, --trace-gc).
 */
export class LineBatches implements pino.DestinationStream {
  private lines: string[] = [];
  private length = 0;

  constructor(
    private readonly sink: pino.DestinationStream & { flush(callback: (error?: Error) => void): void },
    private readonly batchLength: number,
  ) {}

  write(line: string): void {
    this.lines.push(line);
    this.length += line.length;
    if (this.length >= this.batchLength) this.drain();
  }

  /** Hands what has gathered to the sink. */
  drain(): void {
    if (this.lines.length === 0) return;
    const batch = this.lines.join("");
    this.lines = [];
    this.length = 0;
    this.sink.write(batch);
  }

  /** What pino's logger.flush(callback) calls: the callback runs once the sink has written everything. */
  flush(callback: (error?: Error) => void): void {
    this.drain();
    this.sink.flush(callback);
  }
}

/**
 * stdout written asynchronously and in batches, so a log line never blocks the event loop on a
 * slow terminal or pipe and a busy server makes one write per few dozen lines rather than one
 * per line. Call `logger.flush()` before exiting or the last lines are lost.
 */
export function asyncStdout(): pino.DestinationStream {
  // minLength 1: each batch is written at once, and flush() still waits for writes in flight
  // (with 0, sonic-boom's flush calls back without waiting).
  const batches = new LineBatches(pino.destination({ dest: 1, sync: false, minLength: 1 }), BATCH_LENGTH);
  // A quiet server still shows each line within a second.
  setInterval(() => batches.drain(), FLUSH_INTERVAL_MS).unref();
  return batches;
}

export type { Logger };
