/**
 * The benchmark's inputs: real photographs, 2–4K, with real detail. The procedural demo art
 * compresses to a few hundred bytes per AVIF card and flatters every byte figure, so it is never used
 * here. Either the reader's own folder (`--images DIR`) or Debian's wallpaper packages, fetched once
 * with `apt-get download` into a cache outside the repository (nothing here is ever committed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AptState, fetchWallpaperPackage, IMAGES_HINT, WALLPAPER_PACKAGES } from './debian-wallpapers';
import { detailOf, type ImageProbe, listImageFiles, probeImage, sha256File } from './image-files';
import { CommandError } from './run-command';

export interface Photograph {
  path: string;
  width: number;
  height: number;
  bytes: number;
}

/** The report's `inputs`: where the photographs came from, and each one's size. */
export interface Photographs {
  source: string;
  files: Photograph[];
}

export interface EnsurePhotographsOptions {
  /** `--images DIR`: use the JPEG, PNG and WebP files in it instead of fetching any. */
  dir?: string;
  quick: boolean;
  onProgress?: (message: string) => void;
  /** Default: `$XDG_CACHE_HOME/vitrine-bench/photographs` (`~/.cache/…`). */
  cacheDir?: string;
}

export const QUICK_COUNT = 8;
export const FULL_COUNT = 40;
/** "2–4K": a 1920-pixel long side at least (smaller is not what the feed's large cards are about)… */
const MIN_LONG_SIDE = 1920;
/** …and at most DCI 4K, so one slow 8K source cannot dominate the transform timings. */
const MAX_LONG_SIDE = 4096;
/** A 2K photograph is never this small; a file that is holds flat colour (a logo, a gradient). */
const MIN_BYTES = 200 * 1024;
/**
 * Bits per pixel (image-files.ts `detailOf`) from which a picture counts as detailed: the wallpaper
 * packages mix photographs with smooth digital art, which would flatter every byte figure as the
 * demo art does. Measured on Debian 12's packages: photographs 0.45–2.3, gradients and logos 0.05–0.4.
 */
const MIN_DETAIL_BPP = 0.45;
const MANIFEST = 'manifest.json';
const CACHED_FILE = /^([0-9a-f]{64}\.(jpg|png|webp)|manifest\.json(\.tmp)?)$/;

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'vitrine-bench', 'photographs');
}

interface Manifest {
  format: 3;
  /** Each package the files came from, and its version. */
  packages: Record<string, string>;
  cacheDir: string;
  /** Every package was tried: fewer than FULL_COUNT is all there is, so do not fetch again. */
  exhausted: boolean;
  files: CachedPhotograph[];
}

interface CachedPhotograph extends Photograph {
  origin: string;
  /** Bits per pixel of a 1024-pixel JPEG (`detailOf`). */
  detail: number;
  sha256: string;
}

/** The cached set, or null when missing, damaged (a file gone or resized) or too small for `wanted`. */
function readCache(cacheDir: string, wanted: number): Manifest | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(cacheDir, MANIFEST), 'utf8')) as Manifest;
    if (manifest.format !== 3 || manifest.files.length === 0) return null;
    const intact = manifest.files.every(
      (file) => fs.statSync(file.path, { throwIfNoEntry: false })?.size === file.bytes,
    );
    if (!intact) return null;
    return manifest.files.length >= wanted || manifest.exhausted ? manifest : null;
  } catch {
    return null;
  }
}

const longSide = (probe: ImageProbe) => Math.max(probe.width, probe.height);

/**
 * Plasma ships each wallpaper at many sizes (`Name/contents/images/1920x1080.jpg`, `3840x2160.jpg`…):
 * those are one picture, and count once. Any other file is a picture of its own.
 */
function pictureOf(file: string): string {
  const at = file.indexOf(`${path.sep}contents${path.sep}`);
  return at === -1 ? file : file.slice(0, at);
}

interface Candidate extends ImageProbe {
  file: string;
}

