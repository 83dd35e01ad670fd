import { type NextRequest, NextResponse } from 'next/server';
import { env } from '@/lib/env';
import { parseFeedFilter } from '@/lib/feed/feed-filter';
import { feedHeadPath, servesCachedFeedHead } from '@/lib/feed/feed-head';
import { contentSecurityPolicy, originOf } from '@/lib/http/security-headers';
import { isDatabaseDown } from '@/lib/server/database-health';

const imageOrigins = [originOf(env.ASSET_BASE_URL), originOf(env.IMAGEKIT_URL_ENDPOINT)].filter(
  (origin): origin is string => origin !== null,
);

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);

/**
 * A short plain page answered by the proxy itself, never rendered or cached: a search that cannot be
 * one (400), or a moment without the database (503, which reloads itself).
 */
function plainPage(status: 400 | 503, heading: string, text: string, policy: string): NextResponse {
  const refresh = status === 503 ? '<meta http-equiv="refresh" content="5">' : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">${refresh}<title>${heading}</title></head>
<body style="font-family:system-ui;background:#0b0b0f;color:#eee;padding:2rem"><h1>${heading}</h1>
<p>${escapeHtml(text)}</p><p><a style="color:#9cf" href="/">Back to the feed</a></p></body></html>`;
  return new NextResponse(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(status === 503 ? { 'Retry-After': '5' } : {}),
      'Content-Security-Policy': policy,
    },
  });
}

/** The cached page that answers `/` for its query: every visitor of one URL gets one document. */
function feedHeadRewrite(url: URL): { path: string } | { problem: string } {
  try {
    return { path: feedHeadPath(parseFeedFilter(url.searchParams)) };
  } catch (error) {
    const issues = (error as { issues?: { message: string }[] }).issues;
    return { problem: issues?.map((issue) => issue.message).join('; ') ?? 'Malformed search.' };
  }
}

/**
 * Every page's Content-Security-Policy. A page rendered per request gets a fresh nonce: Next reads it
 * from the request's policy header and puts it on every script it writes. The cached feed head is
 * one copy for everyone and gets the nonce-less policy (lib/http/security-headers.ts). The other
 * security headers are static (next.config.ts). `/`, searches included, is rewritten to its cached
 * head page (lib/feed/feed-head.ts). While the database is unreachable, pages that need
 * it answer 503 at once instead of failing one by one (the cached head is still served).
 */
export function proxy(request: NextRequest) {
  const cachedHead = servesCachedFeedHead(request.nextUrl);
  const nonce = cachedHead ? null : btoa(crypto.randomUUID());
  const policy = contentSecurityPolicy({ nonce, imageOrigins, development: env.NODE_ENV === 'development' });
  if (!cachedHead && isDatabaseDown()) {
    const text = 'The database cannot be reached. This page tries again every few seconds.';
    return plainPage(503, 'Vitrine is unavailable for a moment', text, policy);
  }
  const requestHeaders = new Headers(request.headers);
  // Set or removed, never the client's own: a nonce a client chose must not reach a render.
  if (nonce) requestHeaders.set('Content-Security-Policy', policy);
  else requestHeaders.delete('Content-Security-Policy');
  let response: NextResponse;
  if (request.nextUrl.pathname === '/') {
    const head = feedHeadRewrite(request.nextUrl);
    if ('problem' in head)
      return plainPage(400, 'That is not a search Vitrine can run', head.problem, policy);
    response = NextResponse.rewrite(new URL(head.path, request.url), {
      request: { headers: requestHeaders },
    });
  } else {
    response = NextResponse.next({ request: { headers: requestHeaders } });
  }
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  // Documents only: images (/i/, /o/), JSON (/api/, its own policy), the feeds a reader follows
  // (/feed.xml, .atom, .json: answered in the error contract, like the API) and static files need none.
  matcher: [
    '/((?!api/|i/|o/|feed\\.xml|feed\\.atom|feed\\.json|_next/static/|_next/image|sw\\.js|icon\\.svg|favicon\\.ico).*)',
  ],
};
