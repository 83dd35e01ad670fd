import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, expect, inject, it } from 'vitest';
import { addCurator } from '@/lib/auth/curators';
import { uploaderOf } from '@/lib/curation/uploader';
import { ingestUpload } from '@/lib/curation/ingest-upload';
import { openDatabase } from '@/lib/db/client';
import { generations } from '@/lib/db/schema';
import { displaySet } from '@/lib/image-guard/display-set';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { describeEachDatabase } from '@/tests/support/test-databases';
import { solid } from '@/tests/support/test-images';

/**
 * kill -9 of a real process in the middle of a publish and a backfill (both jobs active), then a
 * restart: the queue finishes both, nothing is public without its set, no variant is stored twice.
 * On Postgres the restart is two processes at once, which must never run the same job together.
 */
describeEachDatabase('the publish queue across kill -9', (kind) => {
  const children: ChildProcess[] = [];
  let dir = '';
  let dropDatabase: (() => Promise<void>) | undefined;

  afterEach(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    children.length = 0;
    await dropDatabase?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function target(): Promise<{ url?: string; dataDir?: string }> {
    if (kind === 'pglite') return { dataDir: path.join(dir, 'data') };
    const adminUrl = inject('postgresUrl')!;
    const name = `vitrine_kill_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    dropDatabase = async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    };
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return { url: url.toString() };
  }

  function start(where: { url?: string; dataDir?: string }, extra: Record<string, string>): ChildProcess {
    const child = spawn(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'tests/support/publish-queue-child.ts'],
      {
        env: {
          ...process.env,
          QUEUE_STORAGE_DIR: dir,
          QUEUE_PUT_LOG: path.join(dir, 'puts.log'),
          ...(where.url ? { QUEUE_DATABASE_URL: where.url } : { QUEUE_DATA_DIR: where.dataDir! }),
          ...extra,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.resume();
    let errors = '';
    child.stderr?.on('data', (chunk) => {
      errors += String(chunk);
    });
    child.on('exit', (code) => {
      if (code) console.warn(`[child ${child.pid}] exit ${code}: ${errors.slice(-2000)}`);
    });
    children.push(child);
    return child;
  }

  const puts = () =>
    fs.existsSync(path.join(dir, 'puts.log'))
      ? fs.readFileSync(path.join(dir, 'puts.log'), 'utf8').trim().split('\n').filter(Boolean)
      : [];

  async function until(check: () => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const exited = (child: ChildProcess, ms: number) =>
    new Promise<number | null>((resolve, reject) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      const timer = setTimeout(() => reject(new Error(`child still running after ${ms} ms`)), ms);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });

  it('finishes a killed publish and a killed backfill on restart, each variant made once', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-kill-'));
    const where = await target();
    const setup = await openDatabase(
      where.url ? { kind: 'postgres', url: where.url } : { kind: 'pglite', dataDir: where.dataDir! },
    );
    const privateStore = createFsObjectStore(path.join(dir, 'private'));
    const publicStore = createFsObjectStore(path.join(dir, 'public'));
    const curator = await addCurator(setup.db, 'kill@example.com', 'a long enough password');
    const ingest = async (color: { r: number; g: number; b: number }, name: string) => {
      const bytes = new Uint8Array(await solid(700, 500, color).jpeg().toBuffer());
      const upload = {
        file: { bytes, filename: name, declaredType: '' },
        fields: { prompt: `a ${name}`, model: 'kill-model', author: 'k' },
      };
      return {
        bytes,
        generation: (
          await ingestUpload(
            { db: setup.db, privateStore },
            upload,
            uploaderOf({ kind: 'curator', ...curator }),
          )
        ).generation,
      };
    };
    const toPublish = (await ingest({ r: 200, g: 20, b: 20 }, 'publish.jpg')).generation;
    // Published before the queue existed: public, its original in the public store, no display set.
    const old = await ingest({ r: 20, g: 20, b: 200 }, 'old.jpg');
    await publicStore.put(old.generation.src, old.bytes, {
      contentType: 'image/jpeg',
      cacheControl: immutableCacheControl,
    });
    await setup.db
      .update(generations)
      .set({ status: 'public', publishedAt: sql`now()` })
      .where(eq(generations.id, old.generation.id));
    await setup.close();
    const members = [
      ...displaySet(toPublish.src, toPublish.width),
      ...displaySet(old.generation.src, old.generation.width),
    ];

    const first = start(where, { QUEUE_PUBLISH_ID: toPublish.id, QUEUE_PUT_DELAY_MS: '400' });
    // Both jobs have started storing: kill -9 in the middle.
    await until(
      () => {
        const lines = puts();
        return (
          lines.some((l) => l.includes(toPublish.src)) && lines.some((l) => l.includes(old.generation.src))
        );
      },
      60_000,
      'both jobs storing',
    );
    first.kill('SIGKILL');
    await exited(first, 10_000);
    const beforeRestart = puts().length;
    expect(beforeRestart).toBeLessThan(members.length);

    // Restart (on Postgres, two instances at once).
    const restarted = kind === 'postgres' ? [start(where, {}), start(where, {})] : [start(where, {})];
    const codes = await Promise.all(restarted.map((child) => exited(child, 90_000)));
    expect(codes).toEqual(restarted.map(() => 0));

    const check = await openDatabase(
      where.url ? { kind: 'postgres', url: where.url } : { kind: 'pglite', dataDir: where.dataDir! },
    );
    try {
      const rows = await check.db
        .select({ id: generations.id, status: generations.status, displaySetAt: generations.displaySetAt })
        .from(generations);
      expect(rows.every((row) => row.status === 'public' && row.displaySetAt !== null)).toBe(true);
    } finally {
      await check.close();
    }
    const keys = puts().map((line) => line.split(' ')[1]);
    // Every member stored, and none twice: neither by the restart nor by two instances.
    expect([...keys].sort()).toEqual(members.map((m) => m.storedKey).sort());
    for (const member of members) expect(await publicStore.head(member.storedKey)).not.toBeNull();
    console.log(
      `[figures] kill -9 on ${kind}: ${beforeRestart} of ${members.length} variants stored before the kill, the rest after the restart`,
    );
  }, 150_000);
});
