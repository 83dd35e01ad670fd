import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { loginThrottle } from '@/lib/db/schema';

export interface ThrottleRule {
  /** Failures allowed within the window; the next attempt is refused until the window ends. */
  maxFailures: number;
  windowMs: number;
}

/** A password guesser gets 5 tries per account and 30 per address every 15 minutes. */
export const accountRule: ThrottleRule = { maxFailures: 5, windowMs: 15 * 60_000 };
export const addressRule: ThrottleRule = { maxFailures: 30, windowMs: 15 * 60_000 };

export interface ThrottleKey {
  key: string;
  rule: ThrottleRule;
}

/** Seconds until every key may try again, or 0 when none is locked. */
export async function secondsUntilAllowed(
  db: Database,
  keys: ThrottleKey[],
  now = new Date(),
): Promise<number> {
  const rows = await db
    .select()
    .from(loginThrottle)
    .where(
      inArray(
        loginThrottle.key,
        keys.map((entry) => entry.key),
      ),
    );
  let wait = 0;
  for (const row of rows) {
    const rule = keys.find((entry) => entry.key === row.key)?.rule;
    if (!rule || row.failures < rule.maxFailures) continue;
    const ends = new Date(row.windowStartedAt).getTime() + rule.windowMs;
    wait = Math.max(wait, Math.ceil((ends - now.getTime()) / 1000));
  }
  return wait;
}

/** Counts a failure against every key: a window that has ended starts again at 1. */
export async function recordFailure(db: Database, keys: ThrottleKey[], now = new Date()): Promise<void> {
  const at = now.toISOString();
  for (const { key, rule } of keys) {
    const windowStart = new Date(now.getTime() - rule.windowMs).toISOString();
    await db
      .insert(loginThrottle)
      .values({ key, failures: 1, windowStartedAt: at })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sql`case when ${loginThrottle.windowStartedAt} <= ${windowStart}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`,
          windowStartedAt: sql`case when ${loginThrottle.windowStartedAt} <= ${windowStart}::timestamptz then ${at}::timestamptz else ${loginThrottle.windowStartedAt} end`,
        },
      });
  }
}

export async function clearFailures(db: Database, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}
