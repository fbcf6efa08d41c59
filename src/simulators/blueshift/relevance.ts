import type { BlueshiftCustomer } from "./seed";

/**
 * The customer a search would call "the most relevant match" without being the one asked for
 * (docs/blueshift.md §5): the configured one if given, else the one whose email is closest (same
 * domain first, then the longest common start of the local part, then seed order). Never a
 * customer whose email equals the requested one; undefined when there is no other customer.
 */
export function mostRelevantOther(customers: readonly BlueshiftCustomer[], email: string, configuredUuid: string | undefined): BlueshiftCustomer | undefined {
  const wanted = email.trim().toLowerCase();
  const others = customers.filter((customer) => customer.email.toLowerCase() !== wanted);
  if (configuredUuid !== undefined) return others.find((customer) => customer.uuid.toLowerCase() === configuredUuid.toLowerCase());
  let best: { customer: BlueshiftCustomer; score: readonly [number, number] } | undefined;
  for (const customer of others) {
    const score = closeness(customer.email.toLowerCase(), wanted);
    if (best === undefined || score[0] > best.score[0] || (score[0] === best.score[0] && score[1] > best.score[1])) best = { customer, score };
  }
  return best?.customer;
}

function closeness(candidate: string, wanted: string): readonly [number, number] {
  const [candidateLocal = "", candidateDomain = ""] = splitEmail(candidate);
  const [wantedLocal = "", wantedDomain = ""] = splitEmail(wanted);
  let common = 0;
  while (common < candidateLocal.length && candidateLocal[common] === wantedLocal[common]) common += 1;
  return [candidateDomain === wantedDomain ? 1 : 0, common];
}

function splitEmail(email: string): [string, string] {
  const at = email.lastIndexOf("@");
  return at === -1 ? [email, ""] : [email.slice(0, at), email.slice(at + 1)];
}
