/**
 * Every other route clears the modal slot. A soft navigation keeps a slot's last page when the new
 * URL has no page for it (default.tsx is for hard loads only), so a filter link followed from the
 * open dialog (`/?model=…`, rewritten to `/feed-head/…` by proxy.ts) would leave the dialog open
 * over the filtered feed. Next's documented fix: a catch-all in the slot rendering nothing.
 */
export default function NoModal() {
  return null;
}
