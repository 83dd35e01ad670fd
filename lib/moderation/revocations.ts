import 'server-only';
import { and, desc, gt, inArray, lt, notExists, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { generations, revokedSources } from '@/lib/db/schema';

/**
 * The sources taken down lately, for visitors' service workers (public/sw.js): a takedown purges
 * Vitrine's own caches and the CDN's at once, but a browser that saw the image keeps it in its
 * service worker's cache (and its HTTP cache: the URL is immutable). Every page the visitor opens
 * has the worker read this short list (`GET /api/revocations`, cached 30 s) and drop what it names;
 * from then on a request for such a source bypasses every cache, and the server answers 404.
 * docs/moderation.md says why a list and what bounds it.
 */

/** Longer than the worker keeps an entry (7 days): an older takedown has nothing left to drop. */
export const REVOCATION_WINDOW_DAYS = 8;
/** The list is read by every visitor's worker: a bound on what it costs them, ample for takedowns. */
export const MAX_REVOKED_LISTED = 5_000;

const windowStart = sql`now() - make_interval(days => ${REVOCATION_WINDOW_DAYS})`;

/** Called in the takedown's own transaction, once no public row shows the source any more. */
export async function revokeSource(db: Database, storageKey: string): Promise<void> {
  await db
    .insert(revokedSources)
    .values({ storageKey })
    .onConflictDoUpdate({ target: revokedSources.storageKey, set: { revokedAt: sql`now()` } });
  await db.delete(revokedSources).where(lt(revokedSources.revokedAt, windowStart));
}

/** The newest takedowns within the window whose source no public (or publishing) row shows again. */
export async function listRevokedSources(db: Database): Promise<string[]> {
  const rows = await db
    .select({ storageKey: revokedSources.storageKey })
    .from(revokedSources)
    .where(
      and(
        gt(revokedSources.revokedAt, windowStart),
        notExists(
          db
            .select({ one: sql`1` })
            .from(generations)
            .where(
              and(
                sql`${generations.storageKey} = ${revokedSources.storageKey}`,
                inArray(generations.status, ['public', 'publishing']),
              ),
            ),
        ),
      ),
    )
    .orderBy(desc(revokedSources.revokedAt))
    .limit(MAX_REVOKED_LISTED);
  return rows.map((row) => row.storageKey);
}
