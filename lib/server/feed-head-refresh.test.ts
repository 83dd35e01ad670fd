import { describe, expect, it } from 'vitest';
import { createAppSecret } from '@/lib/auth/app-secret';
import { FEED_HEAD_REFRESH_HEADER, isSignedRefresh } from './feed-head-refresh';

const secret = createAppSecret({ appSecret: 'a'.repeat(40), dataDir: '/nonexistent' });
const other = createAppSecret({ appSecret: 'b'.repeat(40), dataDir: '/nonexistent' });

describe('the feed head refresh route only takes this server’s own key', () => {
  it.each([
    ['this server’s key', secret.derive('feed-head-refresh'), true],
    ['another server’s key', other.derive('feed-head-refresh'), false],
    ['a key for another purpose', secret.derive('feed-cursor'), false],
    ['an empty header', '', false],
    ['no header', null, false],
  ])('%s → %s', (_name, value, accepted) => {
    const headers = new Headers();
    if (value !== null) headers.set(FEED_HEAD_REFRESH_HEADER, value);
    expect(isSignedRefresh(new Request('http://localhost/api/internal/feed-head', { headers }), secret)).toBe(
      accepted,
    );
  });
});
