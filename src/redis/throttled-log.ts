import type { Logger } from "../log/logger";

/**
 * While Redis is unreachable, ioredis reports every reconnect attempt and BullMQ every command it
 * could not send, several times a second per connection. One line per source and interval says
 * the same to an operator, with how many were left out, and keeps the log readable.
 */
export class ThrottledLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  error(source: string, error: unknown, message: string): void {
    const now = Date.now();
    const seen = this.last.get(source);
    if (seen && now - seen.at < this.intervalMs) {
      seen.suppressed++;
      return;
    }
    this.last.set(source, { at: now, suppressed: 0 });
    // The message only: a connection error's properties can include the options it was built with.
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error({ source, reason, suppressedSinceLast: seen?.suppressed ?? 0 }, message);
  }

  /** The next error of `source` is logged at once (it recovered: a new outage is news). */
  reset(source: string): void {
    this.last.delete(source);
  }
}
