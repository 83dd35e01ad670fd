import 'server-only';
import { createHmac } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ApiError } from '@/lib/api/errors';
import type { AppSecret } from '@/lib/auth/app-secret';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { generations, reportReason, reports } from '@/lib/db/schema';
import { uuidV7 } from '@/lib/db/uuid-v7';
import { recordEvent } from './generation-events';
import { reportLimits, secondsUntilAdmitted, type WindowRule } from './report-limits';

/**
 * Visitors' reports (`POST /api/reports`, no login): validated, refused for anything that is not a
 * public generation (the same 404 as an unknown id, so a draft's existence is not revealed),
 * rate-limited per address, per image and per address and image (report-limits.ts), and kept with
 * a keyed hash of the address, never the address.
 */
export const reportReasons = reportReason.enumValues;
export type ReportReason = (typeof reportReasons)[number];
export const REPORT_NOTE_MAX = 500;

export const reportRequestSchema = z
  .object({
    generationId: z.uuid({ error: 'generationId must be a generation id' }),
    reason: z.enum(reportReasons, { error: `reason must be one of ${reportReasons.join(', ')}` }),
    note: z
      .string({ error: 'note must be text' })
      .trim()
      .max(REPORT_NOTE_MAX, `note must be at most ${REPORT_NOTE_MAX} characters`)
      .refine(
        // Line breaks are a note's own; other control characters (NUL among them) are not text.
        (value) =>
          ![...value].some((char) => {
            const code = char.charCodeAt(0);
            return (code < 0x20 && char !== '\n' && char !== '\r' && char !== '\t') || code === 0x7f;
          }),
        'note must not contain control characters',
      )
      .optional(),
  })
  .strict();
export type ReportRequest = z.infer<typeof reportRequestSchema>;

/** The address as the table keeps it: an HMAC under the app's secret, so a leaked table names no one. */
export function reporterKeyOf(secret: AppSecret, address: string): string {
  return createHmac('sha256', secret.derive('report-address')).update(address).digest('base64url');
}

/** Times (ms) of the newest reports `where` selects within the rule's window, newest first. */
async function recentTimes(db: Database, rule: WindowRule, where: ReturnType<typeof and>, now: Date) {
  const since = new Date(now.getTime() - rule.windowMs).toISOString();
  const rows = await db
    .select({ at: isoTimestamp(reports.createdAt) })
    .from(reports)
    .where(and(where, gt(reports.createdAt, since)))
    .orderBy(desc(reports.createdAt))
    .limit(rule.max);
  return rows.map((row) => Date.parse(row.at));
}

export interface FiledReport {
  id: string;
  generationId: string;
  reason: ReportReason;
}

export async function fileReport(
  db: Database,
  request: ReportRequest,
  reporterKey: string,
  now = new Date(),
): Promise<FiledReport> {
  const { generationId, reason } = request;
  const note = request.note || null;
  return db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    // One reporter's (and one image's) reports are counted and written one at a time, on every
    // instance: two at once cannot both slip under a limit. Always in this order: no deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`report:address:${reporterKey}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`report:image:${generationId}`}))`);
    const [target] = await tx
      .select({ id: generations.id })
      .from(generations)
      .where(and(eq(generations.id, generationId), eq(generations.status, 'public')))
      .limit(1);
    if (!target) throw new ApiError('not_found', 'No public generation has this id.');
    const waits = await Promise.all([
      recentTimes(
        db,
        reportLimits.addressImage,
        and(eq(reports.reporterKey, reporterKey), eq(reports.generationId, generationId)),
        now,
      ).then((times) => secondsUntilAdmitted(reportLimits.addressImage, times, now.getTime())),
      recentTimes(db, reportLimits.address, eq(reports.reporterKey, reporterKey), now).then((times) =>
        secondsUntilAdmitted(reportLimits.address, times, now.getTime()),
      ),
      recentTimes(db, reportLimits.image, eq(reports.generationId, generationId), now).then((times) =>
        secondsUntilAdmitted(reportLimits.image, times, now.getTime()),
      ),
    ]);
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new ApiError(
        'rate_limited',
        waits[0]! > 0
          ? 'You reported this generation already; the curators have it.'
          : 'Too many reports; try again later.',
        { 'Retry-After': String(wait) },
      );
    }
    const id = uuidV7(now.getTime());
    await tx
      .insert(reports)
      .values({ id, generationId, reason, note, reporterKey, createdAt: now.toISOString() });
    await recordEvent(db, generationId, 'reported', 'visitor', { reason, ...(note ? { note } : {}) });
    return { id, generationId, reason };
  });
}

/** Closes a generation's open reports (a hide answers them; so does a dismissal). How many were open. */
export async function closeReports(db: Database, generationId: string): Promise<number> {
  const closed = await db
    .update(reports)
    .set({ closedAt: sql`now()` })
    .where(and(eq(reports.generationId, generationId), isNull(reports.closedAt)))
    .returning({ id: reports.id });
  return closed.length;
}

/** A curator finds nothing to act on: the open reports close, and the record says who dismissed how many. */
export async function dismissReports(db: Database, generationId: string, by: string): Promise<number> {
  return db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    const count = await closeReports(db, generationId);
    if (count > 0) await recordEvent(db, generationId, 'dismissed', by, { reports: count });
    return count;
  });
}
