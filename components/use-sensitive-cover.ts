import { useState, useSyncExternalStore } from 'react';

/**
 * Sensitive generations are drawn as their blurred placeholder until the visitor asks to see one,
 * or has chosen to see them all: a choice this browser remembers (localStorage), the same in every
 * tab at once. Before hydration (and on the server) nothing is shown: the HTML never holds a
 * sensitive image, so no setting can be wrong for a cached page.
 */
const STORAGE_KEY = 'vitrine.show-sensitive';
const listeners = new Set<() => void>();
/** Where storage is refused (some private modes), the choice holds for this page's life. */
let remembered: boolean | null = null;

function readSetting(): boolean {
  if (remembered !== null) return remembered;
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

const fromOtherTab = (event: StorageEvent) => {
  if (event.key === STORAGE_KEY) for (const listener of listeners) listener();
};

/** Every card subscribes; the window is listened to once, while anyone does. */
function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) window.addEventListener('storage', fromOtherTab);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('storage', fromOtherTab);
  };
}

export function setShowSensitive(show: boolean): void {
  try {
    if (show) window.localStorage.setItem(STORAGE_KEY, 'on');
    else window.localStorage.removeItem(STORAGE_KEY);
    remembered = null;
  } catch {
    remembered = show;
  }
  for (const listener of listeners) listener();
}

/** The visitor's "always show sensitive" choice; false on the server and during hydration. */
export function useShowSensitive(): boolean {
  return useSyncExternalStore(subscribe, readSetting, () => false);
}

/** Whether one item is still covered, and how the visitor uncovers it (this item, this page view). */
export function useSensitiveCover(rating: 'general' | 'sensitive') {
  const showAll = useShowSensitive();
  const [revealed, setRevealed] = useState(false);
  return { covered: rating === 'sensitive' && !showAll && !revealed, reveal: () => setRevealed(true) };
}
