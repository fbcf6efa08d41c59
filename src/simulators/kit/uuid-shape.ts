/**
 * A UUID as Blueshift and Usergrid write them (docs/blueshift.md §7, docs/usergrid.md §6), any case.
 * The server checks the same shape itself (src/providers/kit/uuid-shape.ts); a simulator stands for
 * the upstream, so it keeps its own copy of the upstream's rule rather than borrowing the server's.
 */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
