/** The largest number of intervals open at one instant (requests in flight, from their start and end). */
export function maxOverlap(intervals: readonly { start: number; end: number }[]): number {
  const points = intervals.flatMap((i) => [
    { t: i.start, d: 1 },
    { t: i.end, d: -1 },
  ]);
  // Ends sort before starts at the same instant: back-to-back requests do not overlap.
  points.sort((a, b) => a.t - b.t || a.d - b.d);
  let open = 0;
  let max = 0;
  for (const point of points) {
    open += point.d;
    max = Math.max(max, open);
  }
  return max;
}
