import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Exact, plainNumberText } from '../../src/rules/exact.js';
import { fen, formatYuan, roundHalfUpToUnit, sumFen, unitFen, yuanToFen } from '../../src/rules/money.js';

/** rules.md §0: ratios, scores and points are exact decimals; money is integer fen, rounded half up once. */

const nd = (e: Exact) => [e.n, e.d];

describe('Exact.parse reads decimal text exactly', () => {
  it.each([
    ['0.9', 9n, 10n],
    ['1.0', 1n, 1n],
    ['86.50', 173n, 2n],
    ['-3', -3n, 1n],
    ['+5', 5n, 1n],
    ['.5', 1n, 2n],
    ['1.', 1n, 1n],
    [' 0.7 ', 7n, 10n],
    ['0.333', 333n, 1000n],
    ['-0.125', -1n, 8n],
    ['00012.3400', 617n, 50n],
  ] as const)('"%s" is %i/%i in lowest terms', (text, n, d) => {
    expect(nd(Exact.parse(text))).toEqual([n, d]);
  });

  it.each(['1e2', '1,000', 'abc', '0.9.1', '--1', '１'])('refuses "%s" with a SyntaxError', (text) => {
    expect(() => Exact.parse(text)).toThrow(SyntaxError);
    expect(Exact.tryParse(text)).toBeNull();
  });

  // Text with no digit at all must not read as 0: a blank 拟定比例 or 个人加减分 would become 0.
  it.each(['', ' ', '.', '-', '+', '-.'])(
    'refuses "%s", which has no digit, instead of reading it as 0',
    (text) => {
      expect(Exact.tryParse(text)).toBeNull();
      expect(() => Exact.parse(text)).toThrow(SyntaxError);
    },
  );

  it('keeps 0.1 + 0.2 equal to 0.3, as floats do not', () => {
    expect(Exact.parse('0.1').add(Exact.parse('0.2')).eq(Exact.parse('0.3'))).toBe(true);
  });
});

