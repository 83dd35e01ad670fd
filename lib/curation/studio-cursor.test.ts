import { describe, expect, it } from 'vitest';
import { decodeStudioCursor, encodeStudioCursor } from './studio-cursor';

const position = { createdAt: '2026-12-06T21:40:00.123456Z', id: '01a24d23-a650-7037-bd96-2dbaa89a4c92' };
const raw = (text: string) => Buffer.from(text).toString('base64url');

describe('the studio cursor', () => {
  it('round-trips a position exactly', () => {
    const cursor = encodeStudioCursor(position);
    expect(cursor).toBe(
      'MjAyNi0xMi0wNlQyMTo0MDowMC4xMjM0NTZafDAxYTI0ZDIzLWE2NTAtNzAzNy1iZDk2LTJkYmFhODlhNGM5Mg',
    );
    expect(decodeStudioCursor(cursor)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no separator', raw('2026-12-06T21:40:00.123456Z')],
    ['milliseconds only', raw('2026-12-06T21:40:00.123Z|01a24d23-a650-7037-bd96-2dbaa89a4c92')],
    ['not a uuid', raw('2026-12-06T21:40:00.123456Z|nope')],
    ['an upper-case uuid', raw('2026-12-06T21:40:00.123456Z|01A24D23-A650-7037-BD96-2DBAA89A4C92')],
    ['a third part', raw('2026-12-06T21:40:00.123456Z|01a24d23-a650-7037-bd96-2dbaa89a4c92|x')],
    ['SQL', raw("2026-12-06T21:40:00.123456Z'); drop table generations;--|x")],
    ['too long', 'A'.repeat(121)],
  ])('refuses %s', (_label, cursor) => {
    expect(decodeStudioCursor(cursor)).toBeNull();
  });
});
