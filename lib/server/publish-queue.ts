import 'server-only';
import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, type Job, PgBoss, type Queue } from 'pg-boss';
import type { BackfillJob, DisplaySetQueue, PublishJob } from '@/lib/curation/display-set-queue';
import {
  type DisplaySetJobDeps,
  failPublishJob,
  missingDisplaySets,
  runBackfillJob,
  runPublishJob,
} from '@/lib/curation/display-set-jobs';
import type { DatabaseHandle } from '@/lib/db/client';

/** pg-boss queue names (schema `pgboss`, beside the app's tables). */
export const queueNames = {
  publish: 'display-set-publish',
  publishFailed: 'display-set-publish-failed',
  backfill: 'display-set-backfill',
} as const;

/**
 * How the queue behaves (docs/curation.md, "The publish queue"). A job's claim is kept alive by a
 * heartbeat every `heartbeatSeconds / 2`; a process killed mid-job stops beating, and the
 * supervisor (every `superviseSeconds`, on any instance) hands the job back for a retry: a restart
 * finishes it within about heartbeat + supervise seconds.
 */
export interface PublishQueueTuning {
  heartbeatSeconds: number;
  superviseSeconds: number;
  pollingSeconds: number;
  /** Attempts after the first (pg-boss `retryLimit`). */
  publishRetries: number;
  backfillRetries: number;
  /** Backfill jobs one process runs at once (the server: 1, visitors first; the CLI: every core). */
  backfillConcurrency: number;
  /** Publish jobs one process runs at once (their encodes still take turns at the pool). */
  publishConcurrency: number;
  /** First retry delay; doubled each time with jitter, up to `retryDelayMaxSeconds`. */
  retryDelaySeconds: number;
  retryDelayMaxSeconds: number;
}

export const defaultQueueTuning: PublishQueueTuning = {
  heartbeatSeconds: 10,
  superviseSeconds: 5,
  pollingSeconds: 1,
  publishRetries: 3,
  backfillRetries: 5,
  backfillConcurrency: 1,
  publishConcurrency: 4,
  retryDelaySeconds: 2,
  retryDelayMaxSeconds: 120,
};

export interface PublishQueueOptions {
  handle: DatabaseHandle;
  /** What the workers run with; null: this process only enqueues (no workers). */
  jobDeps: DisplaySetJobDeps | null;
  /** Queue the missing display sets of public rows at start (npm start: yes; tests: no). */
  backfillAtStart?: boolean;
  tuning?: Partial<PublishQueueTuning>;
  log?: (line: string) => void;
}

export interface PublishQueue extends DisplaySetQueue {
  /** Creates pg-boss' schema and the queues, then starts the workers; idempotent. */
  start(): Promise<void>;
  /** Lets running jobs finish (at most `graceSeconds`), then stops polling; idempotent. */
  stop(graceSeconds?: number): Promise<void>;
  /** Jobs queued or running: publish and backfill (tests and the CLI wait on it). */
  pending(): Promise<{ publish: number; backfill: number }>;
  /** Resolves once no job of these kinds is queued or running; rejects after `timeoutMs`. */
  drained(kinds: Array<'publish' | 'backfill'>, timeoutMs: number): Promise<void>;
  readonly boss: PgBoss;
}

const STOP_TIMEOUT_MS = 30_000;

/**
 * On PGlite the supervisor's pass runs on the thread that serves visitors (50–80 ms of WASM each, a
 * stall every pass), and what it is for — handing back the job of a process that died — is done at
 * start (reclaimAbandoned: one process per data directory). So it runs once a minute there.
 */
const PGLITE_SUPERVISE_SECONDS = 60;

