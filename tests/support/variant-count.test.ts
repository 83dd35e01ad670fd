import { describe, expect, it } from 'vitest';
import {
  APP_BILLABLE_TRANSFORMATIONS_PER_SOURCE,
  APP_VARIANTS_PER_SOURCE,
  BILLABLE_TRANSFORMATIONS_PER_SOURCE,
  VARIANTS_PER_SOURCE,
} from './variant-count';

describe('variant counts (docs/image-delivery.md quotes these)', () => {
  it('5 widths × 5 qualities × (11 ratios + source) × 4 formats', () => {
    expect(VARIANTS_PER_SOURCE).toBe(1200);
    expect(BILLABLE_TRANSFORMATIONS_PER_SOURCE).toBe(300);
    expect(APP_VARIANTS_PER_SOURCE).toBe(20);
    expect(APP_BILLABLE_TRANSFORMATIONS_PER_SOURCE).toBe(5);
  });
});
