/**
 * Every object key and cache name Vitrine writes, each built and read back here and nowhere else
 * (the table is in docs/storage.md). Pure, relative imports only: the Worker, the browser and the
 * server all import it.
 *
 * Content-addressed keys name a file by the SHA-256 of its exact bytes, so a key always names the
 * same bytes; the private and the public store use the same name under different prefixes.
 */
import {
  type AspectRatio,
  isAspectRatio,
  isLadderWidth,
  isOutputFormat,
  isQualityStep,
  type LadderWidth,
  type OutputFormat,
  type QualityStep,
} from './ladder';

/** The top-level folders of the two stores; none is a prefix of another. */
export const keyPrefixes = {
  /** Private store: every upload exactly as it came (metadata included). */
  privateOriginal: 'originals/',
  /** Public store: published originals, metadata-free (videos and their posters go here too). */
  published: 'g/',
  /** Public store: stored display variants, `v/<variantKey>` (written by the publish job). */
  storedVariant: 'v/',
} as const;

/** A content-addressed object: the lower-case hex SHA-256 of its bytes and its file extension. */
export interface ContentAddress {
  sha256: string;
  extension: string;
}

const SHA256 = /^[0-9a-f]{64}$/;
/** jpg, png, webp, avif today; mp4 or webm for the videos to come. */
const EXTENSION = /^[a-z0-9]{1,8}$/;

function contentKey(prefix: string, content: ContentAddress): string {
  if (!SHA256.test(content.sha256) || !EXTENSION.test(content.extension)) {
    throw new TypeError(`Not a content address: ${JSON.stringify(content)}`);
  }
  return `${prefix}${content.sha256}.${content.extension}`;
}

function parseContentKey(prefix: string, key: string): ContentAddress | null {
  if (!key.startsWith(prefix)) return null;
  const [sha256, extension, ...rest] = key.slice(prefix.length).split('.');
  if (rest.length > 0 || sha256 === undefined || extension === undefined) return null;
  return SHA256.test(sha256) && EXTENSION.test(extension) ? { sha256, extension } : null;
}

/** `originals/<sha256>.<ext>`: an upload in the private store. */
export function privateOriginalKey(content: ContentAddress): string {
  return contentKey(keyPrefixes.privateOriginal, content);
}

export function parsePrivateOriginalKey(key: string): ContentAddress | null {
  return parseContentKey(keyPrefixes.privateOriginal, key);
}

/**
 * `g/<sha256>.<ext>`: a published object in the public store. It is also a generation's storage
 * path (the `storage_key` column, the feed's `src`), set at ingest while the row is still a draft.
 */
export function publishedKey(content: ContentAddress): string {
  return contentKey(keyPrefixes.published, content);
}

export function parsePublishedKey(key: string): ContentAddress | null {
  return parseContentKey(keyPrefixes.published, key);
}

/** The private original of a generation, from its storage path: the same name in the private store. */
export function privateOriginalKeyOf(storagePath: string): string {
  const content = parsePublishedKey(storagePath);
  if (!content) throw new TypeError(`${JSON.stringify(storagePath)} is not a published key`);
  return privateOriginalKey(content);
}

/**
 * Whether a path is under the published prefix at all: what `/i/` and `/o/` may serve
 * (lib/image-guard/parse-path.ts checks the rest of its shape, character by character).
 */
export function isUnderPublishedPrefix(storagePath: string): boolean {
  return storagePath.length > keyPrefixes.published.length && storagePath.startsWith(keyPrefixes.published);
}

/** The lower-cased extension of a key's last segment (`g/a.PNG` → `png`), or null without one. */
export function keyExtension(key: string): string | null {
  const dot = key.lastIndexOf('.');
  if (dot === -1 || dot < key.lastIndexOf('/')) return null;
  return key.slice(dot + 1).toLowerCase();
}

/** The part of a normalized transform that names a variant (the height follows from width and ratio). */
export interface VariantTransform {
  width: LadderWidth;
  quality: QualityStep;
  /** Null keeps the source's own aspect ratio. */
  ratio: AspectRatio | null;
}

/** `w-640,q-75` or `w-640,q-75,r-4x5`: fixed order; `x` stands for the ratio's ':' to keep keys path-safe. */
export function transformKey(transform: VariantTransform): string {
  const ratio = transform.ratio === null ? '' : `,r-${transform.ratio.replace(':', 'x')}`;
  return `w-${transform.width},q-${transform.quality}${ratio}`;
}

