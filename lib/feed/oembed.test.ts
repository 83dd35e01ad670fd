import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FeedItem } from './feed-types';
import { generationIdOf, oembedDiscoveryPath, oembedImage, oembedPhoto, parseOembedRequest } from './oembed';

const site = {
  publicUrl: 'https://vitrine.example',
  delivery: { provider: 'cloudflare' as const, assetBaseUrl: '' },
};
const id = '01900000-0000-7000-8000-000000000002';
const portrait: FeedItem = {
  id,
  src: 'g/aa.jpg',
  width: 1024,
  height: 1536,
  blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
  prompt: '  a fox\nin snow ',
  model: 'Vitrine XL',
  author: 'ann',
  rating: 'general',
  publishedAt: '2026-01-02T03:04:05.123456Z',
};

describe('parseOembedRequest', () => {
  it('reads url, maxwidth, maxheight and format (json by default)', () => {
    expect(parseOembedRequest(new URLSearchParams('url=https://x/g/1&maxwidth=600'))).toEqual({
      url: 'https://x/g/1',
      maxwidth: 600,
      format: 'json',
    });
    expect(parseOembedRequest(new URLSearchParams('url=u&maxheight=50&format=xml'))).toEqual({
      url: 'u',
      maxheight: 50,
      format: 'xml',
    });
  });

  it.each([
    ['', 'url: url is required'],
    ['url=', 'url: url is required'],
    ['url=a&url=b', 'url: url given twice'],
    ['url=a&maxwidth=wide', 'maxwidth: maxwidth must be a whole number of pixels'],
    ['url=a&maxwidth=0', 'maxwidth: maxwidth must be at least 1'],
    ['url=a&maxheight=1.5', 'maxheight: maxheight must be a whole number of pixels'],
    ['url=a&format=html', 'format: format must be json or xml'],
    [`url=${'a'.repeat(2049)}`, 'url: url is too long'],
  ])('refuses %j', (query, message) => {
    let error: unknown;
    try {
      parseOembedRequest(new URLSearchParams(query));
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(z.ZodError);
    const issue = (error as z.ZodError).issues[0]!;
    expect(`${issue.path.join('.')}: ${issue.message}`).toBe(message);
  });
});

describe('generationIdOf', () => {
  it.each([
    [`https://vitrine.example/g/${id}`, id],
    [`https://vitrine.example/g/${id}/`, id],
    [`https://vitrine.example/g/${id}?from=chat#top`, id],
    ['https://vitrine.example/g/not-a-uuid', 'not-a-uuid'],
    [`http://vitrine.example/g/${id}`, null],
    [`https://vitrine.example.evil/g/${id}`, null],
    [`https://evil.example/g/${id}`, null],
    [`https://vitrine.example:8443/g/${id}`, null],
    [`https://vitrine.example/i/w-640/g/${id}`, null],
    [`https://vitrine.example/g/${id}/more`, null],
    ['https://vitrine.example/g/', null],
    ['https://vitrine.example/', null],
    ['https://vitrine.example/g/%E0%A4%A', null],
    ['not a url', null],
    [`/g/${id}`, null],
  ])('%s names %s', (url, expected) => {
    expect(generationIdOf(url, site.publicUrl)).toBe(expected);
  });

  it('honours a PUBLIC_URL under a path', () => {
    expect(generationIdOf(`https://host.example/gallery/g/${id}`, 'https://host.example/gallery')).toBe(id);
    expect(generationIdOf(`https://host.example/g/${id}`, 'https://host.example/gallery')).toBeNull();
  });
});

describe('oembedImage', () => {
  it.each([
    // No limit: the detail rung, or the one above the source, at the source's own width.
    [{ width: 1024, height: 1536 }, {}, { rung: 1280, width: 1024, height: 1536 }],
    [{ width: 3000, height: 2000 }, {}, { rung: 1280, width: 1280, height: 853 }],
    [{ width: 3000, height: 2000 }, { maxwidth: 2000 }, { rung: 1920, width: 1920, height: 1280 }],
    [{ width: 3000, height: 2000 }, { maxwidth: 700 }, { rung: 640, width: 640, height: 427 }],
    [{ width: 1024, height: 1536 }, { maxwidth: 1024 }, { rung: 1280, width: 1024, height: 1536 }],
    [{ width: 1024, height: 1536 }, { maxwidth: 1023 }, { rung: 960, width: 960, height: 1440 }],
    // maxheight 500 on a 2:3 portrait: at most 333 wide.
    [{ width: 1024, height: 1536 }, { maxheight: 500 }, { rung: 320, width: 320, height: 480 }],
    [
      { width: 1024, height: 1536 },
      { maxwidth: 900, maxheight: 1000 },
      { rung: 640, width: 640, height: 960 },
    ],
    // Below the smallest rung: that rung, shown at the size that fits.
    [{ width: 1024, height: 1536 }, { maxwidth: 200 }, { rung: 320, width: 200, height: 300 }],
    // A source narrower than every rung keeps its own size.
    [{ width: 200, height: 100 }, {}, { rung: 320, width: 200, height: 100 }],
  ])('%j within %j is %j', (item, limits, expected) => {
    expect(oembedImage(item, limits)).toEqual(expected);
  });
});

describe('oembedPhoto', () => {
  it('is the exact oEmbed 1.0 photo', () => {
    expect(oembedPhoto(portrait, site, { url: 'u', format: 'json', maxwidth: 700 })).toEqual({
      version: '1.0',
      type: 'photo',
      url: 'https://vitrine.example/i/w-640/g/aa.jpg',
      width: 640,
      height: 960,
      title: 'a fox in snow',
      author_name: 'ann',
      provider_name: 'Vitrine',
      provider_url: 'https://vitrine.example/',
    });
  });

  it('points at the asset host when one is configured', () => {
    const cdn = {
      ...site,
      delivery: { provider: 'cloudflare' as const, assetBaseUrl: 'https://img.example' },
    };
    expect(oembedPhoto(portrait, cdn, { url: 'u', format: 'json' }).url).toBe(
      'https://img.example/i/w-1280/g/aa.jpg',
    );
  });

  it('is discovered from the page by a link naming the page itself', () => {
    expect(oembedDiscoveryPath(site.publicUrl, id)).toBe(
      `/api/oembed?url=https%3A%2F%2Fvitrine.example%2Fg%2F${id}&format=json`,
    );
  });
});
