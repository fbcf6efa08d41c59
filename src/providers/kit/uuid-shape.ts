/**
 * A UUID as both providers write them (docs/blueshift.md §7, docs/usergrid.md §6), any case. An id
 * of another shape names no user, so it is never sent; an answer naming one is not read as a user.
 */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
