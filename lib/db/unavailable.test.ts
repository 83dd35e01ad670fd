import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable';

function withCode(code: string, message = 'failed'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED'), true],
    ['a reset connection', withCode('ECONNRESET'), true],
    [
      'Postgres shutting down',
      withCode('57P01', 'terminating connection due to administrator command'),
      true,
    ],
    ['a statement timeout', withCode('57014', 'canceling statement due to statement timeout'), true],
    ['a dropped connection', new Error('Connection terminated unexpectedly'), true],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect'), true],
    ['wrapped by drizzle', new Error('Failed query: select 1', { cause: withCode('ECONNREFUSED') }), true],
    ['a unique violation', withCode('23505', 'duplicate key value'), false],
    ['a syntax error', withCode('42601'), false],
    ['a plain bug', new TypeError('x is undefined'), false],
    ['not an error', 'ECONNREFUSED', false],
  ])('%s → %s', (_, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
