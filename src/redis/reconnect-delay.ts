/** ioredis' reconnect backoff: soon after a blip, at most every 2 s during an outage, never giving up. */
export function reconnectDelay(times: number): number {
  return Math.min(times * 200, 2_000);
}
