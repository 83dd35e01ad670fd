import 'server-only';
import { type DisplayVariant, displaySet } from '@/lib/image-guard/display-set';
import { immutableCacheControl } from '@/lib/image-guard/headers';
import { defaultQuality, formatContentTypes } from '@/lib/images/ladder';
import { storedVariantPrefix } from '@/lib/images/storage-keys';
import type { ObjectInfo, ObjectStore } from '@/lib/storage/object-store';
import { transformWidth } from './transform-image';
import { type BackgroundPriority, openBackgroundSession } from './background-gate';
import type { TransformPool } from './transform-pool';
import type { EncodedVariant } from './types';

/** A published source: its storage path (`g/<sha256>.<ext>`) and its width (the row's). */
export interface DisplaySetSource {
  storagePath: string;
  width: number;
}

export interface DisplaySetMakerDeps {
  /** The public store: the set goes under `v/` beside the published original. */
  store: ObjectStore;
  /** The app's one transform pool, shared with `/i/`: members run as background work (background-gate.ts). */
  pool: TransformPool;
  /** The published original's bytes, or null when it is missing. */
  loadSource: (storagePath: string) => Promise<Uint8Array | null>;
}

export interface DisplaySetProgress {
  done: number;
  total: number;
}

export interface MakeDisplaySetOptions {
  /** After the heads (`done` = members already stored), then after each member stored. */
  onProgress?: (progress: DisplaySetProgress) => void | Promise<void>;
  /** Stops before the next member (and while waiting for a slot): rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How long one member may wait for a background slot before giving up. Default 60 s. */
  maxSlotWaitMs?: number;
  /** A publish's members go before a backfill's (background-gate.ts). Default backfill. */
  priority?: BackgroundPriority;
}

export interface DisplaySetResult {
  made: number;
  alreadyStored: number;
  total: number;
}

/**
 * How long one member waits for the pool to have room for background work before the make gives up
 * (DisplaySetPoolBusyError: the queue retries the job later). Visitors' transforms of 80–600 ms each
 * leave such moments all the time; a minute without one is a sustained overload.
 */
export const DEFAULT_SLOT_WAIT_MS = 60_000;

/** The published original the set is made from is not in the public store. */
export class DisplaySetSourceMissingError extends Error {
  constructor(readonly storagePath: string) {
    super(
      `The published original ${storagePath} is missing from the public store, so its display set cannot be made; publish the generation again (it rewrites the original)`,
    );
    this.name = 'DisplaySetSourceMissingError';
  }
}

/** The pool stayed busy with visitors' transforms for the whole bounded wait. */
export class DisplaySetPoolBusyError extends Error {
  constructor(
    readonly storagePath: string,
    readonly waitedMs: number,
  ) {
    super(
      `The transform pool was busy with visitors' images (and earlier publishes) for ${Math.round(waitedMs / 1000)} s while making the display set of ${storagePath}; retry later`,
    );
    this.name = 'DisplaySetPoolBusyError';
  }
}

