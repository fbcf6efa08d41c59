import type { BulkRemovalJobProgressFragment } from "./generated/graphql";

const WIDTH = 30;
const integer = new Intl.NumberFormat("en-US");

/**
 * One line for a job's progress: a bar of done ÷ total, the counts, the status and, while it runs,
 * the refs answered per second (null: not known yet) and the time left at that rate.
 */
export function progressLine(job: BulkRemovalJobProgressFragment, refsPerSecond: number | null): string {
  const share = job.total === 0 ? 1 : job.done / job.total;
  const filled = Math.round(share * WIDTH);
  const running = job.finishedAt == null;
  const left = refsPerSecond !== null && refsPerSecond > 0 ? `, ~${Math.ceil((job.total - job.done) / refsPerSecond)} s left` : "";
  const pace = running && refsPerSecond !== null ? ` (${integer.format(Math.round(refsPerSecond))} refs/s${left})` : "";
  return [
    `[${"#".repeat(filled)}${".".repeat(WIDTH - filled)}]`,
    `${(share * 100).toFixed(0).padStart(3)}%`,
    `${integer.format(job.done)}/${integer.format(job.total)}`,
    `removed ${integer.format(job.removed)}, not a member ${integer.format(job.notMember)}, failed ${integer.format(job.failed)}, unknown ${integer.format(job.unknown)}`,
    `${job.status}${pace}`,
  ].join("  ");
}

export interface Terminal {
  write(text: string): void;
  /** A terminal redraws one line in place; a log or a pipe gets a line per change instead. */
  interactive: boolean;
}

/** Shows a job's progress on a terminal (stderr, so stdout keeps only the final answer). */
export class ProgressBar {
  /** The first view of the job and when it came: the rate is measured from there, on this machine's clock. */
  private first: { done: number; at: number } | null = null;
  /** Status and count last shown: a log gets a line only when they change, not one per poll. */
  private lastShown = "";
  private drawn = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly now: () => number = Date.now,
  ) {}

  show(job: BulkRemovalJobProgressFragment): void {
    const at = this.now();
    this.first ??= { done: job.done, at };
    const seconds = (at - this.first.at) / 1000;
    const line = progressLine(job, seconds > 0 ? (job.done - this.first.done) / seconds : null);
    const shown = `${job.status} ${job.done} ${job.finishedAt}`;
    if (this.terminal.interactive) {
      // \x1b[K clears what a longer previous line left to the right.
      this.terminal.write(`\r${line}\x1b[K`);
      this.drawn = true;
    } else if (shown !== this.lastShown) {
      this.terminal.write(`${line}\n`);
    }
    this.lastShown = shown;
  }

  /** A message on its own line, below the bar. */
  note(message: string): void {
    this.end();
    this.terminal.write(`${message}\n`);
  }

  /** Leaves the bar as it is and moves below it. */
  end(): void {
    if (this.drawn) this.terminal.write("\n");
    this.drawn = false;
  }
}
