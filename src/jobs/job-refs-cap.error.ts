/**
 * A start would make the jobs of this process hold more refs than a cap allows (docs/contract.md
 * §8). Nothing was queued. `message` names the cap; `maxRefs` is its value.
 */
export class JobRefsCapError extends Error {
  override readonly name = "JobRefsCapError";

  constructor(
    readonly maxRefs: number,
    message: string,
  ) {
    super(message);
  }
}
