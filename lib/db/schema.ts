import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * draft → publishing → public ⇄ unpublished: only `public` rows are in the feed. `publishing` has its
 * public original stored and its display set being made by a queued job (docs/curation.md).
 * `submitted` is what a `submit` API token sends: it waits for a curator to publish it. `failed`: every
 * attempt of its last publish failed (`publish_error` says why); publishing again retries. `hidden`:
 * a curator took it down or rejected it, with a reason (`hidden_reason`; docs/moderation.md).
 */
export const generationStatus = pgEnum('generation_status', [
  'submitted',
  'draft',
  'publishing',
  'public',
  'unpublished',
  'failed',
  'hidden',
]);

/** `sensitive` generations are shown only to visitors who ask (`/api/feed?rating=`). */
export const generationRating = pgEnum('generation_rating', ['general', 'sensitive']);

/** Postgres' text-search document type (drizzle has no built-in for it). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Timestamps stay strings: Postgres keeps microseconds and the feed cursor must not round them. */
const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 6, mode: 'string' });

export const generations = pgTable(
  'generations',
  {
    /** UUIDv7: time-ordered, so inserts stay at the right edge of the primary-key index. */
    id: uuid('id').primaryKey(),
    status: generationStatus('status').notNull().default('draft'),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    blurhash: text('blurhash').notNull(),
    format: text('format').notNull(),
    bytes: integer('bytes').notNull(),
    prompt: text('prompt').notNull(),
    negativePrompt: text('negative_prompt'),
    model: text('model').notNull(),
    seed: bigint('seed', { mode: 'number' }),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    author: text('author').notNull(),
    rating: generationRating('rating').notNull().default('general'),
    /** The curator who uploaded it; null for demo and scale rows (and when the account is removed). */
    curatorId: uuid('curator_id').references(() => curators.id, { onDelete: 'set null' }),
    /** The API token that sent it (a host app's server); null for curators' uploads and once revoked. */
    apiTokenId: uuid('api_token_id').references(() => apiTokens.id, { onDelete: 'set null' }),
    /** Scale-test rows made by `npm run seed -- --count N` reuse image objects, so they skip dedupe. */
    synthetic: boolean('synthetic').notNull().default(false),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    publishedAt: timestamptz('published_at'),
    /** The publish job making this row's display set (its pg-boss job id); null when none runs. */
    publishJobId: uuid('publish_job_id'),
    /** The state a publish that fails for good returns the row to (draft or unpublished). */
    publishFrom: generationStatus('publish_from'),
    /** Display-set members stored so far / in all, while publishing (the studio's "n/m"). */
    publishDone: integer('publish_done'),
    publishTotal: integer('publish_total'),
    /** Why the last publish attempt failed, shown to the curator; cleared by the next publish. */
    publishError: text('publish_error'),
    /** Why a curator hid it (kept while it is hidden; its record keeps every reason). */
    hiddenReason: text('hidden_reason'),
    /** When the whole display set was last known stored; null rows are what the backfill makes. */
    displaySetAt: timestamptz('display_set_at'),
    /** The prompt as English lexemes ("dunes" → "dune"), kept by Postgres itself: prompt search. */
    promptSearch: tsvector('prompt_search').generatedAlwaysAs(sql`to_tsvector('english', prompt)`),
  },
  (table) => [
    // Serves the keyset feed: WHERE status = 'public' ORDER BY published_at DESC, id DESC.
    index('generations_public_feed_idx')
      .on(table.publishedAt.desc(), table.id.desc())
      .where(sql`${table.status} = 'public'`),
    // Discovery (lib/feed/feed-query.ts): words from the prompt through GIN, then newest first;
    // a model or an author is a short walk of its own keyset index, like the unfiltered feed.
    index('generations_public_prompt_search_idx')
      .using('gin', table.promptSearch)
      .where(sql`${table.status} = 'public'`),
    index('generations_public_model_idx')
      .on(table.model, table.publishedAt.desc(), table.id.desc())
      .where(sql`${table.status} = 'public'`),
    index('generations_public_author_idx')
      .on(table.author, table.publishedAt.desc(), table.id.desc())
      .where(sql`${table.status} = 'public'`),
    // Re-uploading the same bytes finds the existing generation instead of making a second one.
    uniqueIndex('generations_sha256_unique_idx').on(table.sha256).where(sql`${table.synthetic} = false`),
    // The studio's list (lib/curation/studio-list.ts): every row newest first, or one state's, each a
    // walk in the list's own (created_at, id) order. No all-rows author or prompt index: the planner
    // then preferred them to the feed's partial indexes (measured; docs/moderation.md).
    index('generations_created_idx').on(table.createdAt.desc(), table.id.desc()),
    index('generations_status_created_idx').on(table.status, table.createdAt.desc(), table.id.desc()),
    // The backfill's work list: public rows whose display set is not known to be stored, newest first.
    index('generations_display_set_missing_idx')
      .on(table.publishedAt.desc())
      .where(sql`${table.status} = 'public' AND ${table.displaySetAt} IS NULL`),
    check(
      'generations_public_has_published_at',
      sql`${table.status} <> 'public' OR ${table.publishedAt} IS NOT NULL`,
    ),
    check('generations_positive_dimensions', sql`${table.width} > 0 AND ${table.height} > 0`),
  ],
);

