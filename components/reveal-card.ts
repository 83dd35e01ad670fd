/**
 * The detail view, closing, asks the feed below it to show the card the visitor looked at last (after
 * ←/→ that may be far from the one opened): the feed scrolls only if that card is entirely off
 * screen, then focuses it. A window event, because the dialog and the feed are separate route slots.
 */
const REVEAL_EVENT = 'vitrine:reveal-card';

export function requestCardReveal(id: string): void {
  window.dispatchEvent(new CustomEvent<string>(REVEAL_EVENT, { detail: id }));
}

export function onCardRevealRequest(handler: (id: string) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<string>).detail);
  window.addEventListener(REVEAL_EVENT, listener);
  return () => window.removeEventListener(REVEAL_EVENT, listener);
}

/** Focuses the card of `id` once it is rendered (a scrolled-to row renders a frame or two later). */
export function focusCardWhenRendered(id: string, framesLeft = 30): void {
  const card = document.querySelector<HTMLElement>(`.feed [data-item-id="${CSS.escape(id)}"] > a`);
  if (card) card.focus({ preventScroll: true });
  else if (framesLeft > 0) requestAnimationFrame(() => focusCardWhenRendered(id, framesLeft - 1));
}
