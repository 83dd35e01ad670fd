import 'server-only';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  isMissing,
  md5,
  md5OfFile,
  pruneEmptyParents,
  removeFile,
  renameInto,
  syncFile,
  tempPath,
  writeTemp as writeTempIn,
} from './fs-files';
import { createKeyLocks } from './key-locks';
import { type MetaFile, parseMeta, toInfo } from './fs-meta';
import {
  assertValidObjectKey,
  assertValidObjectKeyPrefix,
  assertValidPut,
  checkedCopy,
  compareObjectKeys,
  DEFAULT_CONTENT_TYPE,
  type ListedObject,
  type ObjectInfo,
  ObjectNotFoundError,
  type ObjectStore,
  StoreUnavailableError,
  type PutOptions,
  type StoredObject,
} from './object-store';

/**
 * The embedded object store: one folder, no service to run.
 *
 *   <root>/objects/<key>   the bytes, exactly as put (servable and inspectable as plain files)
 *   <root>/meta/<key>      JSON sidecar: contentType, cacheControl, size, etag (MD5 hex)
 *   <root>/tmp/<random>    writes in progress
 *
 * Temp files live outside `objects/` so no key can ever collide with one and a listing never has
 * to guess which names are temporary; `tmp/` is inside the same root, so rename stays on one
 * filesystem and is atomic. The sidecar tree mirrors `objects/` segment for segment (no suffix), so
 * the two trees have exactly the same file/folder conflicts and no others.
 */

// Writes in progress finish in seconds; an hour-old temp file was left by a crash.
const STALE_TEMP_MS = 60 * 60 * 1000;

