import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const IMAGE_EXTENSION = /\.(jpe?g|png|webp)$/i;

/** Every regular JPEG, PNG or WebP file under `root`, by path. Symlinks are skipped (they may point outside). */
export function listImageFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((relative) => IMAGE_EXTENSION.test(relative))
    .map((relative) => path.join(root, relative))
    .filter((file) => fs.lstatSync(file).isFile())
    .sort();
}

export interface ImageProbe {
  /** As displayed (EXIF orientation applied), like ingest measures it. */
  width: number;
  height: number;
  bytes: number;
  format: 'jpeg' | 'png' | 'webp';
}

/**
 * The header only (no pixel decode): size and format, or null for anything Vitrine's ingest would
 * refuse by format (an SVG renamed .png, a broken file).
 */
export async function probeImage(file: string): Promise<ImageProbe | null> {
  try {
    const metadata = await sharp(file, { limitInputPixels: false }).metadata();
    const { format } = metadata;
    if (format !== 'jpeg' && format !== 'png' && format !== 'webp') return null;
    const { width, height } = metadata.autoOrient;
    if (!width || !height) return null;
    return { width, height, bytes: fs.statSync(file).size, format };
  } catch {
    return null;
  }
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The side the detail measure encodes at: the size of a large feed card, and quick to encode. */
const DETAIL_SIDE = 1024;

/**
 * How much real detail a picture has, as the bits per pixel a 1024-pixel JPEG of it costs at
 * quality 75: a photograph's texture (grass, rock, fur) costs 0.5–2.5, a smooth gradient or a logo
 * on black 0.05–0.4. It is what the benchmark's byte figures depend on, measured directly.
 */
export async function detailOf(file: string): Promise<number> {
  const { data, info } = await sharp(file, { limitInputPixels: false })
    .rotate()
    .resize(DETAIL_SIDE, DETAIL_SIDE, { fit: 'inside' })
    .jpeg({ quality: 75 })
    .toBuffer({ resolveWithObject: true });
  return (data.byteLength * 8) / (info.width * info.height);
}
