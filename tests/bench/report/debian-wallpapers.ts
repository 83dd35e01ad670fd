import fs from 'node:fs';
import path from 'node:path';
import { listImageFiles } from './image-files';
import { CommandError, runCommand } from './run-command';

/**
 * Debian packages of desktop wallpapers, in the order they are tried: the ones richest in
 * photographs first (on Debian 12, lomiri-wallpapers-16.04 is mostly the Ubuntu photo contests'
 * winners; mate, ukui and plasma mix photographs with rendered art; gnome and desktop-base are mostly
 * art). The fetcher stops once it has enough detailed pictures, so it rarely needs them all.
 */
export const WALLPAPER_PACKAGES = [
  'lomiri-wallpapers-16.04',
  'mate-backgrounds',
  'plasma-workspace-wallpapers',
  'ukui-wallpapers',
  'lomiri-wallpapers-20.04',
  'gnome-backgrounds',
  'desktop-base',
] as const;

export const IMAGES_HINT =
  'Pass --images DIR with 2–4K JPEG, PNG or WebP photographs to use your own instead of Debian’s wallpapers.';

const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;
const UPDATE_TIMEOUT_MS = 3 * 60_000;
const EXTRACT_TIMEOUT_MS = 2 * 60_000;

export interface ExtractedPackage {
  name: string;
  version: string;
  /** Where the package's files were unpacked. */
  root: string;
  /** Every regular JPEG, PNG or WebP file in it (symlinks skipped: desktop-base is full of them). */
  images: string[];
}

/** Whether apt has a package list at all: on a fresh image `apt-get download` finds nothing until `apt-get update`. */
const notInLists = (error: unknown) =>
  error instanceof CommandError &&
  /Unable to locate package|no installation candidate|Can't select/i.test(error.output);

/** Shared by the packages of one fetch, so the package lists are refreshed at most once. */
export interface AptState {
  updated: boolean;
}

async function download(name: string, workDir: string, apt: AptState, log: (message: string) => void) {
  const fetch = () =>
    runCommand('apt-get', ['download', name], {
      cwd: workDir,
      timeoutMs: DOWNLOAD_TIMEOUT_MS,
      hint: IMAGES_HINT,
    });
  try {
    await fetch();
  } catch (error) {
    if (apt.updated || !notInLists(error)) throw error;
    apt.updated = true;
    log('apt knows no such package yet: refreshing its lists (apt-get update)…');
    await runCommand('apt-get', ['update'], { timeoutMs: UPDATE_TIMEOUT_MS, hint: IMAGES_HINT });
    await fetch();
  }
  const deb = fs.readdirSync(workDir).find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
  if (!deb)
    throw new Error(
      `apt-get download ${name} reported success but left no .deb in ${workDir}. ${IMAGES_HINT}`,
    );
  return path.join(workDir, deb);
}

/**
 * `apt-get download NAME` into `workDir`, then `dpkg-deb -x` beside it (nothing is installed, no
 * root needed except for `apt-get update` on a machine that never ran it). The .deb is removed once
 * unpacked; the caller removes `root` when done with the images.
 */
export async function fetchWallpaperPackage(
  name: string,
  workDir: string,
  apt: AptState,
  log: (message: string) => void,
): Promise<ExtractedPackage> {
  const deb = await download(name, workDir, apt, log);
  // The file name is NAME_VERSION_ARCH.deb, with the epoch's ':' escaped as %3a.
  const version = decodeURIComponent(path.basename(deb).split('_')[1] ?? '?');
  const root = path.join(workDir, `${name}.unpacked`);
  fs.mkdirSync(root, { recursive: true });
  try {
    await runCommand('dpkg-deb', ['-x', deb, root], { timeoutMs: EXTRACT_TIMEOUT_MS, hint: IMAGES_HINT });
  } finally {
    fs.rmSync(deb, { force: true });
  }
  return { name, version, root, images: listImageFiles(root) };
}
