import { describe, expect, it } from 'vitest';
import { cardRecipe, MAX_CARDS_PER_PHOTOGRAPH } from './derive-cards';

describe('cardRecipe', () => {
  it.each([
    [0, { left: 0, top: 0, width: 4000, height: 3000, mirrored: false }],
    [1, { left: 0, top: 0, width: 4000, height: 3000, mirrored: true }],
    [2, { left: 0, top: 0, width: 3600, height: 2700, mirrored: false }],
    [5, { left: 400, top: 0, width: 3600, height: 2700, mirrored: true }],
    [8, { left: 400, top: 300, width: 3600, height: 2700, mirrored: false }],
    [10, { left: 400, top: 300, width: 3200, height: 2400, mirrored: false }],
    [16, { left: 600, top: 450, width: 2800, height: 2100, mirrored: false }],
    [19, { left: 600, top: 0, width: 2800, height: 2100, mirrored: true }],
  ])('card %i of a 4000×3000 photograph', (k, expected) => {
    expect(cardRecipe(k, 4000, 3000)).toEqual(expected);
  });

  it('gives distinct crops for every card of a photograph', () => {
    const recipes = Array.from({ length: MAX_CARDS_PER_PHOTOGRAPH }, (_, k) =>
      JSON.stringify(cardRecipe(k, 3840, 2160)),
    );
    expect(new Set(recipes).size).toBe(MAX_CARDS_PER_PHOTOGRAPH);
  });

  it('refuses a card past the last crop', () => {
    expect(() => cardRecipe(MAX_CARDS_PER_PHOTOGRAPH, 3840, 2160)).toThrow('at most 20 cards');
  });
});
