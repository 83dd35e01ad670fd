import { parseFeed } from '@rowanmanning/feed-parser';
import { describe, expect, it } from 'vitest';
import { noFilter } from './feed-filter';
import type { FeedItem } from './feed-types';
import {
  syndicatedFilter,
  absoluteUrl,
  itemTitle,
  renderSyndication,
  servedSize,
  syndicationAlternates,
  syndicationContentType,
  syndicationPath,
  syndicationTitle,
} from './syndication';

const site = {
  publicUrl: 'https://vitrine.example',
  delivery: { provider: 'cloudflare' as const, assetBaseUrl: '' },
};
const fox: FeedItem = {
  id: '01900000-0000-7000-8000-000000000002',
  src: 'g/aa.jpg',
  width: 1024,
  height: 1536,
  blurhash: 'LEHV6nWB2yk8pyo0adR*.7kCMdnj',
  prompt: 'a fox & <hound>  in snow',
  model: 'Vitrine XL',
  author: 'ann',
  rating: 'general',
  publishedAt: '2026-01-02T03:04:05.123456Z',
};
const wide: FeedItem = {
  ...fox,
  id: '01900000-0000-7000-8000-000000000001',
  src: 'g/bb.png',
  width: 2400,
  height: 1600,
  prompt: 'dunes at dusk',
  model: 'Other',
  author: 'bo',
  publishedAt: '2026-01-01T00:00:00.000000Z',
};
const byModel = { ...noFilter, model: 'Vitrine XL' };
const foxHtml =
  '<p><a href="https://vitrine.example/g/01900000-0000-7000-8000-000000000002">' +
  '<img src="https://vitrine.example/i/w-1280/g/aa.jpg" width="1024" height="1536" alt="a fox &amp; &lt;hound&gt;  in snow"></a></p>' +
  '<p>a fox &amp; &lt;hound&gt;  in snow</p><p>Vitrine XL · by ann</p>';

describe('what a document carries', () => {
  it.each([
    [noFilter, { ...noFilter, rating: 'general' }],
    [
      { ...noFilter, q: 'fox' },
      { ...noFilter, q: 'fox', rating: 'general' },
    ],
    [
      { ...noFilter, rating: 'sensitive' },
      { ...noFilter, rating: 'sensitive' },
    ],
    [
      { ...noFilter, rating: 'general' },
      { ...noFilter, rating: 'general' },
    ],
  ] as const)('%j is read as %j', (filter, expected) => {
    expect(syndicatedFilter(filter)).toEqual(expected);
  });
});

