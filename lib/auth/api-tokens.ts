import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import { apiTokens } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';

/**
 * API tokens for the host app's servers (docs/publishing-api.md). A token is `vt_` and 43 characters
 * of base64url (32 random bytes): the prefix lets secret scanners spot a leaked one. Only its
 * SHA-256 is stored; the token itself is printed once, by `npm run curator -- token create`.
 */
export type ApiTokenScope = (typeof apiTokens.scope.enumValues)[number];
export const apiTokenScopes = apiTokens.scope.enumValues;

/** What a request's `Authorization: Bearer …` may look like before the database is asked. */
export const apiTokenPattern = /^vt_[A-Za-z0-9_-]{20,100}$/;
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class ApiTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiTokenError';
  }
}

export interface ApiTokenSummary {
  name: string;
  scope: ApiTokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The token a request authenticated with: what routes check scopes and ownership against. */
export interface TokenActor {
  id: string;
  name: string;
  scope: ApiTokenScope;
}

/** Requests one token may make per window; beyond it 429 with `Retry-After`. */
export interface TokenRateLimit {
  requests: number;
  windowMs: number;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateApiToken(): string {
  return `vt_${randomBytes(32).toString('base64url')}`;
}

/** `90d`, `12h`, `30m` → milliseconds; `never` → null. Anything else is an ApiTokenError. */
export function parseTokenLifetime(text: string): number | null {
  if (text === 'never') return null;
  const match = /^(\d{1,5})([dhm])$/.exec(text);
  const amount = Number(match?.[1]);
  if (!match || amount < 1) {
    throw new ApiTokenError(`--expires takes a lifetime such as 90d, 12h or 30m, or never (got "${text}").`);
  }
  const unitMs = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  return amount * unitMs;
}

const iso = (column: AnyPgColumn) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
const summaryColumns = {
  name: apiTokens.name,
  scope: apiTokens.scope,
  createdAt: iso(apiTokens.createdAt),
  expiresAt: sql<string | null>`${iso(apiTokens.expiresAt)}`,
  lastUsedAt: sql<string | null>`${iso(apiTokens.lastUsedAt)}`,
};

/** Creates a token; the only time the token itself exists outside the caller's hands. */
export async function createApiToken(
  db: Database,
  options: { name: string; scope: ApiTokenScope; lifetimeMs: number | null },
  now = new Date(),
): Promise<{ token: string; summary: ApiTokenSummary }> {
  if (!namePattern.test(options.name)) {
    throw new ApiTokenError(
      `A token name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit (got "${options.name}").`,
    );
  }
  if (!apiTokenScopes.includes(options.scope)) {
    throw new ApiTokenError(`--scope is submit or publish (got "${options.scope}").`);
  }
  const token = generateApiToken();
  const [row] = await db
    .insert(apiTokens)
    .values({
      id: uuidV7(),
      name: options.name,
      scope: options.scope,
      tokenHash: hashApiToken(token),
      createdAt: now.toISOString(),
      expiresAt:
        options.lifetimeMs === null ? null : new Date(now.getTime() + options.lifetimeMs).toISOString(),
    })
    .onConflictDoNothing({ target: apiTokens.name })
    .returning(summaryColumns);
  if (!row) throw new ApiTokenError(`A token named "${options.name}" exists already (revoke it first).`);
  return { token, summary: row };
}

export function listApiTokens(db: Database): Promise<ApiTokenSummary[]> {
  return db.select(summaryColumns).from(apiTokens).orderBy(asc(apiTokens.createdAt), asc(apiTokens.name));
}

/** Deletes the token: it stops working on every instance at once. Its generations stay. */
export async function revokeApiToken(db: Database, name: string): Promise<void> {
  const [row] = await db.delete(apiTokens).where(eq(apiTokens.name, name)).returning({ id: apiTokens.id });
  if (!row) throw new ApiTokenError(`No token is named "${name}".`);
}

export type TokenCheck =
  | { kind: 'ok'; actor: TokenActor }
  | { kind: 'unknown' }
  | { kind: 'rate_limited'; retryAfterSeconds: number };

/**
 * Looks the token up and counts the request against its rate limit, in one statement (so two
 * instances counting at once both see the other's count): a window that has ended starts again at 1.
 * An unknown, revoked or expired token is `unknown`; nothing tells them apart to the caller.
 */
export async function checkApiToken(
  db: Database,
  token: string,
  limit: TokenRateLimit,
  now = new Date(),
): Promise<TokenCheck> {
  if (!apiTokenPattern.test(token)) return { kind: 'unknown' };
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - limit.windowMs).toISOString();
  const windowEnded = sql`${apiTokens.windowStartedAt} is null or ${apiTokens.windowStartedAt} <= ${windowStart}::timestamptz`;
  const [row] = await db
    .update(apiTokens)
    .set({
      lastUsedAt: at,
      windowRequests: sql`case when ${windowEnded} then 1 else ${apiTokens.windowRequests} + 1 end`,
      windowStartedAt: sql`case when ${windowEnded} then ${at}::timestamptz else ${apiTokens.windowStartedAt} end`,
    })
    .where(
      sql`${apiTokens.tokenHash} = ${hashApiToken(token)} and (${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > ${at}::timestamptz)`,
    )
    .returning({
      id: apiTokens.id,
      name: apiTokens.name,
      scope: apiTokens.scope,
      requests: apiTokens.windowRequests,
      windowStartedAt: apiTokens.windowStartedAt,
    });
  if (!row) return { kind: 'unknown' };
  if (row.requests > limit.requests) {
    const endsMs = new Date(row.windowStartedAt!).getTime() + limit.windowMs;
    return {
      kind: 'rate_limited',
      retryAfterSeconds: Math.max(1, Math.ceil((endsMs - now.getTime()) / 1000)),
    };
  }
  return { kind: 'ok', actor: { id: row.id, name: row.name, scope: row.scope } };
}