/** Per picture, its largest version within 2–4K, bytes not seen before, with its detail measured. */
async function photographsIn(images: readonly string[], seen: Set<string>) {
  const best = new Map<string, Candidate>();
  for (const file of images) {
    if (fs.statSync(file).size < MIN_BYTES) continue;
    const probe = await probeImage(file);
    if (!probe || longSide(probe) < MIN_LONG_SIDE || longSide(probe) > MAX_LONG_SIDE) continue;
    const key = pictureOf(file);
    const held = best.get(key);
    if (!held || probe.width * probe.height > held.width * held.height) best.set(key, { file, ...probe });
  }
  const found: (Candidate & { sha256: string; detail: number })[] = [];
  for (const candidate of best.values()) {
    const sha256 = sha256File(candidate.file);
    if (seen.has(sha256)) continue;
    seen.add(sha256);
    found.push({ ...candidate, sha256, detail: await detailOf(candidate.file) });
  }
  return found;
}

/**
 * The detailed pictures first, ordered by hash (arbitrary but the same on every machine, and a mix of
 * packages, so a quick run's first few are a fair sample); then, only if those are too few, the most
 * detailed of the rest.
 */
function chooseSet(all: readonly CachedPhotograph[]): CachedPhotograph[] {
  const detailed = all.filter((photo) => photo.detail >= MIN_DETAIL_BPP);
  const rest = all.filter((photo) => photo.detail < MIN_DETAIL_BPP);
  detailed.sort((a, b) => a.sha256.localeCompare(b.sha256));
  rest.sort((a, b) => b.detail - a.detail);
  return [...detailed, ...rest].slice(0, FULL_COUNT);
}

/**
 * Fetches packages until FULL_COUNT detailed photographs are cached (or every package was tried),
 * keeps the chosen set (`chooseSet`), then writes the manifest.
 */