describe('paths, titles and links', () => {
  it.each([
    ['rss', noFilter, '/feed.xml'],
    ['atom', byModel, '/feed.atom?model=Vitrine+XL'],
    [
      'json',
      { q: 'red fox', model: 'M', author: 'a&b', rating: null },
      '/feed.json?q=red+fox&model=M&author=a%26b',
    ],
  ] as const)('%s of %j is %s', (format, filter, path) => {
    expect(syndicationPath(format, filter)).toBe(path);
  });

  it('names the content types with a charset', () => {
    expect([
      syndicationContentType('rss'),
      syndicationContentType('atom'),
      syndicationContentType('json'),
    ]).toEqual([
      'application/rss+xml; charset=utf-8',
      'application/atom+xml; charset=utf-8',
      'application/feed+json; charset=utf-8',
    ]);
  });

  it('titles a filtered feed by its filter', () => {
    expect(syndicationTitle(noFilter)).toBe('Vitrine');
    expect(syndicationTitle({ q: 'fox', model: 'M', author: 'ann', rating: null })).toBe(
      'Vitrine · “fox” · M · by ann',
    );
  });

  it('gives the page one alternate link per format, for the same filter', () => {
    expect(syndicationAlternates(byModel)).toEqual({
      'application/rss+xml': [{ url: '/feed.xml?model=Vitrine+XL', title: 'Vitrine · Vitrine XL (RSS)' }],
      'application/atom+xml': [{ url: '/feed.atom?model=Vitrine+XL', title: 'Vitrine · Vitrine XL (Atom)' }],
      'application/feed+json': [
        { url: '/feed.json?model=Vitrine+XL', title: 'Vitrine · Vitrine XL (JSON Feed)' },
      ],
    });
  });

  it('makes the app-relative image URL absolute under PUBLIC_URL, and keeps an asset host URL', () => {
    expect(absoluteUrl('https://vitrine.example', '/i/w-1280/g/aa.jpg')).toBe(
      'https://vitrine.example/i/w-1280/g/aa.jpg',
    );
    expect(absoluteUrl('https://vitrine.example', 'https://img.example/i/w-1280/g/aa.jpg')).toBe(
      'https://img.example/i/w-1280/g/aa.jpg',
    );
  });

  it.each([
    ['short', 'short'],
    ['  spaced \n out  ', 'spaced out'],
    [`${'word '.repeat(30)}`, `${'word '.repeat(19)}word…`],
    [`${'abc '.repeat(24)}abcdefgh more`, `${'abc '.repeat(24)}…`.replace(' …', '…')],
  ])('titles an item %j as %j', (prompt, title) => {
    expect(itemTitle(prompt)).toBe(title);
  });

  it.each([
    [{ width: 1024, height: 1536 }, 1280, { width: 1024, height: 1536 }],
    [{ width: 1024, height: 1536 }, 960, { width: 960, height: 1440 }],
    [{ width: 2400, height: 1600 }, 1280, { width: 1280, height: 853 }],
    [{ width: 2400, height: 1600 }, 320, { width: 320, height: 213 }],
  ])('%j at w-%i is served at %j (never enlarged)', (item, rung, size) => {
    expect(servedSize(item, rung)).toEqual(size);
  });
});

describe('JSON Feed 1.1', () => {
  it('is the exact document', () => {
    expect(JSON.parse(renderSyndication('json', [fox, wide], byModel, site))).toEqual({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Vitrine · Vitrine XL',
      home_page_url: 'https://vitrine.example/?model=Vitrine+XL',
      feed_url: 'https://vitrine.example/feed.json?model=Vitrine+XL',
      description: 'Public AI generations on Vitrine: Vitrine XL',
      language: 'en',
      items: [
        {
          id: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000002',
          url: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000002',
          title: 'a fox & <hound> in snow',
          summary: 'a fox & <hound>  in snow',
          content_html: foxHtml,
          image: 'https://vitrine.example/i/w-1280/g/aa.jpg',
          date_published: '2026-01-02T03:04:05.123Z',
          date_modified: '2026-01-02T03:04:05.123Z',
          tags: ['Vitrine XL'],
          authors: [{ name: 'ann' }],
        },
        {
          id: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000001',
          url: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000001',
          title: 'dunes at dusk',
          summary: 'dunes at dusk',
          content_html:
            '<p><a href="https://vitrine.example/g/01900000-0000-7000-8000-000000000001">' +
            '<img src="https://vitrine.example/i/w-1280/g/bb.png" width="1280" height="853" alt="dunes at dusk"></a></p>' +
            '<p>dunes at dusk</p><p>Other · by bo</p>',
          image: 'https://vitrine.example/i/w-1280/g/bb.png',
          date_published: '2026-01-01T00:00:00.000Z',
          date_modified: '2026-01-01T00:00:00.000Z',
          tags: ['Other'],
          authors: [{ name: 'bo' }],
        },
      ],
    });
  });

  it('uses the asset host when one is configured', () => {
    const cdn = {
      ...site,
      delivery: { provider: 'cloudflare' as const, assetBaseUrl: 'https://img.example' },
    };
    const document = JSON.parse(renderSyndication('json', [fox], noFilter, cdn));
    expect(document.items[0].image).toBe('https://img.example/i/w-1280/g/aa.jpg');
    expect(document.home_page_url).toBe('https://vitrine.example/');
    expect(document.title).toBe('Vitrine');
  });
});

