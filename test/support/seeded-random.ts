/** mulberry32: a tiny seeded PRNG, so a failing mix can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One value of a weighted list, drawn with `random`. */
export function pick<T>(random: () => number, weighted: Array<[number, T]>): T {
  const total = weighted.reduce((sum, [w]) => sum + w, 0);
  let roll = random() * total;
  for (const [w, value] of weighted) {
    roll -= w;
    if (roll < 0) return value;
  }
  return weighted[weighted.length - 1]![1];
}
