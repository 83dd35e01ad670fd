import { describe, expect, it } from 'vitest';
import { normalizedPathname } from './request-path';

describe('normalizedPathname', () => {
  it.each([
    ['/i/w-640/g/a.jpg', '/i/w-640/g/a.jpg'],
    ['/i/w-640/g/x/../a.jpg', '/i/w-640/g/a.jpg'],
    ['/i/w-640/g/x/%2e%2e/a.jpg', '/i/w-640/g/a.jpg'],
    ['/i/w-640/g\\a.jpg', '/i/w-640/g/a.jpg'],
    ['/i/w-640/g%2fa.jpg', '/i/w-640/g%2fa.jpg'],
    ['/i/w-640/g/a.jpg?x=1#y', '/i/w-640/g/a.jpg'],
    // Origin-form targets starting with `//` are paths, not hosts.
    ['//evil.example/i/w-640/g/a.jpg', '//evil.example/i/w-640/g/a.jpg'],
    ['http://localhost:3000/i/w-640/g/a.jpg', '/i/w-640/g/a.jpg'],
  ])('%s → %s', (target, pathname) => {
    expect(normalizedPathname(target)).toBe(pathname);
  });
});
