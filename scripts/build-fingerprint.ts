import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * What `next build` reads, as one hash: every file of the project except what the build never
 * reads (dependencies live in the lockfile, which is included). Erring toward "included" only costs
 * a rebuild; a file missed would serve a stale build, so the list is what to leave out, not what to
 * take in. Content, not mtimes: a checkout or a copy changes mtimes without changing the build.
 */
const skippedFolders = new Set([
  'node_modules',
  'tests',
  'docs',
  'workers',
  'scripts',
  'test-results',
  'coverage',
]);
const skippedFile = (name: string) =>
  name.endsWith('.md') ||
  /\.test\.tsx?$/.test(name) ||
  name.endsWith('.tsbuildinfo') ||
  // Written by `next build` itself.
  name === 'next-env.d.ts';

function collect(dir: string, root: string, files: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Dot-folders are tools' state (.git, .next, .data*, .wrangler); dot-files (.env*) are read.
      if (entry.name.startsWith('.') || skippedFolders.has(entry.name)) continue;
      collect(full, root, files);
    } else if (entry.isFile() && !skippedFile(entry.name)) {
      files.push(path.relative(root, full));
    }
  }
}

export function buildFingerprint(root: string): string {
  const files: string[] = [];
  collect(root, root, files);
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