/** The encoder gave other bytes than the member names (an AVIF must be AVIF at every width). */
export class DisplaySetFormatError extends Error {
  constructor(member: DisplayVariant, produced: string) {
    super(
      `Encoding ${member.variantKey} produced ${produced}, not ${member.format}; nothing was stored for it`,
    );
    this.name = 'DisplaySetFormatError';
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The display set make was aborted', 'AbortError');
}

/** Members grouped by width, in the set's order (smallest first). */
function byWidth(members: DisplayVariant[]): DisplayVariant[][] {
  const rows = new Map<number, DisplayVariant[]>();
  for (const member of members) rows.set(member.width, [...(rows.get(member.width) ?? []), member]);
  return [...rows.values()];
}

/** A member is stored when its object exists with the headers the maker gives it; anything else is made again. */
function isStored(member: DisplayVariant, info: ObjectInfo | null): boolean {
  return (
    info !== null &&
    info.size > 0 &&
    info.contentType === formatContentTypes[member.format] &&
    info.cacheControl === immutableCacheControl
  );
}

/**
 * Makes the display set of a published source (lib/image-guard/display-set.ts) in the public store:
 * heads every member, then encodes and stores only those missing, smallest first, each in the shared
 * pool as background work. Idempotent: a rerun after a crash or a failure makes nothing twice (keys
 * are content-addressed and each put is atomic, so an existing object is a whole member). The source
 * is read once, and only if something is missing. Throws on any failure (source missing, pool busy
 * too long, encoder, store), so the caller's queue retries; what was stored stays and counts next time.
 */
export async function makeDisplaySet(
  deps: DisplaySetMakerDeps,
  source: DisplaySetSource,
  options: MakeDisplaySetOptions = {},
): Promise<DisplaySetResult> {
  const { signal, onProgress } = options;
  const maxSlotWaitMs = options.maxSlotWaitMs ?? DEFAULT_SLOT_WAIT_MS;
  const members = displaySet(source.storagePath, source.width);
  const total = members.length;
  if (signal?.aborted) throw abortReason(signal);

  const heads = await Promise.all(members.map((member) => deps.store.head(member.storedKey)));
  const missing = members.filter((member, i) => !isStored(member, heads[i] ?? null));
  const alreadyStored = total - missing.length;
  let done = alreadyStored;
  await onProgress?.({ done, total });

  if (missing.length === 0) return { made: 0, alreadyStored, total };
  // Its turns at the pool, in the order this make began (lib/transform/background-gate.ts).
  const session = openBackgroundSession(deps.pool, options.priority ?? 'backfill');
  // The width before the one encoding, being stored meanwhile: the pool never waits for the store.
  let storing: Promise<void> = Promise.resolve();
  try {
    let bytes: Uint8Array | null = null;
    let made = 0;
    /** Stores one width's members, in order, with progress after each. */
    const store = async (row: DisplayVariant[], encoded: EncodedVariant[]) => {
      for (const [i, member] of row.entries()) {
        if (signal?.aborted) throw abortReason(signal);
        const variant = encoded[i]!;
        if (variant.format !== member.format) throw new DisplaySetFormatError(member, variant.format);
        await deps.store.put(member.storedKey, variant.bytes, {
          contentType: variant.contentType,
          cacheControl: immutableCacheControl,
        });
        made++;
        done++;
        await onProgress?.({ done, total });
      }
    };
    // One pool task per width: its formats share one decode and resize (transformWidth).
    for (const row of byWidth(missing)) {
      if (signal?.aborted) throw abortReason(signal);
      if (bytes === null) {
        bytes = await deps.loadSource(source.storagePath);
        if (bytes === null) throw new DisplaySetSourceMissingError(source.storagePath);
      }
      const input = bytes;
      // The requests /i/ makes for these URLs (serve-image.ts): width, the default quality, no height.
      const encoded: EncodedVariant[] = await session.run(
        () =>
          transformWidth(input, {
            width: row[0]!.width,
            quality: defaultQuality,
            formats: row.map((member) => member.format),
          }),
        {
          maxWaitMs: maxSlotWaitMs,
          tooLong: (waitedMs) => new DisplaySetPoolBusyError(source.storagePath, waitedMs),
          ...(signal ? { signal } : {}),
        },
      );
      await storing;
      storing = store(row, encoded);
      // Seen at the next width's `await storing` or at the end; not an unhandled rejection meanwhile.
      storing.catch(() => undefined);
    }
    await storing;
    return { made, alreadyStored, total };
  } finally {
    // A make that stops (a failure, an abort) lets the width being stored finish first, so nothing
    // of this attempt is still writing when the queue's retry heads the set.
    await storing.catch(() => undefined);
    session.close();
  }
}

/**
 * Removes every stored display variant of a source (`v/<storagePath>/…`, whatever ladder made it)
 * and says how many. Missing objects are fine, so it can be run again after a failure.
 */
export async function removeDisplaySet(store: ObjectStore, storagePath: string): Promise<number> {
  let removed = 0;
  // Listed first, deleted after: deleting while a listing pages through the same prefix can skip keys.
  const keys: string[] = [];
  for await (const object of store.list(storedVariantPrefix(storagePath))) keys.push(object.key);
  for (const key of keys) {
    await store.delete(key);
    removed++;
  }
  return removed;
}
