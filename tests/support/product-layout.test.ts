import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of docs/foundation.md that a reader could break without a test noticing: `lib/`
 * holds the product only, in small files, and process state on `globalThis` lives in the three
 * places that document why.
 */
const root = path.resolve(__dirname, '../..');

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

  it('process state on globalThis lives in the registry, the database health and the /i/ handoff only', () => {
    expect(
      files
        .filter(({ text }) => text.includes('globalThis'))
        .map(({ file }) => file)
        .sort(),
    ).toEqual(['lib/server/app-services.ts', 'lib/server/database-health.ts', 'lib/server/image-handoff.ts']);
  });
});
