/** The most of `arrivals` (epoch ms, e.g. a simulator's receivedAt) that fall in any one-second span. */
export function busiestSecond(arrivals: readonly number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let most = 0;
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * What a cap of `rps` requests a second, counted in fixed one-second windows, lets through: no more
 * than `rps` a second over the whole run plus one second's burst, and at most two windows' worth in
 * any second that straddles two windows.
 */
export function expectWithinRate(arrivals: readonly number[], rps: number): void {
  const spanSeconds = (Math.max(...arrivals) - Math.min(...arrivals)) / 1000;
  expect(arrivals.length).toBeLessThanOrEqual(rps * (Math.floor(spanSeconds) + 1) + rps);
  expect(busiestSecond(arrivals)).toBeLessThanOrEqual(2 * rps);
}
