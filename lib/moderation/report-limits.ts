/**
 * How often visitors may report (`POST /api/reports`): sliding windows over the reports themselves,
 * so every instance counts the same rows and nothing else is stored. Pure: the route's module
 * (reports.ts) reads the recent reports and asks here; report-limits.test.ts pins every rule.
 */
export interface WindowRule {
  /** Reports allowed within any window of `windowMs`. */
  max: number;
  windowMs: number;
}

const hour = 60 * 60_000;

export const reportLimits = {
  /** One address: 10 reports an hour. A person reads and reports a few; more is a script. */
  address: { max: 10, windowMs: hour },
  /** One image, from everyone: 30 an hour. Past that the studio has heard, and the table stays small. */
  image: { max: 30, windowMs: hour },
  /** One address, one image: once a day. A second report of the same picture says nothing new. */
  addressImage: { max: 1, windowMs: 24 * hour },
} as const satisfies Record<string, WindowRule>;

/**
 * Seconds until `rule` admits one more report, given the times (ms) of the newest reports it counts,
 * newest first (at most `max` are needed); 0 when it admits one now. With `max` reports in the
 * window, the oldest of them must leave it first.
 */
export function secondsUntilAdmitted(rule: WindowRule, newestFirst: readonly number[], now: number): number {
  if (newestFirst.length < rule.max) return 0;
  const leaves = newestFirst[rule.max - 1]! + rule.windowMs;
  return leaves > now ? Math.ceil((leaves - now) / 1000) : 0;
}
