import { feedItems, gridStyle } from '../feed-items';

/**
 * The naive baseline (issue 11's `naive`): every card an `<img loading="lazy">` of the original, all
 * of them in the DOM, no width or height given — the gallery one writes first.
 */
export default function NaivePage() {
  return (
    <main style={gridStyle}>
      {feedItems().map((item) => (
        <figure key={item.id} data-item-id={item.id} style={{ margin: 0 }}>
          <img src={`/o/${item.src}`} alt="" loading="lazy" style={{ width: '100%', display: 'block' }} />
        </figure>
      ))}
    </main>
  );
}
