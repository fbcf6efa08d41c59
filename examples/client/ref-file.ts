import type { UserRef } from "./generated/graphql";

/** A line of a ref file that names no user; `line` counts from 1, as editors do. */
export class RefFileError extends Error {
  override readonly name = "RefFileError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USERNAME_PREFIX = "username:";

/**
 * One ref per line: a UUID, an email, or `username:<name>` (Usergrid only; Blueshift answers
 * UnsupportedUserRefError at that position). Blank lines are skipped, so a ref's index in the
 * job's results is its position among the refs, not its line number. A line that is none of the
 * three is refused here: the server would refuse the whole job for a malformed UUID or email (they
 * fail the schema's scalars), so it is better named by its line before anything is sent.
 */
export function parseRefFile(text: string): UserRef[] {
  const refs: UserRef[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    if (line.startsWith(USERNAME_PREFIX)) {
      const username = line.slice(USERNAME_PREFIX.length).trim();
      if (username === "") throw new RefFileError(i + 1, `"${USERNAME_PREFIX}" names no user`);
      refs.push({ username });
    } else if (UUID.test(line)) {
      refs.push({ uuid: line });
    } else if (/^[^\s@]+@[^\s@]+$/.test(line)) {
      refs.push({ email: line });
    } else {
      throw new RefFileError(i + 1, `"${line.slice(0, 80)}" is not a UUID, an email or ${USERNAME_PREFIX}<name>`);
    }
  });
  return refs;
}
