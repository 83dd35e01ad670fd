import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, selectRows } from '@/lib/db/client';
import { createFsObjectStore } from '@/lib/storage/fs-object-store';
import { fsObjectStoreRoot } from '@/lib/storage/object-store-from-env';
import { ensurePhotographs } from '@/tests/bench/report/photographs';
import {
  type S3rverTestServer,
  s3rverStore,
  startS3rverTestServer,
} from '@/tests/support/s3rver-test-server';
import { solid, withPngChunks } from '@/tests/support/test-images';

/**
 * `npm run import` as an operator runs it: real photographs (Debian's wallpapers, cached outside the
 * repository) with sidecars and hostile files in a folder, killed with SIGKILL mid-run and run again;
 * and a prefix of the host app's bucket (s3rver) with --publish.
 */
const run = promisify(execFile);
const script = ['--conditions=react-server', '--import', 'tsx', 'scripts/import.ts'];

function importCommand(args: string[], env: Record<string, string>) {
  return run(process.execPath, [...script, ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    timeout: 240_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** Resolves once `child`'s stderr has shown `pattern`. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    });
    child.once('exit', () => reject(new Error(`exited before ${pattern}: ${seen}`)));
  });
}

/** Keys in one of the data directory's stores, read as the server reads them. */
async function keysIn(dataDir: string, which: 'public' | 'private', prefix: string): Promise<string[]> {
  const store = createFsObjectStore(fsObjectStoreRoot(dataDir, which));
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  return keys;
}

async function rowsIn(dataDir: string) {
  const handle = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await selectRows<{
      prompt: string;
      model: string;
      author: string;
      rating: string;
      status: string;
    }>(handle.db, sql`select prompt, model, author, rating, status from generations order by prompt`);
  } finally {
    await handle.close();
  }
}

