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

/** The published rule written the plain way, in BigInt rationals: the reference both number paths must give. */
function reference(pool: bigint, items: AllocationItem[]): bigint[] {
  const total = items.reduce((s, it) => s.add(it.points), Exact.ZERO);
  if (total.isZero()) return items.map(() => 0n);
  const ideal = items.map((it) => Exact.of(pool).mul(it.points).div(total));
  const units = ideal.map((x) => x.floor());
  let left = pool - units.reduce((s, u) => s + u, 0n);
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    const fa = (ideal[a] as Exact).frac();
    const fb = (ideal[b] as Exact).frac();
    const ia = items[a] as AllocationItem;
    const ib = items[b] as AllocationItem;
    return (
      fb.cmp(fa) ||
      ib.points.cmp(ia.points) ||
      (ia.idNumber < ib.idNumber ? -1 : ia.idNumber > ib.idNumber ? 1 : 0) ||
      ia.roleOrder - ib.roleOrder ||
      ia.seq - ib.seq
    );
  });
  for (const i of order) {
    if (left === 0n) break;
    units[i] = (units[i] as bigint) + 1n;
    left--;
  }
  return units;
}

describe('the allocation (run over distinct point values) agrees with the plain rule run row by row', () => {
  it('matches the reference for hundredths of points, with many equal values', () => {
    fc.assert(
      fc.property(poolArb, itemsArb, (pool, xs) => {
        const items = toItems(xs);
        expect(allocateLargestRemainder(pool, items).units).toEqual(reference(pool, items));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the reference for points over large, different denominators and large pools (products past 2^53)', () => {
    const bigItems = fc.array(
      fc.record({
        n: fc.bigInt(0n, 10n ** 15n),
        d: fc.constantFrom(1n, 3n, 7n, 10n ** 9n + 7n, 998_244_353n, 10n ** 12n),
        id: fc.constantFrom(ID1, ID2, ID3),
        roleOrder: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 20 },
    );
    fc.assert(
      fc.property(fc.bigInt(0n, 2n ** 52n), bigItems, (pool, xs) => {
        const items = xs.map((x, i) => ({
          points: Exact.of(x.n, x.d),
          idNumber: x.id,
          roleOrder: x.roleOrder,
          seq: i,
        }));
        expect(allocateLargestRemainder(pool, items).units).toEqual(reference(pool, items));
      }),
      { numRuns: 300 },
    );
  });

  it('gives equal results for equal points whether or not they are one shared object', () => {
    const shared = Exact.parse('318');
    const a = allocateLargestRemainder(1001n, [
      { points: shared, idNumber: ID2, roleOrder: 0, seq: 0 },
      { points: shared, idNumber: ID1, roleOrder: 0, seq: 1 },
      { points: Exact.parse('318'), idNumber: ID3, roleOrder: 0, seq: 2 },
    ]);
    // 1001 / 3 = 333.67 each: the two left-over units to the two smallest IDs.
    expect(a.units).toEqual([334n, 334n, 333n]);
  });
});

describe('fractions too close for doubles', () => {
  it('gives the left-over unit to the larger remainder when the two remainders differ by 1 past 2^59 (equal as doubles)', () => {
    // Σ points T = 2^60 + 1 and a pool of one unit: the remainders are the points, 2^59 and 2^59 + 1.
    const a = 2n ** 59n;
    const items: AllocationItem[] = [
      { points: Exact.of(a), idNumber: ID1, roleOrder: 0, seq: 0 },
      { points: Exact.of(a + 1n), idNumber: ID2, roleOrder: 0, seq: 1 },
    ];
    expect(Number(a)).toBe(Number(a + 1n));
    expect(allocateLargestRemainder(1n, items).units).toEqual([0n, 1n]);
    expect(reference(1n, items)).toEqual([0n, 1n]);
  });
});
