/**
 * The idempotency store could not be asked (Redis unreachable, or slower than the shared
 * connection's command timeout). A request with a key is then refused, never run without its
 * record (docs/contract.md §9). The store's own error is kept as `cause`.
 */
export class IdempotencyStoreUnavailable extends Error {
  override readonly name = "IdempotencyStoreUnavailable";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