/**
 * `<storagePath>/<transformKey>.<format>`, e.g. `g/abc.jpg/w-640,q-75,r-4x5.avif`: the identity of
 * one variant. Built only from normalized values, so equal normalizations give equal keys; the Node
 * route names its cache entries with it, and the edge cache keys on the same information (origin URL
 * + cf.image options). The transform part and the format never contain '/', so the storage path is
 * everything before the last '/'.
 */
export function variantKey(storagePath: string, transform: VariantTransform, format: OutputFormat): string {
  return `${storagePath}/${transformKey(transform)}.${format}`;
}

export interface ParsedVariantKey {
  storagePath: string;
  transform: VariantTransform;
  format: OutputFormat;
}

const VARIANT_NAME = /^w-([0-9]+),q-([0-9]+)(?:,r-([0-9]+)x([0-9]+))?\.([a-z]+)$/;

/** The exact inverse of `variantKey` over published storage paths; null for anything it cannot build. */
export function parseVariantKey(key: string): ParsedVariantKey | null {
  const slash = key.lastIndexOf('/');
  const storagePath = key.slice(0, slash);
  const match = VARIANT_NAME.exec(key.slice(slash + 1));
  if (slash === -1 || !match || !isUnderPublishedPrefix(storagePath)) return null;
  const [, width, quality, ratioW, ratioH, format] = match;
  const ratio = ratioW === undefined ? null : `${ratioW}:${ratioH}`;
  if (!isLadderWidth(Number(width)) || !isQualityStep(Number(quality)) || !isOutputFormat(format!))
    return null;
  if (ratio !== null && !isAspectRatio(ratio)) return null;
  const parsed: ParsedVariantKey = {
    storagePath,
    transform: { width: Number(width) as LadderWidth, quality: Number(quality) as QualityStep, ratio },
    format: format as OutputFormat,
  };
  // Refuses spellings the builder never makes (leading zeros): one key per variant.
  return variantKey(parsed.storagePath, parsed.transform, parsed.format) === key ? parsed : null;
}

/**
 * What every variant key of one source starts with (the in-memory tier purges by it). A nested path
 * under the source's would match too; published keys are `g/<sha256>.<ext>`, so none nests.
 */
export function variantKeyPrefix(storagePath: string): string {
  return `${storagePath}/`;
}

/** The source a variant key belongs to; TypeError for a string that is not a variant key. */
export function variantSourcePath(key: string): string {
  const parsed = parseVariantKey(key);
  if (!parsed) throw new TypeError(`${JSON.stringify(key)} is not a variant key`);
  return parsed.storagePath;
}

/**
 * `v/<variantKey>` = `v/g/<sha256>.<ext>/<transformKey>.<format>`: a display variant stored in the
 * public bucket at publish ("the path of one image" in the architecture). Written by
 * lib/transform/display-set-maker.ts; removed by unpublish and delete, and by the sweeps.
 */
export function storedVariantKey(key: string): string {
  variantSourcePath(key);
  return `${keyPrefixes.storedVariant}${key}`;
}

/**
 * `v/g/<sha256>.<ext>/`: what every stored display variant of one source starts with, so removing a
 * source's set is one listing. Only for a content-addressed published key: a looser path (`g/x`)
 * would also select other sources' sets (`v/g/x…`, `v/g/x/…`), and the caller deletes what it lists.
 */
export function storedVariantPrefix(storagePath: string): string {
  if (!parsePublishedKey(storagePath)) {
    throw new TypeError(`${JSON.stringify(storagePath)} is not a content-addressed published key`);
  }
  return `${keyPrefixes.storedVariant}${variantKeyPrefix(storagePath)}`;
}

export function parseStoredVariantKey(key: string): ParsedVariantKey | null {
  if (!key.startsWith(keyPrefixes.storedVariant)) return null;
  return parseVariantKey(key.slice(keyPrefixes.storedVariant.length));
}

/**
 * `vitrine-g-<sha256>.<ext>`: the CDN cache tag of every variant of one source. The Worker tags what
 * it fetches with it, and unpublishing or deleting the source purges the tag, which drops all of its
 * variants at once (their URLs start with the transforms, so no URL prefix selects one source's).
 */
export function sourceCacheTag(storagePath: string): string {
  return `vitrine-${storagePath.replaceAll('/', '-')}`;
}
