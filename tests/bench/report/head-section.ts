/**
 * The feed's first page as every visitor gets it — `/`, the cached head (app/feed-head) a shared
 * cache may keep — against the same page rendered for every request (Next's draft-mode cookie, which
 * bypasses its page cache: a render and a query each time), side by side on the production build.
 * Used by the report's `api.head` and by `npm run bench:head`.
 */
import fs from 'node:fs';
import { throughput } from '../bench-server';

export interface FeedHeadResult {
  sharedCacheRps: number;
  perRequestRps: number;
  ratio: number;
  cacheControl: string;
  perRequestCacheControl: string;
  failed: { sharedCache: number; perRequest: number };
  htmlBytes: { sharedCache: number; perRequest: number };
}

export async function measureFeedHead(
  base: string,
  options: { connections: number; seconds: number; buildDir?: string },
): Promise<FeedHeadResult> {
  // Next renders a cached page afresh for a request carrying its draft-mode cookie (the build's id).
  const manifest = `${options.buildDir ?? '.next'}/prerender-manifest.json`;
  const { preview } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { preview: { previewModeId: string } };
  const bypass = { cookie: `__prerender_bypass=${preview.previewModeId}` };
  const cached = await fetch(`${base}/`);
  const rendered = await fetch(`${base}/`, { headers: bypass });
  const perRequestCacheControl = rendered.headers.get('cache-control') ?? '';
  if (perRequestCacheControl.includes('s-maxage')) {
    throw new Error('the bypass cookie was ignored: nothing per-request to compare with');
  }
  const [cachedHtml, renderedHtml] = [await cached.text(), await rendered.text()];
  // Warm both paths (JIT, the head's first render) before measuring.
  await throughput([`${base}/`], { connections: 4, seconds: 1 });
  await throughput([`${base}/`], { connections: 4, seconds: 1, headers: bypass });
  const head = await throughput([`${base}/`], options);
  const perRequest = await throughput([`${base}/`], { ...options, headers: bypass });
  return {
    sharedCacheRps: Math.round(head.rps),
    perRequestRps: Math.round(perRequest.rps),
    ratio: Math.round((head.rps / perRequest.rps) * 10) / 10,
    cacheControl: cached.headers.get('cache-control') ?? '',
    perRequestCacheControl,
    failed: { sharedCache: head.failed, perRequest: perRequest.failed },
    htmlBytes: { sharedCache: Buffer.byteLength(cachedHtml), perRequest: Buffer.byteLength(renderedHtml) },
  };
}
