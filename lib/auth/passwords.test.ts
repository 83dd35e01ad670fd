import { describe, expect, it } from 'vitest';
import { createPasswordVerifier, hashPassword, passwordProblem } from './passwords';

describe('createPasswordVerifier', () => {
  it('checks a password against its hash, and an unknown account against the decoy (always false)', async () => {
    const verifier = createPasswordVerifier();
    const stored = await hashPassword('a long enough password');
    expect(await verifier.verify(stored, 'a long enough password')).toBe(true);
    expect(await verifier.verify(stored, 'another long password')).toBe(false);
    expect(await verifier.verify(null, 'a long enough password')).toBe(false);
    expect(await verifier.verify(null, 'not a real password, only spends the same time')).toBe(false);
  });
});

describe('passwordProblem', () => {
  it.each([
    ['x'.repeat(11), 'A password needs at least 12 characters.'],
    ['x'.repeat(12), null],
    ['x'.repeat(256), null],
    ['x'.repeat(257), 'A password has at most 256 characters.'],
  ])('%#', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });
});
