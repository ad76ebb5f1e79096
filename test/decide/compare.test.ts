import { describe, expect, it } from 'vitest';
import { nearestRank, percentChange } from '../../src/decide/compare.js';

describe('percentChange: exact, half up, away from zero', () => {
  it.each([
    [10_000, 10_325, '+3.25'],
    [300, 301, '+0.33'],
    [200, 199, '-0.50'],
    [3, 2, '-33.33'],
    [8, 9, '+12.50'],
    [100_000_000, 100_000_004, '0.00'],
    [100, 100, '0.00'],
  ])('%d → %d is %s', (a, b, want) => {
    expect(percentChange(a, b)).toBe(want);
  });
  it('has no percentage of nothing', () => {
    expect(percentChange(0, 500)).toBeNull();
  });
  it('rounds a half up: 1/8 % = 0.125 → +0.13', () => {
    expect(percentChange(80_000, 80_100)).toBe('+0.13');
    expect(percentChange(80_000, 79_900)).toBe('-0.13');
  });
});

describe('nearestRank: a real amount, no interpolation', () => {
  const xs = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  it('p10, median, p90, min and max of ten values', () => {
    expect(nearestRank(xs, 10)).toBe(10);
    expect(nearestRank(xs, 50)).toBe(50);
    expect(nearestRank(xs, 90)).toBe(90);
    expect(nearestRank(xs, 0)).toBe(10);
    expect(nearestRank(xs, 100)).toBe(100);
    expect(nearestRank([5, 7, 9], 50)).toBe(7);
    expect(nearestRank([5, 7, 9, 11], 50)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });
});
