import Image from 'next/image';
import { feedItems, gridStyle } from '../feed-items';

/**
 * The Next baseline (issue 11's `nextImage`): what a Next developer writes — `<Image>` with the
 * default loader (`/_next/image`, AVIF and WebP on, next.config.ts), intrinsic sizes from the stored
 * width and height, `sizes` telling the browser a card is a third of the viewport, lazy by default,
 * every card in the DOM.
 */
export default function NextImagePage() {
  return (
    <main style={gridStyle}>
      {feedItems().map((item) => (
        <figure key={item.id} data-item-id={item.id} style={{ margin: 0 }}>
          <Image
            src={`/o/${item.src}`}
            alt=""
            width={item.width}
            height={item.height}
            sizes="33vw"
            style={{ width: '100%', height: 'auto', display: 'block' }}
          />
        </figure>
      ))}
    </main>
  );
}
