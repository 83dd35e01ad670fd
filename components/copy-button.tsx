'use client';

import { useState } from 'react';

/**
 * Puts `text` on the clipboard and says so for a moment. `path` instead of `text` copies this
 * origin's URL for it (read in the browser: the page may be served under any public host).
 */
export function CopyButton({ label, text, path }: { label: string; text?: string; path?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={async () => {
        await navigator.clipboard.writeText(path === undefined ? (text ?? '') : `${location.origin}${path}`);
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1500);
      }}
    >
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
}
