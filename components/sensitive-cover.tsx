'use client';

import { blurhashAverageColor } from '@/lib/feed/blurhash-color';
import type { ImageDeliveryConfig } from '@/lib/images/providers';
import { type DetailPictureItem, detailPicture } from './detail-picture';
import { useBlurhashPreview } from './use-blurhash-preview';
import { setShowSensitive, useSensitiveCover, useShowSensitive } from './use-sensitive-cover';

/**
 * What a sensitive generation shows until the visitor asks: its blurhash, blurred further by CSS
 * (a 4×3 hash can still hint at a shape), and a "Show" button. No image element exists under it, so
 * nothing is requested.
 */
export function SensitiveCover({ blurhash, onShow }: { blurhash: string; onShow: () => void }) {
  const preview = useBlurhashPreview(blurhash, false);
  return (
    <div className="sensitive-cover" style={{ backgroundColor: blurhashAverageColor(blurhash) }}>
      <div
        className="sensitive-cover-blur"
        style={preview ? { backgroundImage: `url(${preview})` } : undefined}
        aria-hidden="true"
      />
      <button type="button" className="sensitive-show" onClick={onShow}>
        Sensitive · Show
      </button>
    </div>
  );
}

/**
 * The detail view's picture of a sensitive generation: its cover until the visitor asks. The `<img>`
 * is made here, in the browser: an image element rendered by a server component is announced to the
 * browser as a preload hint (React's `HL` row in the page's data), which would fetch the picture
 * before anyone asked; and its URLs are not in the page's data either.
 */
export function SensitivePicture({
  item,
  delivery,
}: {
  item: DetailPictureItem;
  delivery: ImageDeliveryConfig;
}) {
  const { covered, reveal } = useSensitiveCover('sensitive');
  if (covered) return <SensitiveCover blurhash={item.blurhash} onShow={reveal} />;
  // biome-ignore lint/a11y/useAltText: the attributes carry the alt text (detail-picture.ts).
  return <img {...detailPicture(item, delivery)} />;
}

/** The header's switch for "always show sensitive generations" (remembered in this browser). */
export function SensitiveToggle() {
  const showAll = useShowSensitive();
  return (
    <button
      type="button"
      className="sensitive-toggle"
      aria-pressed={showAll}
      title={showAll ? 'Sensitive generations are shown' : 'Sensitive generations are blurred'}
      onClick={() => setShowSensitive(!showAll)}
    >
      <span className="visually-hidden">Always show sensitive generations</span>
      <svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true">
        <path
          d="M1 8s2.5-5 7-5 7 5 7 5-2.5 5-7 5-7-5-7-5z"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        />
        <circle cx="8" cy="8" r="2.2" fill="currentColor" />
        {showAll ? null : <path d="M2 14 14 2" stroke="currentColor" strokeWidth="1.5" />}
      </svg>
    </button>
  );
}
