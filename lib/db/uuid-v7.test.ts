import { describe, expect, it } from 'vitest';
import { uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('encodes the millisecond timestamp in the first 48 bits with version 7 and RFC variant', () => {
    const id = uuidV7(0x0189_7f3a_1b2c);
    expect(id).toMatch(/^01897f3a-1b2c-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by creation time as a string', () => {
    const ids = [uuidV7(1_700_000_000_000), uuidV7(1_700_000_000_001), uuidV7(1_800_000_000_000)];
    expect([...ids].sort()).toEqual(ids);
  });
});
