import { InvalidInputError } from "../../graphql/errors/invalid-input.error";
import { Provider } from "../../graphql/provider.enum";
import { isCollectionName, segmentProblem } from "./path-segment";

/**
 * A Usergrid group path (`a/b` is hierarchical) or UUID, as path segments ready to send: split on
 * "/", each segment percent-encoded; a segment Usergrid would not read as this one name is refused
 * (path-segment.ts), and so is one named like a group's sub-collection, which would end the group
 * path early (docs/contract.md §2, path safety).
 */
export function encodeGroupPath(groupId: string): string | InvalidInputError {
  const segments = groupId.split("/");
  for (const segment of segments) {
    const refuse = (why: string) =>
      new InvalidInputError({ provider: Provider.USERGRID, field: "groupId", message: `Usergrid group path "${groupId}" is not sent: a segment ${why}.` });
    const problem = segmentProblem(segment);
    if (problem !== null) return refuse(problem);
    if (isCollectionName(segment)) return refuse(`is named "${segment}", which Usergrid reads as a collection; address this group by its UUID`);
  }
  return segments.map(encodeURIComponent).join("/");
}
