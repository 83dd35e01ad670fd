/**
 * The durable queue that makes display sets (docs/curation.md, "Publishing"), as the curation code
 * sees it: lib/server/publish-queue.ts implements it over pg-boss and hands it to the functions here
 * as an argument. Types only.
 */
import type { Database } from '@/lib/db/client';

/** One publish: the row and the job id its state change recorded (`generations.publish_job_id`). */
export interface PublishJob {
  generationId: string;
  jobId: string;
}

/** A display set for a row that is public already (published before the queue, or the demo seed). */
export interface BackfillJob {
  storagePath: string;
  width: number;
}

export interface DisplaySetQueue {
  /** Queues a publish job through `db`, so a transaction makes the job and the row change together. */
  enqueuePublish(db: Database, job: PublishJob): Promise<void>;
  /** Cancels a publish job (queued or running); a job already finished is left as it is. */
  cancelPublish(jobId: string): Promise<void>;
  /** Queues backfills in this order (the first is fetched first); one per source at a time. */
  enqueueBackfill(jobs: BackfillJob[]): Promise<number>;
}
