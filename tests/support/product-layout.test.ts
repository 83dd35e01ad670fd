import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of docs/foundation.md that a reader could break without a test noticing: `lib/`
 * holds the product only, in small files, process state on `globalThis` lives in the few places
 * that document why, and `lib/server/` is the only door to process resources.
 *
 * The door rule: no file under `lib/` outside `lib/server/` (tests included) imports `lib/server/`,
 * in any spelling (`@/lib/server/…`, `../server/…`, `./server/…`, a dynamic `import()`): domain code
 * takes its database, stores, secret and effects as arguments. `lib/server/` itself is imported only
 * by the app's hosts: `app/` (routes and pages), `instrumentation.ts`, `proxy.ts`, `scripts/` (the
 * production server) and `lib/server/` itself; and, outside the product, by the tests' harnesses and
 * tests (`tests/`, `*.test.ts`), which install or inspect the process's resources as a host does.
 * Nothing else (components, `drizzle/`, the Worker) may.
 */
const root = path.resolve(__dirname, '../..');

const sourceFile = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const skipped = new Set(['node_modules', '.next', '.git', 'test-results', 'playwright-report']);

/** Every source file under `dir` (relative to the root), tests included. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory())
      return skipped.has(entry.name) || entry.name.startsWith('.') ? [] : sourceFiles(relative);
    return sourceFile.test(entry.name) ? [relative] : [];
  });
}

/** Every module specifier `text` imports, re-exports, `import()`s or `require`s. */
function importedSpecifiers(text: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
  return [...text.matchAll(pattern)].map((match) => match[2]!);
}

/** The root-relative path `specifier` names from `file`, or null for a package. */
function resolvedPath(file: string, specifier: string): string | null {
  if (specifier.startsWith('@/')) return path.normalize(specifier.slice(2));
  if (specifier.startsWith('.')) return path.normalize(path.join(path.dirname(file), specifier));
  return null;
}

const serverDir = path.join('lib', 'server');
const intoServer = (file: string, specifier: string) => {
  const target = resolvedPath(file, specifier);
  return target !== null && (target === serverDir || target.startsWith(`${serverDir}${path.sep}`));
};

function serverImporters(files: string[]): string[] {
  return files.filter((file) =>
    importedSpecifiers(fs.readFileSync(path.join(root, file), 'utf8')).some((specifier) =>
      intoServer(file, specifier),
    ),
  );
}

function productFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return productFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

const files = productFiles('lib').map((file) => ({
  file,
  text: fs.readFileSync(path.join(root, file), 'utf8'),
}));

describe('lib/ holds the product', () => {
  it('finds the product files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no product module imports a test tool', () => {
    const testTools = /from '(vitest|fast-check|s3rver|@playwright\/test|playwright-core)'/;
    expect(files.filter(({ text }) => testTools.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('no product module runs past ~300 lines', () => {
    const long = files.filter(({ text }) => text.split('\n').length > 320);
    expect(long.map(({ file, text }) => `${file}: ${text.split('\n').length} lines`)).toEqual([]);
  });

  it('the env module reads no test-only variable', () => {
    const env = files.find(({ file }) => file === path.join('lib', 'env.ts'))!;
    expect(env.text).not.toMatch(/TEST_DATABASE_URL|CHROMIUM_PATH|IMAGE_REQUEST_LOG/);
  });

  it('process state on globalThis lives in the registry, the database health, the /i/ and shutdown handoffs and readiness only', () => {
    expect(
      files
        .filter(({ text }) => text.includes('globalThis'))
        .map(({ file }) => file)
        .sort(),
    ).toEqual([
      'lib/server/app-services.ts',
      'lib/server/database-health.ts',
      'lib/server/image-handoff.ts',
      'lib/server/readiness.ts',
      'lib/server/shutdown-handoff.ts',
    ]);
  });
});

describe('lib/server is the only door to process resources', () => {
  it.each([
    ['lib/feed/get-feed-page.ts', "import { appServices } from '@/lib/server/app-services';", true],
    ['lib/feed/get-feed-page.ts', "import type { AppServices } from '../server/app-services';", true],
    ['lib/api/errors.ts', "export { reportDatabaseError } from '../server/database-health';", true],
    ['lib/route.ts', "const { appServices } = await import('./server/app-services');", true],
    ['lib/route.ts', "import './server';", true],
    ['instrumentation.ts', "await import('./lib/server/start-server-work')", true],
    ['lib/server/routes.ts', "import { appServices } from './app-services';", true],
    ['lib/feed/x.ts', "import { serverThing } from '@/lib/serverless/x';", false],
    ['lib/feed/x.ts', "import { queryFeedPage } from './feed-query';", false],
    ['lib/feed/x.ts', "import { z } from 'zod';", false],
    ['lib/auth/x.ts', "import { clientAddressFrom } from '@/lib/http/peer-address';", false],
  ])('%s: %s imports lib/server: %s', (file, line, expected) => {
    expect(importedSpecifiers(line).some((specifier) => intoServer(file, specifier))).toBe(expected);
  });

  it('no file under lib/ outside lib/server imports lib/server', () => {
    const libFiles = sourceFiles('lib').filter((file) => !file.startsWith(`${serverDir}${path.sep}`));
    expect(libFiles.length).toBeGreaterThan(50);
    expect(serverImporters(libFiles)).toEqual([]);
  });

  it('only the hosts import lib/server: app/, instrumentation.ts, proxy.ts, scripts/, lib/server', () => {
    const hosts = [/^app\//, /^instrumentation\.ts$/, /^proxy\.ts$/, /^scripts\//, /^lib\/server\//];
    const testCode = (file: string) => file.startsWith('tests/') || /\.test\.tsx?$/.test(file);
    const everything = fs
      .readdirSync(root, { withFileTypes: true })
      .flatMap((entry) => {
        if (entry.isDirectory())
          return skipped.has(entry.name) || entry.name.startsWith('.') ? [] : sourceFiles(entry.name);
        return sourceFile.test(entry.name) ? [entry.name] : [];
      })
      .map((file) => file.split(path.sep).join('/'));
    const importers = serverImporters(everything);
    expect(importers).toEqual(expect.arrayContaining(['instrumentation.ts', 'proxy.ts', 'scripts/serve.ts']));
    expect(importers.filter((file) => !testCode(file) && !hosts.some((host) => host.test(file)))).toEqual([]);
  });
});
