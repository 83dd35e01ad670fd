'use client';

/**
 * What a visitor sees when a page could not be rendered (most often: the database is unreachable;
 * the pages after it answer 503 from proxy.ts until it is back). Says what happened and what to do.
 */
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="page-error" role="alert">
      <h1>This page could not be shown</h1>
      <p>Vitrine could not reach its data just now. It usually comes back within seconds.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
