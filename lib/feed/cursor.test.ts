import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError } from './cursor';

const secret = 'test-secret-test-secret-test-secret!';
const position = { publishedAt: '2026-05-01T12:00:00.123456Z', id: '01897f3a-1b2c-7000-8000-000000000001' };
const cursor = encodeCursor(position, secret);

describe('feed cursor', () => {
  it('encodes to an exact, URL-safe opaque string', () => {
    expect(cursor).toBe(
      'ZmVlZC52MXwyMDI2LTA1LTAxVDEyOjAwOjAwLjEyMzQ1Nlp8MDE4OTdmM2EtMWIyYy03MDAwLTgwMDAtMDAwMDAwMDAwMDAx' +
        '.qfBs1hN9wwKGMQmKZqe0pg',
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
