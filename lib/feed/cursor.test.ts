import { describe, expect, it } from 'vitest';
import { CursorFilterMismatchError, decodeCursor, encodeCursor, InvalidCursorError } from './cursor';

const secret = 'test-secret-test-secret-test-secret!';
const position = { publishedAt: '2026-05-01T12:00:00.123456Z', id: '01897f3a-1b2c-7000-8000-000000000001' };
const cursor = encodeCursor(position, secret);

describe('feed cursor', () => {
  it('encodes to an exact, URL-safe opaque string', () => {
    expect(cursor).toBe(
      'ZmVlZC52MnwyMDI2LTA1LTAxVDEyOjAwOjAwLjEyMzQ1Nlp8MDE4OTdmM2EtMWIyYy03MDAwLTgwMDAtMDAwMDAwMDAwMDAxfA' +
        '.nee2buMiomqR7gQodqFfGw',
    );
    const [body = ''] = cursor.split('.');
    expect(Buffer.from(body, 'base64url').toString()).toBe(
      'feed.v2|2026-05-01T12:00:00.123456Z|01897f3a-1b2c-7000-8000-000000000001|',
    );
  });

  it('binds a cursor to the search it was issued for', () => {
    const dune = JSON.stringify(['dune', null, null]);
    const searched = encodeCursor(position, secret, dune);
    const [body = ''] = searched.split('.');
    // 12 characters of the filter's SHA-256: the filter itself is not readable from the cursor.
    expect(Buffer.from(body, 'base64url').toString()).toBe(
      'feed.v2|2026-05-01T12:00:00.123456Z|01897f3a-1b2c-7000-8000-000000000001|C1BcgLSlzzms',
    );
    expect(decodeCursor(searched, secret, dune)).toEqual(position);
    for (const other of ['', JSON.stringify(['dunes', null, null]), JSON.stringify(['dune', 'SDXL', null])]) {
      expect(() => decodeCursor(searched, secret, other)).toThrow(CursorFilterMismatchError);
    }
    expect(() => decodeCursor(cursor, secret, dune)).toThrow(
      expect.objectContaining({ code: 'cursor_filter_mismatch', status: 400 }),
    );
  });

  it('round-trips microsecond timestamps exactly', () => {
    expect(decodeCursor(cursor, secret)).toEqual(position);
  });

  const [payload = '', signature = ''] = cursor.split('.');
  const flip = (text: string, at: number) =>
    text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  const forged = (text: string) => {
    const body = Buffer.from(text).toString('base64url');
    return `${body}.${encodeCursor(position, 'another-secret-another-secret-12').split('.')[1]}`;
  };

  it.each([
    ['empty', ''],
    ['no signature', payload],
    ['truncated signature', `${payload}.${signature.slice(0, 10)}`],
    ['truncated payload', `${payload.slice(0, -4)}.${signature}`],
    ['tampered payload', `${flip(payload, 30)}.${signature}`],
    ['tampered signature', `${payload}.${flip(signature, 3)}`],
    ['extra segment', `${cursor}.x`],
    ['signed with another secret', encodeCursor(position, 'another-secret-another-secret-12')],
    ['foreign payload with a forged mac', forged('studio.v1|2026-05-01T12:00:00.123456Z|x')],
    ['garbage', '%%%.***'],
    // Buffer's base64url decoder skips characters outside the alphabet: these would decode to the
    // very same payload and MAC, so they are refused by shape before decoding.
    ['padded', `${payload}=.${signature}`],
    ['with junk inside', `${payload.slice(0, 8)}!${payload.slice(8)}.${signature}`],
    ['with whitespace', ` ${cursor}`],
    ['a standard-base64 signature', `${payload}.${signature.replace(/[-_]/g, '+')}+`],
    ['far too long', `${'A'.repeat(4000)}.${signature}`],
  ])('rejects a cursor that is %s', (_label, bad) => {
    expect(() => decodeCursor(bad, secret)).toThrow(InvalidCursorError);
  });

  it('names the reason: too long, or malformed', () => {
    expect(() => decodeCursor('A'.repeat(257), secret)).toThrow('Invalid cursor: too long');
    expect(() => decodeCursor(`${payload}=.${signature}`, secret)).toThrow('Invalid cursor: malformed');
  });

  it('rejects a validly signed cursor whose timestamp lost its microseconds', () => {
    const millisecondCursor = encodeCursor({ publishedAt: '2026-05-01T12:00:00Z', id: position.id }, secret);
    expect(() => decodeCursor(millisecondCursor, secret)).toThrow(InvalidCursorError);
  });
});
