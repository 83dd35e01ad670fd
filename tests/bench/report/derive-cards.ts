/**
 * Turns the benchmark's photographs into as many distinct cards as the feed session needs (400 from
 * 40 photographs). A card reusing another's file would be answered by the browser's own cache on
 * every page alike and flatter every per-image figure, so each card gets bytes of its own: the
 * photograph itself, then mirrored copies and crops of it (90 % to 70 % of each side). A crop of a
 * photograph is still a photograph, with the detail the byte figures must be measured on.
 * Cached next to the photographs (outside the repository), keyed by the source's SHA-256.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sha256File } from './image-files';
import type { Photograph } from './photographs';

/** Which part of the photograph a card shows: a share of each side, anchored at (x, y) in 0..1. */
interface Crop {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

const crops: readonly Crop[] = [
  { scale: 1, x: 0, y: 0 },
  { scale: 0.9, x: 0, y: 0 },
  { scale: 0.9, x: 1, y: 0 },
  { scale: 0.9, x: 0, y: 1 },
  { scale: 0.9, x: 1, y: 1 },
  { scale: 0.8, x: 0.5, y: 0.5 },
  { scale: 0.8, x: 0, y: 0.5 },
  { scale: 0.8, x: 1, y: 0.5 },
  { scale: 0.7, x: 0.5, y: 0.5 },
  { scale: 0.7, x: 0.5, y: 0 },
];

/** Every source yields this many cards at most: each crop, plain and mirrored. */
export const MAX_CARDS_PER_PHOTOGRAPH = crops.length * 2;

/** Card `k` of a photograph: crop `⌊k/2⌋`, mirrored when k is odd. Exported for its test. */
export function cardRecipe(k: number, width: number, height: number) {
  const crop = crops[Math.floor(k / 2)];
  if (!crop)
    throw new Error(`a photograph yields at most ${MAX_CARDS_PER_PHOTOGRAPH} cards (asked for #${k})`);
  const cropWidth = Math.round(width * crop.scale);
  const cropHeight = Math.round(height * crop.scale);
  return {
    left: Math.round((width - cropWidth) * crop.x),
    top: Math.round((height - cropHeight) * crop.y),
    width: cropWidth,
    height: cropHeight,
    mirrored: k % 2 === 1,
  };
}

export interface DeriveCardsOptions {
  photographs: readonly Photograph[];
  cards: number;
  cacheDir: string;
  onProgress?: (message: string) => void;
}

/** `cards` distinct files: card i comes from photograph i mod n, so neighbours differ in subject. */
export async function deriveCards(options: DeriveCardsOptions): Promise<Photograph[]> {
  const { photographs, cards } = options;
  if (photographs.length === 0) throw new Error('no photographs to make cards from');
  if (cards > photographs.length * MAX_CARDS_PER_PHOTOGRAPH) {
    throw new Error(
      `${cards} cards need at least ${Math.ceil(cards / MAX_CARDS_PER_PHOTOGRAPH)} photographs ` +
        `(have ${photographs.length})`,
    );
  }
  const log = options.onProgress ?? (() => {});
  fs.mkdirSync(options.cacheDir, { recursive: true });
  const keys = photographs.map((photo) => sha256File(photo.path).slice(0, 16));
  const out: Photograph[] = [];
  for (let i = 0; i < cards; i++) {
    const n = i % photographs.length;
    const k = Math.floor(i / photographs.length);
    const source = photographs[n]!;
    if (k === 0) {
      out.push(source);
      continue;
    }
    const file = path.join(options.cacheDir, `${keys[n]}-${k}.jpg`);
    const recipe = cardRecipe(k, source.width, source.height);
    if (!fs.existsSync(file)) {
      let image = sharp(source.path).extract(recipe);
      if (recipe.mirrored) image = image.flop();
      const bytes = await image.jpeg({ quality: 90 }).toBuffer();
      // Written whole or not at all: an interrupted run leaves no truncated card behind.
      fs.writeFileSync(`${file}.tmp`, bytes);
      fs.renameSync(`${file}.tmp`, file);
    }
    out.push({ path: file, width: recipe.width, height: recipe.height, bytes: fs.statSync(file).size });
    if ((i + 1) % 20 === 0 || i + 1 === cards) log(`cards ${i + 1}/${cards}`);
  }
  return out;
}
