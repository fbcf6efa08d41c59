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
