import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFingerprint } from './build-fingerprint';

describe('buildFingerprint', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  function project(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-fingerprint-'));
    roots.push(root);
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), text);
    }
    return root;
  }

  const base = {
    'app/page.tsx': 'page',
    'lib/a.ts': 'a',
    'instrumentation.ts': 'register',
    'tsconfig.json': '{}',
    'next.config.ts': 'config',
    'package-lock.json': '{}',
  };

  it.each([
    ['a source under app/', 'app/page.tsx'],
    ['a lib module', 'lib/a.ts'],
    ['instrumentation.ts', 'instrumentation.ts'],
    ['tsconfig.json', 'tsconfig.json'],
    ['next.config.ts', 'next.config.ts'],
    ['the lockfile', 'package-lock.json'],
  ])('changes when %s changes', (_label, file) => {
    const root = project(base);
    const before = buildFingerprint(root);
    fs.appendFileSync(path.join(root, file), ' edited');
    expect(buildFingerprint(root)).not.toBe(before);
  });

  it('changes when a file is added anywhere the build may read, .env files included', () => {
    for (const added of ['proxy.ts', 'lib/new/b.ts', '.env.production', 'drizzle/seed.ts']) {
      const root = project(base);
      const before = buildFingerprint(root);
      fs.mkdirSync(path.dirname(path.join(root, added)), { recursive: true });
      fs.writeFileSync(path.join(root, added), 'x');
      expect(buildFingerprint(root), added).not.toBe(before);
    }
  });

  it('ignores what the build never reads: tests, docs, tools state, mtimes', () => {
    const root = project(base);
    const before = buildFingerprint(root);
    for (const file of [
      'lib/a.test.ts',
      'docs/x.md',
      'README.md',
      'tests/e2e/x.ts',
      '.next/BUILD_ID',
      '.data/x',
    ]) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), 'x');
    }
    fs.utimesSync(path.join(root, 'lib/a.ts'), new Date(0), new Date(0));
    expect(buildFingerprint(root)).toBe(before);
  });
});
