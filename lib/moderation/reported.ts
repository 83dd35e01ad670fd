import 'server-only';
import { desc, inArray, isNull, sql } from 'drizzle-orm';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { curatorColumns } from '@/lib/curation/generation-record';
import type { Database } from '@/lib/db/client';
import { isoTimestamp } from '@/lib/db/iso-timestamp';
import { generations, reports } from '@/lib/db/schema';
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

export type ReportedGeneration = CuratorGeneration & { reports: ReportSummary };

const NOTES_SHOWN = 5;

/**
 * `GET /api/generations?reported=true`: generations with open reports, the most recently reported
 * first. One walk of the open-reports index groups them; the rows are then read by id.
 */
export async function listReported(db: Database, limit: number): Promise<ReportedGeneration[]> {
  const lastAt = sql`max(${reports.createdAt})`;
  const open = await db
    .select({
      generationId: reports.generationId,
      count: sql<number>`count(*)::int`,
      reasons: sql<ReportReason[]>`array_agg(${reports.reason}::text)`,
      notes: sql<
        string[] | null
      >`(array_agg(${reports.note} order by ${reports.createdAt} desc) filter (where ${reports.note} is not null))[1:${sql.raw(String(NOTES_SHOWN))}]`,
      lastReportedAt: isoTimestamp(lastAt),
    })
    .from(reports)
    .where(isNull(reports.closedAt))
    .groupBy(reports.generationId)
    .orderBy(desc(lastAt))
    .limit(limit);
  if (open.length === 0) return [];
  const rows = await db
    .select(curatorColumns)
    .from(generations)
    .where(
      inArray(
        generations.id,
        open.map((entry) => entry.generationId),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return open.flatMap((entry) => {
    const generation = byId.get(entry.generationId);
    if (!generation) return [];
    const reasons: Partial<Record<ReportReason, number>> = {};
    for (const reason of entry.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
    return [
      {
        ...generation,
        reports: {
          count: entry.count,
          reasons,
          notes: entry.notes ?? [],
          lastReportedAt: entry.lastReportedAt,
        },
      },
    ];
  });
}
