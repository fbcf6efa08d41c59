import { z } from "zod";

/** A variable whose empty or blank value counts as unset. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** A service's base URL: http(s), without query or fragment. */
export const baseUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .refine((v) => !new URL(v).search && !new URL(v).hash, "must not carry a query or fragment")
  // Tolerate a trailing slash: paths are appended to it (docs/contract.md §3).
  .transform((v) => v.replace(/\/+$/, ""));

/**
 * An HS256 key, which jose takes as the value's UTF-8 bytes (src/auth/verify-caller.ts), so its
 * length is counted in bytes. The messages never echo the value.
 */
export const hs256Secret = z
  .string()
  // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output, 256 bits.
  .refine((v) => Buffer.byteLength(v, "utf8") >= 32, "must be at least 32 bytes (HS256 needs a 256-bit key)")
  .refine((v) => new Set(v).size > 1, "is one character repeated, which anyone could guess");
