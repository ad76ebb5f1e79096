import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AllocationItem, allocateLargestRemainder } from '../../src/rules/allocate.js';
import { Exact } from '../../src/rules/exact.js';
import { idFrom } from '../helpers/records.js';

/** rules.md §5: the largest-remainder method, in rounding units, Σ reward = P exactly. */

const ID1 = idFrom('37108219700101001');
const ID2 = idFrom('37108219700101002');
const ID3 = idFrom('37108219700101003');

let seq = 0;
function row(points: string, idNumber = ID1, roleOrder = 0): AllocationItem {
  return { points: Exact.parse(points), idNumber, roleOrder, seq: seq++ };
}

const units = (pool: bigint, items: AllocationItem[]) => allocateLargestRemainder(pool, items).units;

describe('the largest-remainder allocation by example', () => {
  it('gives 10 units over points 1 and 2 as 3 and 7: floors 3.33 → 3 and 6.67 → 6, the one left to the larger fraction', () => {
    expect(units(10n, [row('1', ID1), row('2', ID2)])).toEqual([3n, 7n]);
  });

  it('gives the left-over unit to the larger fraction even when its points are smaller (3 units over 1 and 3: 0.75 beats 2.25)', () => {
    const a = allocateLargestRemainder(3n, [row('1', ID2), row('3', ID1)]);
    expect(a.units).toEqual([1n, 2n]);
    expect(a.bonus).toEqual([1, 0]);
    expect(a.ideal.map((x) => x.toString())).toEqual(['0.75', '2.25']);
  });

  it('breaks a tie of fractions by larger points: 2 units over 1 and 3 give ideals 0.5 and 1.5, the unit goes to the 3-point row', () => {
    // ID order would favour the 1-point row (ID1 < ID2): points come first.
    expect(units(2n, [row('1', ID1), row('3', ID2)])).toEqual([0n, 2n]);
  });

  it('breaks a tie of fractions and points by ID number ascending: 10 units over three equal rows go 3, 4, 3 to the smallest ID', () => {
    expect(units(10n, [row('1', ID2), row('1', ID1), row('1', ID3)])).toEqual([3n, 4n, 3n]);
  });

  it('compares ID numbers as text, so a check digit X sorts after the digits', () => {
    const withX = '11010519491231002X';
    const with9 = '110105194912310029';
    expect(units(1n, [row('1', withX), row('1', with9)])).toEqual([0n, 1n]);
  });

  it('breaks a tie of fractions, points and ID by role order (书记 before 主任 before 会计)', () => {
    // One person holding two posts paid under `concurrent_posts: sum`.
    expect(units(1n, [row('1', ID1, 2), row('1', ID1, 0)])).toEqual([0n, 1n]);
    expect(units(2n, [row('1', ID1, 2), row('1', ID1, 1), row('1', ID1, 0)])).toEqual([0n, 1n, 1n]);
  });

  it('allocates the worked example: 231,583 fen over 318, 286.2, 129.85 and 144 points', () => {
    const a = allocateLargestRemainder(231583n, [
      row('318', ID1),
      row('286.2', ID2),
      row('129.85', ID3),
      row('144'),
    ]);
    // Ideals 83,871.53 / 75,484.37 / 34,247.54 / 37,979.56; floors sum to 231,581; .54 and .56 get the 2 fen.
    expect(a.units).toEqual([83871n, 75484n, 34248n, 37980n]);
    expect(a.ideal.map((x) => x.toFixed(2))).toEqual(['83871.53', '75484.37', '34247.54', '37979.56']);
    expect(a.remainder).toBe(0n);
  });

  it('gives zero-point rows nothing and the rest to the others', () => {
    expect(units(100n, [row('0', ID1), row('5', ID2), row('0', ID3)])).toEqual([0n, 100n, 0n]);
  });

  it('hands out nothing when Σ points = 0 and reports the whole pool as remainder', () => {
    const a = allocateLargestRemainder(231583n, [row('0', ID1), row('0', ID2)]);
    expect(a.units).toEqual([0n, 0n]);
    expect(a.bonus).toEqual([0, 0]);
    expect(a.remainder).toBe(231583n);
  });

  it('reports the whole pool as remainder when there is nobody to take it', () => {
    expect(allocateLargestRemainder(700n, []).remainder).toBe(700n);
  });

  it('allocates an empty pool as zeros', () => {
    const a = allocateLargestRemainder(0n, [row('3', ID1), row('4', ID2)]);
    expect(a.units).toEqual([0n, 0n]);
    expect(a.remainder).toBe(0n);
  });

  it('refuses a negative pool or negative points', () => {
    expect(() => allocateLargestRemainder(-1n, [row('1')])).toThrow(RangeError);
    expect(() => allocateLargestRemainder(1n, [row('-1')])).toThrow(RangeError);
  });
});