describe('Exact.fromNumber reads a number as the spreadsheet shows it', () => {
  it('reads 0.9 as 9/10, not as the nearest binary fraction', () => {
    expect(nd(Exact.fromNumber(0.9))).toEqual([9n, 10n]);
    expect(Exact.fromNumber(0.9).eq(Exact.parse('0.9'))).toBe(true);
  });

  it.each([
    [0.7, '0.7'],
    [86.5, '86.5'],
    [12, '12'],
    [-0.25, '-0.25'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [0.1 + 0.2, '0.30000000000000004'],
  ] as const)('reads %d as the decimal %s', (x, text) => {
    expect(Exact.fromNumber(x).toString()).toBe(text);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses %d', (x) => {
    expect(() => Exact.fromNumber(x)).toThrow(RangeError);
  });

  it('writes exponent notation out in plain digits', () => {
    expect(plainNumberText(1.5e-9)).toBe('0.0000000015');
    expect(plainNumberText(-2.5e22)).toBe('-25000000000000000000000');
  });

  it('round-trips any double through its shortest decimal text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Number(Exact.fromNumber(x).toString())).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Exact.roundHalfUp and toFixed round half up (四舍五入), away from zero for negatives', () => {
  it.each([
    ['2.5', 3n],
    ['2.4999', 2n],
    ['3.5', 4n],
    ['-2.5', -3n],
    ['-2.4', -2n],
    ['-2.6', -3n],
    ['0.5', 1n],
    ['-0.5', -1n],
    ['7', 7n],
  ] as const)('%s rounds to %i', (text, want) => {
    expect(Exact.parse(text).roundHalfUp()).toBe(want);
  });

  it.each([
    ['86.5', 2, '86.50'],
    ['80.005', 2, '80.01'],
    ['80.00499', 2, '80.00'],
    ['-0.005', 2, '-0.01'],
    ['-0.004', 2, '0.00'],
    ['-1.235', 2, '-1.24'],
    ['0.05', 1, '0.1'],
    ['1234.5', 0, '1235'],
    ['0', 3, '0.000'],
  ] as const)('%s to %i places is "%s"', (text, places, want) => {
    expect(Exact.parse(text).toFixed(places)).toBe(want);
  });

  it('rounds 1/3 and 2/3 to two places as 0.33 and 0.67', () => {
    expect(Exact.of(1, 3).toFixed(2)).toBe('0.33');
    expect(Exact.of(2, 3).toFixed(2)).toBe('0.67');
    expect(Exact.of(2, 3).roundTo(2).eq(Exact.parse('0.67'))).toBe(true);
  });

  it('floors towards minus infinity and keeps the fractional part in [0, 1)', () => {
    expect(Exact.parse('2.7').floor()).toBe(2n);
    expect(Exact.parse('-2.3').floor()).toBe(-3n);
    expect(Exact.parse('-2.3').frac().toString()).toBe('0.7');
    expect(Exact.parse('-4').floor()).toBe(-4n);
  });
});

describe('Exact.toString writes the shortest exact decimal', () => {
  it.each([
    [1431n, 5n, '286.2'],
    [195n, 1n, '195'],
    [826686n, 125n, '6613.488'],
    [1n, 8n, '0.125'],
    [-1n, 2n, '-0.5'],
    [1n, 40n, '0.025'],
    [0n, 1n, '0'],
    // Not a terminating decimal: 10 places, rounded half up, trailing zeros dropped.
    [1n, 3n, '0.3333333333'],
    [2n, 3n, '0.6666666667'],
    [-1n, 3n, '-0.3333333333'],
    [1n, 30000000000n, '0'],
  ] as const)('the exact %i/%i is written "%s"', (n, d, want) => {
    const e = Exact.of(n, d);
    expect(e.toString()).toBe(want);
    expect(JSON.stringify({ e })).toBe(`{"e":"${want}"}`);
  });

  it('writes a parsed "-0" and "286.20" as "0" and "286.2"', () => {
    expect(Exact.parse('-0').toString()).toBe('0');
    expect(Exact.parse('286.20').toString()).toBe('286.2');
  });
});

describe('Exact arithmetic is exact', () => {
  it('computes the worked example points 0.9 × 12 × 26.5 = 286.2 and 0.7 × 7 × 26.5 = 129.85', () => {
    const f = Exact.parse('86.50').sub(Exact.of(60));
    expect(Exact.parse('0.9').mul(Exact.of(12)).mul(f).toString()).toBe('286.2');
    expect(Exact.parse('0.7').mul(Exact.of(7)).mul(f).toString()).toBe('129.85');
  });

  it('compares, adds, divides and refuses division by zero', () => {
    expect(Exact.of(1, 3).add(Exact.of(1, 6)).eq(Exact.of(1, 2))).toBe(true);
    expect(Exact.of(3, 4).cmp(Exact.of(2, 3))).toBe(1);
    expect(Exact.of(2, 3).lt(Exact.of(3, 4))).toBe(true);
    expect(Exact.parse('0.9').max(Exact.parse('0.7')).toString()).toBe('0.9');
    expect(Exact.of(1).div(Exact.of(7)).mul(Exact.of(7)).eq(Exact.ONE)).toBe(true);
    expect(() => Exact.ONE.div(Exact.ZERO)).toThrow(RangeError);
    expect(() => Exact.of(1, 0)).toThrow(RangeError);
  });

  it('keeps n/d in lowest terms with a positive denominator', () => {
    fc.assert(
      fc.property(
        fc.bigInt(-(10n ** 12n), 10n ** 12n),
        fc.bigInt(1n, 10n ** 9n),
        fc.boolean(),
        (n, d, neg) => {
          const e = Exact.of(n, neg ? -d : d);
          expect(e.d > 0n).toBe(true);
          const g = (a: bigint, b: bigint): bigint => (b === 0n ? a : g(b, a % b));
          expect(g(e.n < 0n ? -e.n : e.n, e.d)).toBe(1n);
          // Same value: n/d = e.n/e.d ⇔ n·e.d = e.n·d (with the sign moved to the numerator).
          expect(n * e.d * (neg ? -1n : 1n)).toBe(e.n * d);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('money is integer fen, rounded half up to the policy unit', () => {
  it.each([
    // 1000 yuan × 1/7 = 142.857… yuan = 14285.714… fen.
    [100000n, 7n, 'fen', 14286],
    [100000n, 7n, 'jiao', 14290],
    [100000n, 7n, 'yuan', 14300],
    // Exactly half a unit goes up.
    [28501n, 2n, 'fen', 14251],
    [14245n, 1n, 'jiao', 14250],
    [14244n, 1n, 'jiao', 14240],
    [14250n, 1n, 'yuan', 14300],
    [14249999n, 1000n, 'yuan', 14200],
    [0n, 1n, 'yuan', 0],
  ] as const)('the exact amount %i/%i fen rounds to the %s as %i fen', (n, d, unit, want) => {
    expect(roundHalfUpToUnit(Exact.of(n, d), unit)).toBe(want);
  });

  it('counts 1, 10 and 100 fen to the fen, jiao and yuan', () => {
    expect([unitFen('fen'), unitFen('jiao'), unitFen('yuan')]).toEqual([1n, 10n, 100n]);
  });

  it('makes fen only from safe integers', () => {
    expect(fen(12)).toBe(12);
    expect(fen(12n)).toBe(12);
    expect(() => fen(0.5)).toThrow(RangeError);
    expect(() => fen(2 ** 53)).toThrow(RangeError);
    expect(() => fen(2n ** 60n)).toThrow(RangeError);
  });

  it('turns yuan into fen only when it is a whole number of fen', () => {
    expect(yuanToFen(Exact.parse('700'))).toBe(70000);
    expect(yuanToFen(Exact.parse('898.33'))).toBe(89833);
    expect(yuanToFen(Exact.parse('0.005'))).toBeNull();
  });

  it('writes fen as yuan with two decimals and thousands separators', () => {
    expect(formatYuan(231583)).toBe('2,315.83');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-123456)).toBe('-1,234.56');
    expect(formatYuan(123456789, false)).toBe('1234567.89');
    expect(sumFen([1, 2, 3])).toBe(6);
  });

  it('never moves an amount by more than half a unit when rounding', () => {
    fc.assert(
      fc.property(
        fc.bigInt(0n, 10n ** 10n),
        fc.bigInt(1n, 1000n),
        fc.constantFrom('fen', 'jiao', 'yuan'),
        (n, d, unit) => {
          const x = Exact.of(n, d);
          const r = roundHalfUpToUnit(x, unit);
          const u = Number(unitFen(unit));
          expect(r % u).toBe(0);
          const diff = Exact.of(r).sub(x);
          // −u/2 < r − x ≤ u/2 (half goes up).
          expect(diff.gt(Exact.of(-u, 2))).toBe(true);
          expect(diff.le(Exact.of(u, 2))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
