import { RetryAfterPolicy } from "../../src/http/retry-after-policy";

/** Answers in turn: a number is a refusal told that many seconds, a string any other answer. */
function answering(...answers: Array<number | string>): { attempt: () => Promise<number | string>; tries: () => number } {
  let tries = 0;
  return {
    attempt: async () => answers[Math.min(tries++, answers.length - 1)] as number | string,
    tries: () => tries,
  };
}
const toldOf = (answer: number | string) => (typeof answer === "number" ? answer : null);

describe("the Retry-After policy", () => {
  const policy = new RetryAfterPolicy(60);

  it("holds a provider's calls for what it asked, UPSTREAM_MAX_PAUSE_S at most", () => {
    expect(policy.holdMs(5)).toBe(5_000);
    expect(policy.holdMs(86_400)).toBe(60_000);
    expect(new RetryAfterPolicy(0).holdMs(86_400)).toBe(0);
  });

  it("tries work refused for a Retry-After once more, and answers with the work's own answer then", async () => {
    const work = answering(30, "removed");
    await expect(policy.execute(work.attempt, toldOf)).resolves.toBe("removed");
    expect(work.tries()).toBe(2);
  });

  it("answers with the second refusal in a row: the provider's next answer decides", async () => {
    const work = answering(30, 10, "removed");
    await expect(policy.execute(work.attempt, toldOf)).resolves.toBe(10);
    expect(work.tries()).toBe(2);
    expect([policy.triesAgain(1), policy.triesAgain(2)]).toEqual([true, false]);
  });

  it("never tries again an answer that is not a refusal for a Retry-After", async () => {
    const work = answering("not a member", "removed");
    await expect(policy.execute(work.attempt, toldOf)).resolves.toBe("not a member");
    expect(work.tries()).toBe(1);
  });
});
