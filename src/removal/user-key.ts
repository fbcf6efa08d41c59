/**
 * UserKey is declared with the providers that receive it (src/providers/kit/user-key.ts); src/jobs/
 * and src/providers/bulk/ still import it from here, until they import it from there.
 */
export type { UserKey } from "../providers/kit/user-key";
