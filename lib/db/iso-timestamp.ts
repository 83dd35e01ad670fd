import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A timestamp column as ISO-8601 UTC with microseconds, printed by Postgres: JavaScript's Date would
 * round to milliseconds, and cursors and records must keep the exact instant (null stays null).
 */
export function isoTimestamp(column: AnyPgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}