/** Points as whole hundredths (like 129.85), IDs from a small set so ties happen. */
const itemsArb = fc.array(
  fc.record({
    hundredths: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(0, 100, 2650, 31800)),
    id: fc.constantFrom(ID1, ID2, ID3),
    roleOrder: fc.integer({ min: 0, max: 2 }),
  }),
  { minLength: 1, maxLength: 25 },
);
const poolArb = fc.bigInt(0n, 5_000_000n);

function toItems(xs: { hundredths: number; id: string; roleOrder: number }[]): AllocationItem[] {
  return xs.map((x, i) => ({
    points: Exact.of(x.hundredths, 100),
    idNumber: x.id,
    roleOrder: x.roleOrder,
    seq: i,
  }));
}

describe('the largest-remainder allocation, for any pool and points', () => {
  it('hands out the whole pool exactly when Σ points > 0, and none of it otherwise', () => {
    fc.assert(
      fc.property(poolArb, itemsArb, (pool, xs) => {
        const a = allocateLargestRemainder(pool, toItems(xs));
        const sum = a.units.reduce((s, u) => s + u, 0n);
        const anyPoints = xs.some((x) => x.hundredths > 0);
        expect(sum + a.remainder).toBe(pool);
        expect(a.remainder).toBe(anyPoints ? 0n : pool);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every row floor(ideal) or floor(ideal) + 1 units, computed here in integers', () => {
    fc.assert(
      fc.property(poolArb, itemsArb, (pool, xs) => {
        const total = xs.reduce((s, x) => s + BigInt(x.hundredths), 0n);
        fc.pre(total > 0n);
        const a = allocateLargestRemainder(pool, toItems(xs));
        xs.forEach((x, i) => {
          const floor = (pool * BigInt(x.hundredths)) / total;
          const u = a.units[i] as bigint;
          expect(u === floor || u === floor + 1n).toBe(true);
          // Only a row with a fractional part gets a left-over unit.
          if ((pool * BigInt(x.hundredths)) % total === 0n) expect(u).toBe(floor);
        });
        // The k = P − Σ floor left-over units go one each to k rows.
        const floors = xs.reduce((s, x) => s + (pool * BigInt(x.hundredths)) / total, 0n);
        expect(BigInt(a.bonus.filter((b) => b === 1).length)).toBe(pool - floors);
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a row with more points fewer units, nor equal points units that differ by more than one', () => {
    fc.assert(
      fc.property(poolArb, itemsArb, (pool, xs) => {
        const a = allocateLargestRemainder(pool, toItems(xs));
        for (let i = 0; i < xs.length; i++) {
          for (let j = 0; j < xs.length; j++) {
            const pi = (xs[i] as { hundredths: number }).hundredths;
            const pj = (xs[j] as { hundredths: number }).hundredths;
            const ui = a.units[i] as bigint;
            const uj = a.units[j] as bigint;
            if (pi > pj) expect(ui >= uj).toBe(true);
            if (pi === pj) expect(ui - uj <= 1n && uj - ui <= 1n).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same units to the same rows whatever order they come in', () => {
    fc.assert(
      fc.property(
        poolArb,
        itemsArb.chain((xs) =>
          fc.tuple(
            fc.constant(xs),
            fc.shuffledSubarray(
              xs.map((_, i) => i),
              { minLength: xs.length },
            ),
          ),
        ),
        (pool, [xs, perm]) => {
          const items = toItems(xs);
          const a = allocateLargestRemainder(pool, items);
          const b = allocateLargestRemainder(
            pool,
            perm.map((i) => items[i] as AllocationItem),
          );
          perm.forEach((i, k) => {
            expect(b.units[k]).toBe(a.units[i]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