describe('npm run import from a folder', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-import-src-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-import-data-'));
  let photographs = 0;
  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeAll(async () => {
    const { files } = await ensurePhotographs({ quick: true });
    photographs = files.length;
    for (const [i, photo] of files.entries()) {
      const name = path.join(folder, i % 2 ? 'nested' : '', `photo-${i}${path.extname(photo.path)}`);
      fs.mkdirSync(path.dirname(name), { recursive: true });
      fs.copyFileSync(photo.path, name);
      // A generator's own sidecar: the fields Vitrine knows, and some it does not.
      fs.writeFileSync(
        `${name}.json`,
        JSON.stringify({ prompt: `photograph ${i}`, model: 'camera', author: 'debian', seed: i, steps: 30 }),
      );
    }
    const hostile = path.join(import.meta.dirname, '..', 'tests', 'hostile', 'corpus');
    fs.copyFileSync(path.join(hostile, 'html-with-png-magic.png'), path.join(folder, 'zz-html.png'));
    fs.copyFileSync(path.join(hostile, 'truncated.jpg'), path.join(folder, 'zz-truncated.jpg'));
  }, 180_000);

  it('killed with SIGKILL mid-run, the next run finishes the rest and duplicates nothing', async () => {
    const env = { DATA_DIR: dataDir, DEMO_COUNT: '0' };
    const child = spawn(process.execPath, [...script, folder, '--concurrency', '1'], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await waitForOutput(child, /Importing 3\//);
    child.kill('SIGKILL');
    await exited;

    const resumed = await importCommand([folder], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = /Imported (\d+), already there (\d+), refused (\d+)\./.exec(resumed.stdout);
    expect(summary, resumed.stdout).not.toBeNull();
    const [imported, already, refused] = summary!.slice(1).map(Number) as [number, number, number];
    expect(imported + already).toBe(photographs);
    // Those done before the kill are found, not made again.
    expect(already).toBeGreaterThanOrEqual(2);
    expect(imported).toBeGreaterThanOrEqual(1);
    expect(refused).toBe(2);
    expect(resumed.stdout).toContain('refused zz-html.png: ');
    expect(resumed.stdout).toContain(
      'refused zz-truncated.jpg: The image cannot be decoded (truncated or corrupt)',
    );

    const rows = await rowsIn(dataDir);
    expect(rows).toHaveLength(photographs);
    expect(rows.map((row) => row.prompt)).toEqual(
      Array.from({ length: photographs }, (_, i) => `photograph ${i}`).sort(),
    );
    expect(
      rows.every((row) => row.model === 'camera' && row.author === 'debian' && row.status === 'draft'),
    ).toBe(true);
    expect(await keysIn(dataDir, 'private', 'originals/')).toHaveLength(photographs);

    const again = await importCommand([folder], env);
    expect(again.stdout).toContain(`Imported 0, already there ${photographs}, refused 2.`);
  }, 360_000);

  it('refuses while the server holds the embedded database, and says what to do', async () => {
    const lock = (await import('@/lib/db/data-dir-lock')).lockDataDir(dataDir);
    try {
      const refused = await importCommand([folder], { DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('Stop the server first, or use DATABASE_URL.');
    } finally {
      lock();
    }
  }, 60_000);

  it('says how to use it', async () => {
    expect((await importCommand([], { DATA_DIR: dataDir })).code).toBe(2);
    expect((await importCommand([folder, '--rating', 'nsfw'], { DATA_DIR: dataDir })).stderr).toContain(
      '--rating is general or sensitive.',
    );
  }, 60_000);
});

describe('npm run import from the host app bucket, publishing', () => {
  let s3: S3rverTestServer;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-import-s3-'));
  beforeAll(async () => {
    s3 = await startS3rverTestServer(['host-app']);
  }, 60_000);
  afterAll(async () => {
    await s3?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports a prefix with the file’s own parameters or a sidecar, and makes each live', async () => {
    const bucket = s3rverStore(s3, 'host-app');
    const a1111 =
      'a glass orchid, macro\nSteps: 20, Sampler: Euler, CFG scale: 5, Seed: 7, Size: 700x500, Model: orchid-xl';
    const withParameters = withPngChunks(await solid(700, 500, { r: 10, g: 120, b: 90 }).png().toBuffer(), [
      { keyword: 'parameters', text: a1111 },
    ]);
    await bucket.put('users/1/gen/a.png', withParameters, { contentType: 'image/png' });
    await bucket.put('users/2/gen/b.jpg', await solid(640, 480, { r: 200, g: 30, b: 30 }).jpeg().toBuffer(), {
      contentType: 'image/jpeg',
    });
    await bucket.put(
      'users/2/gen/b.jpg.json',
      new TextEncoder().encode(
        JSON.stringify({ prompt: 'a red square', model: 'square-1', rating: 'sensitive' }),
      ),
      { contentType: 'application/json' },
    );
    await bucket.put('other/c.png', withParameters, { contentType: 'image/png' });

    const result = await importCommand(['s3://host-app/users/', '--publish'], {
      DATA_DIR: dataDir,
      DEMO_COUNT: '0',
      IMPORT_S3_ENDPOINT: s3.endpoint,
      IMPORT_S3_ACCESS_KEY_ID: s3.accessKeyId,
      IMPORT_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      IMPORT_S3_FORCE_PATH_STYLE: 'true',
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Imported 2, already there 0, refused 0.');
    expect(result.stdout).toContain('Live: 2 of 2.');
    expect(await rowsIn(dataDir)).toEqual([
      {
        prompt: 'a glass orchid, macro',
        model: 'orchid-xl',
        author: 'import',
        rating: 'general',
        status: 'public',
      },
      { prompt: 'a red square', model: 'square-1', author: 'import', rating: 'sensitive', status: 'public' },
    ]);
    // Each one's display set is stored: the 700 px PNG's 3 widths (960 at its own 700) and the
    // 640 px JPEG's 2, × 3 formats.
    expect(await keysIn(dataDir, 'public', 'v/')).toHaveLength(15);
  }, 240_000);
});
