import Link from 'next/link';

/**
 * Every 404 of the app (an unknown URL through app/[...catchAll], `/g/<id>` of nothing public): inside
 * the root layout, in the site's own theme. Next's built-in page brings its own light stylesheet,
 * which on this dark layout left a white page under a grey header.
 */
export default function NotFound() {
  return (
    <section className="not-found">
      <h1>Nothing here</h1>
      <p>This page does not exist, or the generation is no longer public.</p>
      <p>
        <Link href="/">Back to the feed</Link>
      </p>
    </section>
  );
}