export const curators = pgTable('curators', {
  id: uuid('id').primaryKey(),
  /** Stored lower-cased; the unique index is what stops duplicate accounts. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token: a leaked table cannot be replayed as cookies. */
    tokenHash: text('token_hash').primaryKey(),
    curatorId: uuid('curator_id')
      .notNull()
      .references(() => curators.id, { onDelete: 'cascade' }),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
  },
  (table) => [index('sessions_curator_idx').on(table.curatorId)],
);

/**
 * Failed logins counted per key (`account:<email>`, `ip:<address>`) in a fixed window: in the
 * database, so every app instance behind a load balancer counts the same failures.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamptz('window_started_at').notNull(),
});

/**
 * What an API token may do: `submit` sends generations that wait for a curator (and reads them
 * back); `publish` does what a curator does through the API.
 */
export const apiTokenScope = pgEnum('api_token_scope', ['submit', 'publish']);

/**
 * Tokens a host app's server holds (`Authorization: Bearer vt_…`), made and revoked with
 * `npm run curator -- token …`. Only the token's SHA-256 is kept: it has 256 bits of entropy, so a
 * fast hash is enough and a copy of the table cannot be replayed. The request counter lives here so
 * every instance counts the same requests (a fixed window, like the login throttle).
 */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  scope: apiTokenScope('scope').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  /** Null: never expires. */
  expiresAt: timestamptz('expires_at'),
  lastUsedAt: timestamptz('last_used_at'),
  /** The rate limit's current window and the requests counted in it. */
  windowStartedAt: timestamptz('window_started_at'),
  windowRequests: integer('window_requests').notNull().default(0),
});

/**
 * `Idempotency-Key` on `POST /api/generations`: the first request with a key claims it (a row with no
 * generation yet), and every later one with the same key from the same caller gets that request's
 * generation — also while it is still running (they wait for it). A claim whose request died is
 * taken over after a few minutes; keys are kept a day.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** `curator:<id>` or `token:<id>`: one caller's keys never meet another's. */
    caller: text('caller').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of what the request asked for: a key reused for another request is refused. */
    fingerprint: text('fingerprint').notNull(),
    generationId: uuid('generation_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.caller, table.key] }),
    index('idempotency_keys_created_idx').on(table.createdAt),
  ],
);

/** What a visitor reports a public generation for (`POST /api/reports`). */
export const reportReason = pgEnum('report_reason', ['sexual', 'violence', 'copyright', 'spam', 'other']);

/**
 * Visitors' reports. Open until a curator hides the generation or dismisses them (`closed_at`); they
 * go with their generation. The reporter is kept only as a keyed hash of their address: enough
 * to rate-limit, never an address (docs/moderation.md).
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    generationId: uuid('generation_id')
      .notNull()
      .references(() => generations.id, { onDelete: 'cascade' }),
    reason: reportReason('reason').notNull(),
    note: text('note'),
    reporterKey: text('reporter_key').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    closedAt: timestamptz('closed_at'),
  },
  (table) => [
    index('reports_generation_idx').on(table.generationId, table.createdAt.desc()),
    index('reports_reporter_idx').on(table.reporterKey, table.createdAt.desc()),
    // The studio's "reported" list: generations with open reports.
    index('reports_open_idx').on(table.generationId).where(sql`${table.closedAt} IS NULL`),
  ],
);

/** A generation's record (docs/moderation.md): every state change, who made it, when. */
export const generationEventKind = pgEnum('generation_event_kind', [
  'uploaded',
  'submitted',
  'published',
  'edited',
  'unpublished',
  'hidden',
  'deleted',
  'reported',
  'dismissed',
]);

export const generationEvents = pgTable(
  'generation_events',
  {
    /** UUIDv7: ordered by time within one generation's record. */
    id: uuid('id').primaryKey(),
    /** No foreign key: the record of a deleted generation outlives it. */
    generationId: uuid('generation_id').notNull(),
    kind: generationEventKind('kind').notNull(),
    /** `curator:<email>`, `token:<name>`, `visitor` or `system`. */
    actor: text('actor').notNull(),
    /** What changed: the fields edited, the reason given, the report's reason. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [index('generation_events_generation_idx').on(table.generationId, table.id.desc())],
);

/**
 * Sources taken down (unpublished, hidden, deleted) and when: what visitors' service workers drop
 * from their caches (`GET /api/revocations`, docs/moderation.md). A source public again is not
 * listed (the query checks); rows older than the list's window are pruned as new ones come.
 */
export const revokedSources = pgTable(
  'revoked_sources',
  {
    storageKey: text('storage_key').primaryKey(),
    revokedAt: timestamptz('revoked_at').notNull().defaultNow(),
  },
  (table) => [index('revoked_sources_revoked_at_idx').on(table.revokedAt.desc())],
);

export type Generation = typeof generations.$inferSelect;
export type NewGeneration = typeof generations.$inferInsert;
