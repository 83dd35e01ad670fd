'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { feedHrefWith, MAX_QUERY_LENGTH } from '@/lib/feed/feed-filter';

/** Typing pauses this long before the feed follows. */
const DEBOUNCE_MS = 400;

/**
 * The header's search: words from the prompts. The search lives in the URL (`/?q=…`, keeping a
 * chosen model or author), so a link shares it, reload keeps it, and back/forward step through
 * searches. Typing searches after a pause, Enter at once, Esc clears.
 */
export function SearchBox() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = pathname === '/' ? (params.get('q') ?? '') : '';
  const [text, setText] = useState(current);
  const timer = useRef<number | undefined>(undefined);
  /** The search this box last sent: its arrival in the URL must not undo what was typed since. */
  const sent = useRef<string | null>(null);

  // Back/forward (or a chip) changed the URL: the box shows the search the feed shows.
  useEffect(() => {
    if (current !== sent.current) setText(current);
    sent.current = null;
  }, [current]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const search = (words: string) => {
    window.clearTimeout(timer.current);
    const q = words.replace(/\s+/g, ' ').trim();
    if (q === current.trim()) return;
    sent.current = q;
    router.push(feedHrefWith(new URLSearchParams(pathname === '/' ? params : ''), 'q', q || null));
  };

  return (
    <search className="search-box">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          search(text);
        }}
      >
        <input
          type="search"
          name="q"
          value={text}
          maxLength={MAX_QUERY_LENGTH}
          // Short enough for a phone's 112 px box; the label says what is searched.
          placeholder="Search"
          aria-label="Search prompts"
          autoComplete="off"
          onChange={(event) => {
            const value = event.target.value;
            setText(value);
            window.clearTimeout(timer.current);
            timer.current = window.setTimeout(() => search(value), DEBOUNCE_MS);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setText('');
              search('');
            }
          }}
        />
      </form>
    </search>
  );
}

/**
 * What the header shows before the URL is read (the cached head renders the box in the browser): the
 * box drawn as it will look, placeholder included, so nothing visibly pops in when the live box takes
 * its place. Not an input: what a visitor typed there would be lost when it is replaced.
 */
export function SearchBoxFallback() {
  return (
    <search className="search-box" aria-hidden="true">
      <div className="search-box-drawn">Search</div>
    </search>
  );
}
