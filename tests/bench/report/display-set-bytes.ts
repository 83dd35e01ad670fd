/**
 * What one image's display set weighs, measured on the bench's own cards: read from the public store
 * where the publish job stored the sets (`v/<variantKey>`, lib/image-guard/display-set.ts), otherwise
 * made through the app's `/i/` for a sample of cards, one request per member with the Accept header
 * that negotiates its format (the bytes are the encoder's either way: the job and `/i/` share it).
 */
import { type DisplayVariant, displaySet } from '@/lib/image-guard/display-set';
import { formatContentTypes } from '@/lib/images/ladder';
import type { ObjectStore } from '@/lib/storage/object-store';
import type { DisplaySetMeasure } from './economics';
import { type CardSource, meanDisplaySetMembers } from './display-set-coverage';

export interface DisplaySetBytesOptions {
  cards: readonly CardSource[];
  /** The public store the app serves from. */
  publicStore: Pick<ObjectStore, 'head'>;
  /** The app, for the cards whose sets are not stored. */
  appBase: string;
  /** Cards made through `/i/` when the store holds no set (each is 9–15 encodes). */
  sample: number;
  onProgress?: (message: string) => void;
}

const storedSize = async (store: Pick<ObjectStore, 'head'>, member: DisplayVariant) =>
  (await store.head(member.storedKey))?.size;

async function fetchedSize(appBase: string, card: CardSource, member: DisplayVariant): Promise<number> {
  const url = `${appBase}/i/w-${member.width}/${card.storagePath}`;
  const accept = formatContentTypes[member.format];
  const response = await fetch(url, { headers: { accept } });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (!response.ok || response.headers.get('content-type') !== accept) {
    throw new Error(
      `${url} with Accept ${accept} answered ${response.status} ${response.headers.get('content-type')}`,
    );
  }
  return bytes;
}

export async function measureDisplaySetBytes(options: DisplaySetBytesOptions): Promise<DisplaySetMeasure> {
  const log = options.onProgress ?? (() => {});
  const membersPerImage = Number(meanDisplaySetMembers(options.cards).toFixed(2));
  // Stored: every card whose whole set is in the store.
  const storedSets: number[] = [];
  for (const card of options.cards) {
    const sizes = await Promise.all(
      displaySet(card.storagePath, card.width).map((member) => storedSize(options.publicStore, member)),
    );
    if (sizes.every((size) => size !== undefined))
      storedSets.push(sizes.reduce((sum, size) => sum + size, 0));
  }
  if (storedSets.length > 0) {
    log(`display sets: ${storedSets.length}/${options.cards.length} cards' sets found in the public store`);
    return {
      membersPerImage,
      meanBytes: Math.round(storedSets.reduce((sum, bytes) => sum + bytes, 0) / storedSets.length),
      images: storedSets.length,
      measuredFrom: 'the public store',
    };
  }
  const sample = options.cards.slice(0, Math.max(1, options.sample));
  const sets: number[] = [];
  for (const [index, card] of sample.entries()) {
    let bytes = 0;
    // One at a time: the app's pool bounds its encoders, and a queue of misses would only wait there.
    for (const member of displaySet(card.storagePath, card.width))
      bytes += await fetchedSize(options.appBase, card, member);
    sets.push(bytes);
    log(`display sets: made ${index + 1}/${sample.length} through /i/ (none stored)`);
  }
  return {
    membersPerImage,
    meanBytes: Math.round(sets.reduce((sum, bytes) => sum + bytes, 0) / sets.length),
    images: sets.length,
    measuredFrom: '/i/ (no set stored: a sample made on request)',
  };
}