async function fillCache(cacheDir: string, log: (message: string) => void): Promise<Manifest> {
  fs.mkdirSync(cacheDir, { recursive: true });
  // Only what an earlier fill wrote goes: the folder may be one the reader chose.
  const clear = (keep: ReadonlySet<string> = new Set()) => {
    for (const entry of fs.readdirSync(cacheDir)) {
      if (CACHED_FILE.test(entry) && !keep.has(entry)) fs.rmSync(path.join(cacheDir, entry), { force: true });
    }
  };
  clear();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vitrine-photographs-'));
  // apt downloads as its unprivileged `_apt` user when it can reach the folder (else it warns).
  fs.chmodSync(work, 0o755);
  const all: CachedPhotograph[] = [];
  const versions = new Map<string, string>();
  const failures: string[] = [];
  const seen = new Set<string>();
  const apt: AptState = { updated: false };
  const detailedCount = () => all.filter((photo) => photo.detail >= MIN_DETAIL_BPP).length;
  let exhausted = true;
  try {
    for (const name of WALLPAPER_PACKAGES) {
      if (detailedCount() >= FULL_COUNT) {
        exhausted = false;
        break;
      }
      log(`fetching ${name} (apt-get download)…`);
      let unpacked: Awaited<ReturnType<typeof fetchWallpaperPackage>>;
      try {
        unpacked = await fetchWallpaperPackage(name, work, apt, log);
      } catch (error) {
        // No apt here, or a mirror too slow: every other package would fail the same way.
        if (error instanceof CommandError && error.reason !== 'failed') {
          if (all.length === 0) throw error;
          log(`  stopping here with ${all.length} pictures: ${error.message}`);
          exhausted = false;
          break;
        }
        failures.push(`${name}: ${(error as Error).message}`);
        log(`  skipped: ${(error as Error).message}`);
        continue;
      }
      try {
        const found = await photographsIn(unpacked.images, seen);
        for (const photo of found) {
          const target = path.join(
            cacheDir,
            `${photo.sha256}.${photo.format === 'jpeg' ? 'jpg' : photo.format}`,
          );
          fs.copyFileSync(photo.file, target);
          const { width, height, bytes, sha256, detail } = photo;
          all.push({ path: target, width, height, bytes, origin: name, detail, sha256 });
        }
        versions.set(name, unpacked.version);
        const detailed = found.filter((photo) => photo.detail >= MIN_DETAIL_BPP).length;
        log(
          `  ${found.length} pictures of 2–4K (${detailed} detailed) among ${unpacked.images.length} images`,
        );
      } finally {
        fs.rmSync(unpacked.root, { recursive: true, force: true });
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (all.length === 0) {
    throw new Error(
      `No 2–4K photographs could be had from Debian's wallpaper packages:\n  ${failures.join('\n  ') || 'none held any'}\n${IMAGES_HINT}`,
    );
  }
  const files = chooseSet(all);
  clear(new Set(files.map((file) => path.basename(file.path))));
  const manifest: Manifest = {
    format: 3,
    packages: Object.fromEntries(versions),
    cacheDir,
    exhausted,
    files,
  };
  // Written last, through a rename: a fetch interrupted half-way leaves no manifest, so the next run starts over.
  const temporary = path.join(cacheDir, `${MANIFEST}.tmp`);
  fs.writeFileSync(temporary, JSON.stringify(manifest, null, 2));
  fs.renameSync(temporary, path.join(cacheDir, MANIFEST));
  return manifest;
}

/** Names the packages (and versions) the chosen files came from, with how many from each. */
function sourceOf(manifest: Manifest, files: readonly CachedPhotograph[]): string {
  const perPackage = Object.entries(manifest.packages).flatMap(([name, version]) => {
    const taken = files.filter((file) => file.origin === name).length;
    return taken > 0 ? [`${name} ${version} (${taken})`] : [];
  });
  const detailed = files.filter((file) => file.detail >= MIN_DETAIL_BPP).length;
  return (
    `Debian wallpaper packages via apt-get download: ${perPackage.join(', ')}; ` +
    `${detailed} of ${files.length} with ≥ ${MIN_DETAIL_BPP} bits/pixel as a 1024-px JPEG q75; ` +
    `cached in ${manifest.cacheDir}`
  );
}

/** `--images DIR`: the reader's own files, readable ones only, distinct bytes, by path. */
async function fromDirectory(
  dir: string,
  wanted: number,
  log: (message: string) => void,
): Promise<Photographs> {
  const root = path.resolve(dir);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(
      `--images ${dir}: no such directory. Pass a folder of 2–4K JPEG, PNG or WebP photographs.`,
    );
  }
  const seen = new Set<string>();
  const files: Photograph[] = [];
  for (const file of listImageFiles(root)) {
    if (files.length >= wanted) break;
    const probe = await probeImage(file);
    if (!probe) {
      log(`skipping ${file}: not a readable JPEG, PNG or WebP image`);
      continue;
    }
    const sha256 = sha256File(file);
    if (seen.has(sha256)) continue;
    seen.add(sha256);
    files.push({ path: file, width: probe.width, height: probe.height, bytes: probe.bytes });
  }
  if (files.length === 0) {
    throw new Error(
      `--images ${dir} holds no readable JPEG, PNG or WebP image. Pass a folder of 2–4K photographs.`,
    );
  }
  return { source: `--images ${root}`, files };
}

/**
 * The photographs to benchmark on: QUICK_COUNT in quick mode, else FULL_COUNT (fewer when that is
 * all there is, said through `onProgress`). The first run without `dir` fetches Debian's wallpaper
 * packages (~25 s and ~230 MB of downloads on the project's machine); later runs reuse the cache.
 */
export async function ensurePhotographs(options: EnsurePhotographsOptions): Promise<Photographs> {
  const log = options.onProgress ?? (() => {});
  const wanted = options.quick ? QUICK_COUNT : FULL_COUNT;
  const chosen = options.dir
    ? await fromDirectory(options.dir, wanted, log)
    : await (async () => {
        const cacheDir = options.cacheDir ?? defaultCacheDir();
        let manifest = readCache(cacheDir, wanted);
        if (manifest) log(`using ${manifest.files.length} cached photographs in ${cacheDir}`);
        else {
          log(`no photographs cached in ${cacheDir} yet: fetching Debian's wallpaper packages…`);
          manifest = await fillCache(cacheDir, log);
        }
        const files = manifest.files.slice(0, wanted);
        return {
          source: sourceOf(manifest, files),
          files: files.map((file) => ({
            path: file.path,
            width: file.width,
            height: file.height,
            bytes: file.bytes,
          })),
        };
      })();
  if (chosen.files.length < wanted) {
    log(`only ${chosen.files.length} photographs available (wanted ${wanted}): benchmarking on those`);
  }
  return chosen;
}

/** The report's `inputs` field: where the photographs came from, how many, and each one's size. */
export function reportInputs(photographs: Photographs) {
  return {
    source: photographs.source,
    count: photographs.files.length,
    sizes: photographs.files.map(({ width, height, bytes }) => ({ width, height, bytes })),
  };
}
