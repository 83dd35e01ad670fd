import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/**
 * The filesystem steps the fs object store is made of: temp files that are complete before a rename
 * publishes them, renames that map folder/file clashes to a key conflict, and deletes that prune the
 * folders they empty. Each does one thing; the store composes them.
 */

/** A rename into a folder that a concurrent delete just pruned is retried this many times. */
const RENAME_ATTEMPTS = 4;

/** A fresh, unique name in the store's temp folder. */
export function tempPath(tmpDir: string): string {
  return path.join(tmpDir, `${randomBytes(12).toString('hex')}.tmp`);
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** ENOTDIR: a parent segment is a file; EISDIR: the key names a folder of longer keys. */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  // A name longer than the filesystem allows cannot exist either (the guard lets 512-char names through).
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG';
}

export class ObjectKeyConflictError extends Error {
  constructor(key: string) {
    super(
      `Cannot store ${JSON.stringify(key)}: on a filesystem a key cannot coexist with a longer key ` +
        "that continues it with '/' (for example 'a' and 'a/b'). Buckets allow this; the fs driver does not.",
    );
    this.name = 'ObjectKeyConflictError';
  }
}

export function md5(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export async function md5OfFile(filePath: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes and fsyncs a temp file, so a rename can only ever publish complete bytes. */
export async function writeTemp(tmpDir: string, contents: Uint8Array | string): Promise<string> {
  const file = tempPath(tmpDir);
  const handle = await fsp.open(file, 'wx');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(file, { force: true });
    throw error;
  }
  await handle.close();
  return file;
}

export async function syncFile(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function renameInto(from: string, to: string, key: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fsp.mkdir(path.dirname(to), { recursive: true });
      await fsp.rename(from, to);
      return;
    } catch (error) {
      const code = errorCode(error);
      // A delete of a sibling may prune the (momentarily empty) parent between mkdir and rename.
      if (code === 'ENOENT' && attempt < RENAME_ATTEMPTS) continue;
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTEMPTY') {
        throw new ObjectKeyConflictError(key);
      }
      throw error;
    }
  }
}

export async function removeFile(file: string): Promise<void> {
  try {
    await fsp.unlink(file);
  } catch (error) {
    if (isMissing(error)) return;
    // unlink of a folder is EPERM on macOS: the key names a folder of longer keys, not an object.
    if (errorCode(error) === 'EPERM' && (await fsp.stat(file).catch(() => null))?.isDirectory()) return;
    throw error;
  }
}

/** Removes folders emptied by a delete, so that key 'a' can be stored again after 'a/b' is gone. */
export async function pruneEmptyParents(file: string, stopDir: string): Promise<void> {
  for (let dir = path.dirname(file); dir.startsWith(stopDir + path.sep); dir = path.dirname(dir)) {
    try {
      await fsp.rmdir(dir);
    } catch {
      return;
    }
  }
}
