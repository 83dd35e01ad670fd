import 'server-only';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { idempotencyKeys } from '@/lib/db/schema';

/**
 * `Idempotency-Key` (the IETF draft's header, as Stripe and GitHub use it): a retried
 * `POST /api/generations` is safe even before the server knows the bytes (a `sourceUrl` not fetched
 * yet). The first request with a key claims it; a retry with the same key gets that request's
 * generation, waiting while it is still running, so concurrent retries make one generation. A key
 * reused for a different request is a 422; a claim whose request died (kill -9) is taken over once
 * it is `staleMs` old; keys are forgotten after `keepMs`.
 */
export interface IdempotencyScope {
  /** `curator:<id>` or `token:<id>`. */
  caller: string;
  key: string;
  /** What the request asked for (lib/curation/generation-request.ts, `requestFingerprint`). */
  fingerprint: string;
}

export interface IdempotencyTiming {
  /** How long a retry waits for the first request to finish before answering 409. */
  waitMs: number;
  pollMs: number;
  /** A claim with no generation this old belonged to a request that died. */
  staleMs: number;
  keepMs: number;
}

export const defaultIdempotencyTiming: IdempotencyTiming = {
  waitMs: 130_000,
  pollMs: 100,
  staleMs: 5 * 60_000,
  keepMs: 24 * 3_600_000,
};

const keyPattern = /^[\x21-\x7e]{1,255}$/;

/** The header's value, or null without one; a malformed key is a 400. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.headers.get('idempotency-key');
  if (key === null) return null;
  const bare = key.trim().replace(/^"(.*)"$/, '$1');
  if (!keyPattern.test(bare)) {
    throw new ApiError(
      'bad_request',
      'Idempotency-Key must be 1-255 printable ASCII characters without spaces.',
    );
  }
  return bare;
}

const ago = (ms: number) => sql`now() - make_interval(secs => ${ms / 1000})`;

/**
 * Runs `create` once per key: returns its generation id, or the id the request that holds the key
 * made. `create` answers the id it made (or found); if it throws, the claim is released so a retry
 * runs it again.
 */
export async function oncePerKey<Result extends { generationId: string }>(
  db: Database,
  scope: IdempotencyScope,
  create: () => Promise<Result>,
  replay: (generationId: string) => Promise<Result>,
  timing: IdempotencyTiming = defaultIdempotencyTiming,
): Promise<Result> {
  const { caller, key, fingerprint } = scope;
  const thisKey = and(eq(idempotencyKeys.caller, caller), eq(idempotencyKeys.key, key));
  const deadline = Date.now() + timing.waitMs;
  for (;;) {
    // A forgotten key, or a claim whose request died, makes room for this one.
    await db
      .delete(idempotencyKeys)
      .where(
        and(
          thisKey,
          or(
            lt(idempotencyKeys.createdAt, ago(timing.keepMs)),
            and(isNull(idempotencyKeys.generationId), lt(idempotencyKeys.createdAt, ago(timing.staleMs))),
          ),
        ),
      );
    const claimed = await db
      .insert(idempotencyKeys)
      .values({ caller, key, fingerprint })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (claimed.length > 0) {
      let result: Result;
      try {
        result = await create();
      } catch (error) {
        await db.delete(idempotencyKeys).where(and(thisKey, isNull(idempotencyKeys.generationId)));
        throw error;
      }
      await db.update(idempotencyKeys).set({ generationId: result.generationId }).where(thisKey);
      return result;
    }
    const [held] = await db.select().from(idempotencyKeys).where(thisKey).limit(1);
    if (held && held.fingerprint !== fingerprint) {
      throw new ApiError(
        'unprocessable_entity',
        'This Idempotency-Key was sent before with a different request; use a new key for a new generation.',
      );
    }
    if (held?.generationId) return replay(held.generationId);
    if (Date.now() > deadline) {
      throw new ApiError(
        'conflict',
        'A request with this Idempotency-Key is still running; retry in a moment.',
        {
          'Retry-After': '5',
        },
      );
    }
    // Held by a request still running (or released a moment ago): look again shortly.
    if (held) await new Promise((resolve) => setTimeout(resolve, timing.pollMs));
  }
}

/** Forgets every key older than `keepMs` (the server's sweep runs it every 6 hours); says how many. */
export async function forgetOldIdempotencyKeys(
  db: Database,
  keepMs = defaultIdempotencyTiming.keepMs,
): Promise<number> {
  const gone = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, ago(keepMs)))
    .returning({ key: idempotencyKeys.key });
  return gone.length;
}