export function createFsObjectStore(rootDir: string): ObjectStore {
  const root = path.resolve(rootDir);
  const objectsDir = path.join(root, 'objects');
  const metaDir = path.join(root, 'meta');
  const tmpDir = path.join(root, 'tmp');

  /**
   * Whether `objects/` has been seen. Once it has, its disappearance (an unmounted volume, a deleted
   * folder) is an outage, not a store full of missing keys: reads fail (→ 5xx, never cached) instead
   * of answering "no such object" (→ a cacheable 404), and work again when the folder is back.
   */
  let objectsSeen = false;
  async function nothingThere(): Promise<null> {
    const present = await fsp.stat(objectsDir).then(
      (stat) => stat.isDirectory(),
      () => false,
    );
    if (present) objectsSeen = true;
    else if (objectsSeen) throw new StoreUnavailableError(objectsDir);
    return null;
  }

  // Nothing touches the disk until the first write: creating a store (at import, at build time) is free.
  let ready: Promise<void> | undefined;
  function prepare(): Promise<void> {
    ready ??= (async () => {
      await Promise.all(
        [objectsDir, metaDir, tmpDir].map((dir) => fsp.mkdir(dir, { recursive: true, mode: 0o700 })),
      );
      objectsSeen = true;
      await sweepStaleTemps();
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  }

  async function sweepStaleTemps(): Promise<void> {
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of await fsp.readdir(tmpDir)) {
      const file = path.join(tmpDir, name);
      try {
        if ((await fsp.stat(file)).mtimeMs < cutoff) await fsp.rm(file, { force: true });
      } catch {
        // Another process swept it first.
      }
    }
  }

  // Keys are validated first, so joining their segments cannot leave the tree.
  const dataPath = (key: string) => path.join(objectsDir, ...key.split('/'));
  const metaPath = (key: string) => path.join(metaDir, ...key.split('/'));
  const writeTemp = (contents: Uint8Array | string) => writeTempIn(tmpDir, contents);
  // Serializes commits and deletes of one key within this process, so the sidecar always
  // describes the bytes beside it even when writers race.
  const withKeyLock = createKeyLocks();

  async function readMetaText(key: string): Promise<string | null> {
    try {
      return await fsp.readFile(metaPath(key), 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async function readMeta(key: string): Promise<MetaFile | null> {
    const text = await readMetaText(key);
    return text === null ? null : parseMeta(text);
  }

  async function restoreMeta(key: string, previous: string | null): Promise<void> {
    if (previous === null) {
      await fsp.rm(metaPath(key), { force: true });
      return;
    }
    const temp = await writeTemp(previous);
    try {
      await renameInto(temp, metaPath(key), key);
    } finally {
      await fsp.rm(temp, { force: true });
    }
  }

  /**
   * Publishes temp files as `key`: sidecar first, then the data, so an object is never visible
   * without its metadata. If the data rename fails, the previous sidecar is put back.
   */
  async function commit(key: string, dataTemp: string, metaTemp: string): Promise<void> {
    await withKeyLock(key, async () => {
      const previousMeta = await readMetaText(key);
      await renameInto(metaTemp, metaPath(key), key);
      try {
        await renameInto(dataTemp, dataPath(key), key);
      } catch (error) {
        await restoreMeta(key, previousMeta).catch(() => {
          // Best effort: the data file stays the source of truth for size and existence.
        });
        throw error;
      }
    });
  }

  async function commitWithCleanup(key: string, dataTemp: string, meta: MetaFile): Promise<void> {
    let metaTemp: string | undefined;
    try {
      metaTemp = await writeTemp(JSON.stringify(meta));
      await commit(key, dataTemp, metaTemp);
    } finally {
      // No-ops after a successful rename; after a failure they keep tmp/ from filling up.
      await fsp.rm(dataTemp, { force: true });
      if (metaTemp) await fsp.rm(metaTemp, { force: true });
    }
  }

  async function* walk(dirKey: string, prefix: string): AsyncGenerator<ListedObject> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dirKey === '' ? objectsDir : dataPath(dirKey), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // Ordering a folder as "name/" makes a depth-first walk come out in global key order.
    const children = entries
      .filter((entry) => entry.isFile() || entry.isDirectory())
      .map((entry) => ({
        key: dirKey === '' ? entry.name : `${dirKey}/${entry.name}`,
        isDirectory: entry.isDirectory(),
        order: entry.isDirectory() ? `${entry.name}/` : entry.name,
      }))
      .sort((a, b) => compareObjectKeys(a.order, b.order));
    for (const child of children) {
      if (child.isDirectory) {
        const folder = `${child.key}/`;
        if (folder.startsWith(prefix) || prefix.startsWith(folder)) yield* walk(child.key, prefix);
        continue;
      }
      if (!child.key.startsWith(prefix)) continue;
      try {
        assertValidObjectKey(child.key);
      } catch {
        continue; // a file put there by hand that no key could name
      }
      let stat: fs.Stats;
      try {
        stat = await fsp.stat(dataPath(child.key));
      } catch (error) {
        if (isMissing(error)) continue; // deleted while we walked
        throw error;
      }
      const { key, size, etag, lastModified } = toInfo(child.key, stat, await readMeta(child.key));
      yield { key, size, etag, lastModified };
    }
  }

  async function head(key: string): Promise<ObjectInfo | null> {
    assertValidObjectKey(key);
    let stat: fs.Stats;
    try {
      stat = await fsp.stat(dataPath(key));
    } catch (error) {
      if (isMissing(error)) return nothingThere();
      throw error;
    }
    if (!stat.isFile()) return null;
    return toInfo(key, stat, await readMeta(key));
  }

  return {
    async put(key: string, body: Uint8Array, options: PutOptions): Promise<void> {
      assertValidPut(key, body, options);
      await prepare();
      const dataTemp = await writeTemp(body);
      await commitWithCleanup(key, dataTemp, {
        contentType: options.contentType,
        ...(options.cacheControl ? { cacheControl: options.cacheControl } : {}),
        size: body.byteLength,
        etag: md5(body),
      });
    },

    async get(key: string): Promise<StoredObject | null> {
      assertValidObjectKey(key);
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(dataPath(key), 'r');
      } catch (error) {
        if (isMissing(error)) return nothingThere();
        throw error;
      }
      try {
        // Size and bytes both come from the open handle, so a concurrent overwrite (a rename onto
        // this path) cannot pair the old size with new bytes.
        const stat = await handle.stat();
        if (!stat.isFile()) {
          await handle.close();
          return null;
        }
        const info = toInfo(key, stat, await readMeta(key));
        const body = Readable.toWeb(handle.createReadStream()) as unknown as ReadableStream<Uint8Array>;
        return { ...info, body };
      } catch (error) {
        await handle.close().catch(() => undefined);
        throw error;
      }
    },

    head,

    async delete(key: string): Promise<void> {
      assertValidObjectKey(key);
      await withKeyLock(key, async () => {
        // Data first: once it is gone the object is gone, whatever happens to the sidecar.
        await removeFile(dataPath(key));
        await removeFile(metaPath(key));
        await pruneEmptyParents(dataPath(key), objectsDir);
        await pruneEmptyParents(metaPath(key), metaDir);
      });
    },

    copy: checkedCopy(head, async (fromKey, toKey) => {
      await prepare();
      const dataTemp = tempPath(tmpDir);
      try {
        // Snapshot the source bytes first; the sidecar read after may only be newer, never older.
        await fsp.copyFile(dataPath(fromKey), dataTemp, fs.constants.COPYFILE_FICLONE);
        await syncFile(dataTemp);
      } catch (error) {
        await fsp.rm(dataTemp, { force: true });
        if (isMissing(error)) throw new ObjectNotFoundError(fromKey);
        throw error;
      }
      try {
        const size = (await fsp.stat(dataTemp)).size;
        const source = await readMeta(fromKey);
        await commitWithCleanup(toKey, dataTemp, {
          contentType: source?.contentType ?? DEFAULT_CONTENT_TYPE,
          ...(source?.cacheControl ? { cacheControl: source.cacheControl } : {}),
          size,
          etag: source && source.size === size ? source.etag : await md5OfFile(dataTemp),
        });
      } finally {
        await fsp.rm(dataTemp, { force: true });
      }
    }),

    list(prefix: string): AsyncIterable<ListedObject> {
      assertValidObjectKeyPrefix(prefix);
      const slash = prefix.lastIndexOf('/');
      // Start at the deepest folder the prefix names instead of walking the whole tree.
      return walk(slash === -1 ? '' : prefix.slice(0, slash), prefix);
    },
  };
}