export function createPublishQueue(options: PublishQueueOptions): PublishQueue {
  const connection = options.handle.queueConnection;
  const tuning = {
    ...defaultQueueTuning,
    ...(connection.kind === 'pglite' ? { superviseSeconds: PGLITE_SUPERVISE_SECONDS } : {}),
    ...options.tuning,
  };
  const log = options.log ?? ((line: string) => console.log(line));
  const common = {
    // No cron schedules here: the clock and cron monitors would only poll.
    schedule: false,
    // A publish wakes its worker at once (the queue's `notify`), instead of at its next poll (up to
    // `pollingSeconds` later): on PGlite in-process, on Postgres over one connection pg-boss holds.
    // Polling stays as the fallback.
    useListenNotify: true,
    superviseIntervalSeconds: tuning.superviseSeconds,
    // The monitor pass is what fails jobs whose heartbeat lapsed: as often as the supervisor.
    monitorIntervalSeconds: tuning.superviseSeconds,
    registerInstance: false,
  } as const;
  const boss =
    connection.kind === 'pglite'
      ? new PgBoss({ ...common, db: fromPglite(connection.client), backend: 'pglite' })
      : new PgBoss({ ...common, connectionString: connection.url, max: 4, connectionTimeoutMillis: 5_000 });
  boss.on('error', (error) => console.warn('[publish-queue]', error));

  const jobQueue = (retries: number): Omit<Queue, 'name'> => ({
    // One job per key queued or running: never two attempts of one source at once, on any instance.
    policy: 'exclusive',
    retryLimit: retries,
    retryDelay: tuning.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: tuning.retryDelayMaxSeconds,
    heartbeatSeconds: tuning.heartbeatSeconds,
    // A hard bound besides the heartbeat: no display set takes a quarter of an hour.
    expireInSeconds: 15 * 60,
    deleteAfterSeconds: 7 * 24 * 3600,
  });

  let starting: Promise<void> | undefined;
  const backfillStarted = Date.now();
  let backfilled = 0;
  let lastReport = 0;

  /** One log line every 30 s while backfills run (how many, how fast, how many left), and one at the end. */
  async function reportBackfill(): Promise<void> {
    backfilled++;
    const left = (await queue.pending()).backfill - 1;
    if (left > 0 && Date.now() - lastReport < 30_000) return;
    lastReport = Date.now();
    const perMinute = (backfilled / ((Date.now() - backfillStarted) / 60_000)).toFixed(1);
    if (left > 0)
      log(`Display sets: ${backfilled} made in the background (${perMinute}/min), ${left} to go.`);
    // The last one says so: an operator (and the production-layout test) knows the backfill is over.
    else log(`Display sets: the backfill is done, ${backfilled} made in the background (${perMinute}/min).`);
  }
  let stopped = false;

  async function createQueues(): Promise<void> {
    const existing = new Set((await boss.getQueues()).map((queue) => queue.name));
    const wanted: Queue[] = [
      { name: queueNames.publishFailed, retryLimit: 5, retryDelay: 5, retryBackoff: true },
      {
        name: queueNames.publish,
        ...jobQueue(tuning.publishRetries),
        deadLetter: queueNames.publishFailed,
        notify: true,
      },
      { name: queueNames.backfill, ...jobQueue(tuning.backfillRetries) },
    ];
    for (const { name, ...queue } of wanted) {
      // A policy is fixed at creation; the rest follows this code's settings on every start.
      const { policy: _fixed, ...settings } = queue;
      if (existing.has(name)) await boss.updateQueue(name, settings);
      else await boss.createQueue(name, queue);
    }
  }

  async function startWorkers(deps: DisplaySetJobDeps): Promise<void> {
    const work = { pollingIntervalSeconds: tuning.pollingSeconds, batchSize: 1 } as const;
    // Several publishes at once: none waits for another's claim and heads, and the pool's gate
    // (lib/transform/background-gate.ts) encodes them in the order they began, before any backfill.
    await boss.work<PublishJob>(
      queueNames.publish,
      // Polling stays as often as without notify: a retry (after its backoff) is not notified.
      {
        ...work,
        localConcurrency: tuning.publishConcurrency,
        notifyPollingIntervalSeconds: tuning.pollingSeconds,
      },
      async ([job]: Job<PublishJob>[]) => {
        if (job) await runPublishJob(deps, job.data, job.signal);
      },
    );
    await boss.work<PublishJob>(queueNames.publishFailed, work, async ([job]: Job<PublishJob>[]) => {
      if (job) await failPublishJob(deps, job.data);
    });
    await boss.work<BackfillJob>(
      queueNames.backfill,
      {
        ...work,
        pollingIntervalSeconds: Math.max(2, tuning.pollingSeconds),
        localConcurrency: tuning.backfillConcurrency,
      },
      async ([job]: Job<BackfillJob>[]) => {
        if (!job) return;
        await runBackfillJob(deps, job.data, job.signal);
        await reportBackfill();
      },
    );
  }

  /**
   * PGlite is one process per data directory (DATA_DIR/vitrine.lock): a job still active when this
   * process starts was abandoned by one that died (kill -9, a crash). It is handed back at once
   * instead of after its heartbeat lapses; on Postgres another instance may be running it, so there
   * the heartbeat decides.
   */
  async function reclaimAbandoned(): Promise<void> {
    if (connection.kind !== 'pglite') return;
    const result = (await options.handle.db.execute(
      sql`select id, name from pgboss.job where state = 'active'`,
    )) as unknown as { rows: { id: string; name: string }[] };
    for (const job of result.rows) {
      await boss.fail(job.name, job.id, { reason: 'the process running it stopped' });
    }
    if (result.rows.length > 0) log(`Publish queue: ${result.rows.length} interrupted jobs handed back.`);
  }

  /** Rows left publishing without a live job (a crash between a commit and pg-boss, an old version). */
  async function requeuePublishing(): Promise<void> {
    const result = (await options.handle.db.execute(
      sql`select id, publish_job_id from generations where status = 'publishing' and publish_job_id is not null`,
    )) as unknown as { rows: { id: string; publish_job_id: string }[] };
    for (const row of result.rows) {
      await queue.enqueuePublish(options.handle.db, { generationId: row.id, jobId: row.publish_job_id });
    }
  }

  async function backfillMissing(): Promise<void> {
    const missing = await missingDisplaySets(options.handle.db);
    if (missing.length === 0) return;
    const queued = await queue.enqueueBackfill(missing);
    log(`Display sets: ${missing.length} public sources have none yet; ${queued} queued (newest first).`);
  }

  const queue: PublishQueue = {
    boss,
    start() {
      starting ??= (async () => {
        await boss.start();
        await createQueues();
        await reclaimAbandoned();
        await requeuePublishing();
        if (options.jobDeps) await startWorkers(options.jobDeps);
        if (options.backfillAtStart) await backfillMissing();
      })();
      return starting;
    },
    async stop(graceSeconds = 10) {
      if (stopped) return;
      stopped = true;
      if (!starting) return;
      await starting.catch(() => undefined);
      // pg-boss waits `timeout` for running handlers, then fails them over to a retry; bounded here too.
      await Promise.race([
        boss.stop({ graceful: true, timeout: graceSeconds * 1000 }),
        new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref()),
      ]);
    },
    async enqueuePublish(db, job) {
      // Through the caller's connection (its transaction): the job exists exactly when the row change does.
      await boss.send(queueNames.publish, job, {
        id: job.jobId,
        singletonKey: job.generationId,
        db: fromDrizzle(db as never, sql as never),
      });
    },
    async cancelPublish(jobId) {
      await boss.cancel(queueNames.publish, jobId).catch(() => undefined);
    },
    async enqueueBackfill(jobs) {
      let queued = 0;
      // Priority is what pg-boss fetches by first: the first job here gets the highest.
      for (let i = 0; i < jobs.length; i += 500) {
        const batch = jobs.slice(i, i + 500).map((data, j) => ({
          data,
          singletonKey: data.storagePath,
          priority: jobs.length - (i + j),
        }));
        const ids = await boss.insert(queueNames.backfill, batch, { returnId: true });
        queued += ids?.length ?? 0;
      }
      return queued;
    },
    async pending() {
      const count = async (name: string) => {
        const result = (await options.handle.db.execute(
          sql`select count(*)::int as n from pgboss.job where name = ${name} and state in ('created', 'retry', 'active')`,
        )) as unknown as { rows: { n: number }[] };
        return result.rows[0]?.n ?? 0;
      };
      return {
        publish: (await count(queueNames.publish)) + (await count(queueNames.publishFailed)),
        backfill: await count(queueNames.backfill),
      };
    },
    async drained(kinds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const counts = await queue.pending();
        if (kinds.every((kind) => counts[kind] === 0)) return;
        if (Date.now() > deadline)
          throw new Error(
            `The publish queue still has work after ${timeoutMs} ms: ${JSON.stringify(counts)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
  return queue;
}
