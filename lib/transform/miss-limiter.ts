/**
 * Per-client token buckets for `/i/` cache misses in the app (the Worker has Cloudflare's rate
 * limiter in front of its origin instead). Only requests that would start a transform take a token:
 * warm hits never reach this. A bucket holds `burst` tokens and gains `perSecond` a second, so a
 * visitor's first screen (a dozen cold images at once) passes and a scraper cycling `q-`/`h-` values
 * gets 429 after the burst. Memory is bounded: past `maxClients` the least recently seen client is
 * forgotten (a forgotten client starts again with a full bucket, the safe direction for visitors).
 */
export interface MissLimiterOptions {
  burst: number;
  perSecond: number;
  maxClients: number;
}

export type MissDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface MissLimiter {
  take(client: string, nowMs: number): MissDecision;
}

export const defaultMissLimits: MissLimiterOptions = { burst: 40, perSecond: 4, maxClients: 10_000 };

export function createMissLimiter(options: MissLimiterOptions = defaultMissLimits): MissLimiter {
  const { burst, perSecond, maxClients } = options;
  // Insertion order is recency order: a client is moved to the end each time it is seen.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(client, nowMs) {
      const seen = buckets.get(client);
      buckets.delete(client);
      const tokens = seen ? Math.min(burst, seen.tokens + ((nowMs - seen.at) / 1000) * perSecond) : burst;
      const allowed = tokens >= 1;
      buckets.set(client, { tokens: allowed ? tokens - 1 : tokens, at: nowMs });
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value as string);
      return allowed ? { allowed } : { allowed, retryAfterSeconds: Math.ceil((1 - tokens) / perSecond) };
    },
  };
}
