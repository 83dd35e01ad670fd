import { expect, test } from './fixtures';

/** Issue 30, "A showcase people enjoy, second round": each defect reproduced in the running app first. */

test('an unknown /api/ path answers the error contract in JSON, for every method', async ({ request }) => {
  for (const method of ['GET', 'POST', 'DELETE'] as const) {
    const response = await request.fetch('/api/nothing/here?x=1', { method });
    expect(response.status(), method).toBe(404);
    expect(response.headers()['content-type']).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: {
        code: 'not_found',
        message: 'No API route at /api/nothing/here. The routes are listed in /api/openapi.json.',
      },
    });
  }
});

test('RSS names its author in dc:creator and its image without a type or length it cannot know', async ({
  request,
}) => {
  const text = await (await request.get('/feed.xml')).text();
  const items = text.split('<item>').slice(1);
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(item).not.toContain('<author>');
    expect(item).not.toContain('<enclosure');
    expect(item).toMatch(/<dc:creator>[^<]+<\/dc:creator>/);
    const media = item.match(/<media:content url="([^"]+)" medium="image" width="\d+" height="\d+"\/>/);
    expect(media, item).not.toBeNull();
    // The URL is negotiated: what an AVIF-accepting reader gets is AVIF, which no fixed type could say.
    const image = await request.get(new URL(media![1]!).pathname, { headers: { Accept: 'image/avif,*/*' } });
    expect(image.headers()['content-type']).toBe('image/avif');
    break;
  }
});
