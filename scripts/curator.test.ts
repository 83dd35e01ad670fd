import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '@/lib/db/data-dir-lock';

const run = promisify(execFile);

/** `npm run curator`, as a user runs it, against a data directory of its own. */
function curator(dataDir: string, args: string[], env: Record<string, string> = {}) {
  return run(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/curator.ts', ...args],
    {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    },
  ).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('npm run curator', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-curator-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('adds, lists, changes the password of and removes an account', async () => {
    const added = await curator(dataDir, ['add', 'Ada@Example.com'], {
      CURATOR_PASSWORD: 'a long password 1',
    });
    expect(added).toMatchObject({ code: 0, stdout: 'Added curator ada@example.com.\n' });
    expect(
      (await curator(dataDir, ['add', 'ada@example.com'], { CURATOR_PASSWORD: 'a long password 1' })).stderr,
    ).toBe('A curator with the e-mail ada@example.com already exists.\n');
    expect((await curator(dataDir, ['add', 'bob@example.com'], { CURATOR_PASSWORD: 'short' })).stderr).toBe(
      'A password needs at least 12 characters.\n',
    );
    expect((await curator(dataDir, ['list'])).stdout).toMatch(/^ada@example\.com\tadded \d{4}-/);
    expect(
      await curator(dataDir, ['passwd', 'ada@example.com'], { CURATOR_PASSWORD: 'another long one' }),
    ).toMatchObject({
      code: 0,
    });
    expect(await curator(dataDir, ['remove', 'ada@example.com'])).toMatchObject({ code: 0 });
    expect((await curator(dataDir, ['list'])).stdout).toBe(
      'No curators yet. Add one with: npm run curator -- add <email>\n',
    );
    expect((await curator(dataDir, ['frobnicate', 'x'])).code).toBe(2);
  }, 120_000);

  it('reads the password from stdin when CURATOR_PASSWORD is not set', () => {
    const result = spawnSync(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', 'scripts/curator.ts', 'add', 'piped@example.com'],
      {
        input: 'piped in password\n',
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', CURATOR_PASSWORD: '' },
      },
    );
    expect(result.stdout.toString()).toBe('Added curator piped@example.com.\n');
    expect(result.status).toBe(0);
  }, 60_000);

  it('refuses, saying what to do, while the server holds the embedded database', async () => {
    const release = lockDataDir(dataDir);
    try {
      const refused = await curator(dataDir, ['list']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is already open in another process');
      expect(refused.stderr).toContain('Stop that process');
      expect(refused.stderr).toContain('DATABASE_URL');
    } finally {
      release();
    }
  }, 60_000);

  it('makes, lists and revokes API tokens with the server stopped; the token is printed once, alone', async () => {
    const created = await curator(dataDir, [
      'token',
      'create',
      'host-app',
      '--scope',
      'publish',
      '--expires',
      '90d',
    ]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^vt_[A-Za-z0-9_-]{43}$/);
    expect(created.stdout).toBe(`${token}\n`);

    const defaults = await curator(dataDir, ['token', 'create', 'uploader']);
    expect(defaults.code).toBe(0);

    const listed = await curator(dataDir, ['token', 'list']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^host-app\tpublish\tcreated \d{4}-\d\d-\d\dT[\d:]+Z\texpires \d{4}-.*\tnever used$/,
    );
    // Default: submit scope, a year.
    expect(lines[1]).toMatch(/^uploader\tsubmit\tcreated .*\texpires .*\tnever used$/);
    const [createdAt, expiresAt] = [...lines[0]!.matchAll(/(?:created|expires) (\S+)/g)].map((m) =>
      Date.parse(m[1]!),
    );
    expect(Math.round((expiresAt! - createdAt!) / 86_400_000)).toBe(90);
    expect(listed.stdout).not.toContain(token);
    expect(listed.stdout).not.toContain(token.slice(3, 20));

    expect((await curator(dataDir, ['token', 'create', 'host-app'])).stderr).toBe(
      'A token named "host-app" exists already (revoke it first).\n',
    );
    expect((await curator(dataDir, ['token', 'create', 'x', '--scope', 'admin'])).stderr).toBe(
      '--scope is submit or publish (got "admin").\n',
    );
    expect((await curator(dataDir, ['token', 'create', 'x', '--expires', 'soon'])).code).toBe(1);
    expect((await curator(dataDir, ['token', 'frobnicate'])).code).toBe(2);

    expect(await curator(dataDir, ['token', 'revoke', 'host-app'])).toMatchObject({ code: 0 });
    expect((await curator(dataDir, ['token', 'list'])).stdout).not.toContain('host-app');
    expect((await curator(dataDir, ['token', 'revoke', 'host-app'])).stderr).toBe(
      'No token is named "host-app".\n',
    );
  }, 120_000);
});