describe.each(['rss', 'atom'] as const)('%s, read back by a feed parser', (format) => {
  const text = renderSyndication(format, [fox, wide], byModel, site);
  const feed = parseFeed(text).toJSON();

  it('describes the filtered feed', () => {
    expect(feed.meta.type).toBe(format);
    expect(feed.title).toBe('Vitrine · Vitrine XL');
    expect(feed.url).toBe('https://vitrine.example/?model=Vitrine+XL');
    expect(feed.self).toBe(`https://vitrine.example${syndicationPath(format, byModel)}`);
    // The newest item's date, not the time of the render: the same items make the same bytes.
    expect(String(feed.updated).slice(0, 19)).toBe('2026-01-02T03:04:05');
  });

  it('carries each item: link, image, prompt, model, author and date, newest first', () => {
    expect(
      feed.items.map((item) => ({
        id: item.id,
        url: item.url,
        title: item.title,
        description: item.description,
        content: item.content,
        image: item.image?.url,
        media: item.media.map((media) => media.url),
        authors: item.authors.map((author) => author.name),
        categories: item.categories.map((category) => category.term),
        published: String(item.published).slice(0, 19),
      })),
    ).toEqual([
      {
        id: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000002',
        url: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000002',
        title: 'a fox & <hound> in snow',
        description: 'a fox & <hound>  in snow',
        // The parser decodes entities as it reads; the document itself carries them escaped (below).
        content: foxHtml.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
        // Atom's image travels in the content only (no enclosure, see below).
        ...(format === 'rss'
          ? {
              image: 'https://vitrine.example/i/w-1280/g/aa.jpg',
              media: ['https://vitrine.example/i/w-1280/g/aa.jpg'],
            }
          : { image: undefined, media: [] }),
        authors: ['ann'],
        categories: ['Vitrine XL'],
        published: '2026-01-02T03:04:05',
      },
      expect.objectContaining({
        url: 'https://vitrine.example/g/01900000-0000-7000-8000-000000000001',
        title: 'dunes at dusk',
        image: format === 'rss' ? 'https://vitrine.example/i/w-1280/g/bb.png' : undefined,
        authors: ['bo'],
        categories: ['Other'],
        published: '2026-01-01T00:00:00',
      }),
    ]);
  });

  it('escapes the prompt as HTML where the format reads HTML', () => {
    expect(text).toContain('a fox &amp; &lt;hound&gt; in snow]]>');
    expect(text).not.toContain('<hound>');
  });
});

describe('the image and the author in RSS', () => {
  const text = renderSyndication('rss', [fox, wide], noFilter, site);

  it('names no type or length for a negotiated image: no enclosure, Media RSS content instead', () => {
    expect(text).not.toContain('<enclosure');
    expect(text).toContain('<rss xmlns:media="http://search.yahoo.com/mrss/" ');
    expect(text).toContain(
      '<media:content url="https://vitrine.example/i/w-1280/g/aa.jpg" medium="image" width="1024" height="1536"/>',
    );
    expect(text).toContain(
      '<media:content url="https://vitrine.example/i/w-1280/g/bb.png" medium="image" width="1280" height="853"/>',
    );
  });

  it('puts the handle in dc:creator, never in <author> (an e-mail address in RSS)', () => {
    expect(text).not.toContain('<author>');
    expect(text).toContain('<dc:creator>ann</dc:creator>');
    expect(text).toContain('<dc:creator>bo</dc:creator>');
  });

  it('gives Atom no enclosure link either', () => {
    expect(renderSyndication('atom', [fox], noFilter, site)).not.toContain('rel="enclosure"');
  });
});

it('an empty feed is still a valid document of each format', () => {
  expect(parseFeed(renderSyndication('rss', [], noFilter, site)).items).toEqual([]);
  expect(parseFeed(renderSyndication('atom', [], noFilter, site)).items).toEqual([]);
  expect(JSON.parse(renderSyndication('json', [], noFilter, site)).items).toEqual([]);
});
