import 'server-only';
import { and, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { reports } from '@/lib/db/schema';
import type { ReportReason } from './reports';

/** What the studio shows of a generation's open reports. */
export interface ReportSummary {
  count: number;
  /** How many gave each reason (reasons nobody gave are absent). */
  reasons: Partial<Record<ReportReason, number>>;
  /** The newest notes visitors wrote, at most 5. */
  notes: string[];
  lastReportedAt: string;
}

const NOTES_SHOWN = 5;

/** Open reports, as a filter of the studio's list: the generation has at least one. */
export function hasOpenReports(generationId: SQL | AnyPgColumn): SQL {
  return sql`exists (select 1 from ${reports} where ${reports.generationId} = ${generationId} and ${reports.closedAt} is null)`;
}

/** The open reports of these generations, summed up (one grouped walk of the open-reports index). */
export async function reportSummaries(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, ReportSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      generationId: reports.generationId,
      count: sql<number>`count(*)::int`,
      reasons: sql<ReportReason[]>`array_agg(${reports.reason}::text)`,
      notes: sql<
        string[] | null
      >`(array_agg(${reports.note} order by ${reports.createdAt} desc) filter (where ${reports.note} is not null))[1:${sql.raw(String(NOTES_SHOWN))}]`,
      lastReportedAt: isoTimestamp(sql`max(${reports.createdAt})`),
    })
    .from(reports)
    .where(and(isNull(reports.closedAt), inArray(reports.generationId, [...ids])))
    .groupBy(reports.generationId);
  return new Map(
    rows.map((row) => {
      const reasons: Partial<Record<ReportReason, number>> = {};
      for (const reason of row.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
      return [
        row.generationId,
        { count: row.count, reasons, notes: row.notes ?? [], lastReportedAt: row.lastReportedAt },
      ];
    }),
  );
}
