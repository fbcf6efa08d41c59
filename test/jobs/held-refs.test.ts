import { HeldRefs } from "../../src/jobs/held-refs";
import { JobRefsCapError } from "../../src/jobs/job-refs-cap.error";

describe("the refs this process's jobs hold", () => {
  it("holds up to the per-caller cap for each caller, and refuses the ref past it naming BULK_JOB_MAX_REFS_PER_CALLER, counting nothing", () => {
    const held = new HeldRefs(10, 100);
    held.hold("alice", 6);
    held.hold("alice", 4);
    expect(() => held.hold("alice", 1)).toThrow(expect.objectContaining({ maxRefs: 10, message: expect.stringContaining("BULK_JOB_MAX_REFS_PER_CALLER") }));
    held.hold("bob", 10);
    held.release("alice", 4);
    held.hold("alice", 4);
  });

  it("refuses past the per-process cap whoever asks, without telling what others hold", () => {
    const held = new HeldRefs(10, 25);
    held.hold("alice", 10);
    held.hold("bob", 10);
    let refusal: unknown;
    try {
      held.hold("carol", 6);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(JobRefsCapError);
    expect(refusal).toMatchObject({ maxRefs: 25, message: expect.stringMatching(/25 per process/) });
    expect((refusal as Error).message).not.toContain("26");
    held.hold("carol", 5);
    held.release("bob", 10);
    held.hold("carol", 5);
  });
});
