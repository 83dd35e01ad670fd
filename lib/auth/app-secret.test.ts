import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppSecret, loadRootSecret } from './app-secret';

const run = promisify(execFile);

describe('loadRootSecret', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-secret-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('uses APP_SECRET when it is set, and writes nothing', () => {
    const dir = dataDir();
    expect(loadRootSecret({ appSecret: 'x'.repeat(40), dataDir: dir })).toBe('x'.repeat(40));
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('creates one random secret, readable only by its owner, and keeps it', () => {
    const dir = dataDir();
    const secret = loadRootSecret({ dataDir: dir });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.statSync(path.join(dir, 'app-secret')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(loadRootSecret({ dataDir: dir })).toBe(secret);
    expect(fs.readdirSync(dir)).toEqual(['app-secret']);
  });

  it.each([
    ['empty', ''],
    ['short', 'abc'],
  ])('refuses an %s secret file instead of keying every MAC with it', (_label, contents) => {
    const dir = dataDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app-secret'), contents);
    expect(() => loadRootSecret({ dataDir: dir })).toThrow('shorter than 32 characters');
  });

  it('gives processes that start together one and the same secret', async () => {
    const dir = dataDir();
    const script = `import { loadRootSecret } from './lib/auth/app-secret.ts';
      process.stdout.write(loadRootSecret({ dataDir: ${JSON.stringify(dir)} }));`;
    const outputs = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, [
          '--conditions=react-server',
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          script,
        ]),
      ),
    );
    const secrets = new Set(outputs.map((output) => output.stdout));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toBe(fs.readFileSync(path.join(dir, 'app-secret'), 'utf8'));
  }, 60_000);
});

describe('createAppSecret', () => {
  it('reads nothing until a key is derived, then derives one stable key per purpose', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-secret-')), 'data');
    try {
      const secret = createAppSecret({ dataDir: dir });
      expect(fs.existsSync(dir)).toBe(false);
      const cursor = secret.derive('feed-cursor');
      expect(fs.readdirSync(dir)).toEqual(['app-secret']);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(secret.derive('feed-cursor')).toBe(cursor);
      expect(secret.derive('session')).not.toBe(cursor);
      expect(createAppSecret({ dataDir: dir }).derive('feed-cursor')).toBe(cursor);
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('keys from APP_SECRET when it is set', () => {
    const a = createAppSecret({ appSecret: 'a'.repeat(40), dataDir: '/nonexistent' });
    const b = createAppSecret({ appSecret: 'b'.repeat(40), dataDir: '/nonexistent' });
    expect(a.derive('feed-cursor')).toBe(
      createAppSecret({ appSecret: 'a'.repeat(40), dataDir: '/x' }).derive('feed-cursor'),
    );
    expect(a.derive('feed-cursor')).not.toBe(b.derive('feed-cursor'));
  });
});
