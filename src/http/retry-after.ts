/**
 * Seconds to wait from a Retry-After header, which is either delta-seconds or an HTTP-date
 * (RFC 9110 §10.2.3). Seconds are never read as milliseconds (wundergraph/cosmo#2167).
 */
export function retryAfterSeconds(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
