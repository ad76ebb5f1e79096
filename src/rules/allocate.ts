import { Exact } from './exact.js';

export interface AllocationItem {
  points: Exact;
  /** Tie-break keys of rules.md §5: larger points, then ID ascending, then role order; then input order. */
  idNumber: string;
  roleOrder: number;
  seq: number;
}

export interface Allocation {
  /** Whole units per item, Σ = pool (or all 0 when Σ points = 0). */
  units: bigint[];
  /** The exact ideal share of each item, in units. */
  ideal: Exact[];
  /** 1 where the item received one of the left-over units, else 0. */
  bonus: (0 | 1)[];
  /** Units not handed out (the whole pool when Σ points = 0, else 0). */
  remainder: bigint;
}

/**
 * rules.md §5, largest-remainder method: floors of P × points / Σ points, then the k
 * units left go one each to the k largest fractional parts (ties: larger points, ID
 * number ascending, role order, input order). Σ units = P exactly.
 */
export function allocateLargestRemainder(poolUnits: bigint, items: readonly AllocationItem[]): Allocation {
  const n = items.length;
  const total = items.reduce((a, it) => a.add(it.points), Exact.ZERO);
  if (poolUnits < 0n) throw new RangeError('allocate: negative pool');
  if (items.some((it) => it.points.isNegative())) throw new RangeError('allocate: negative points');
  if (total.isZero()) {
    return {
      units: items.map(() => 0n),
      ideal: items.map(() => Exact.ZERO),
      bonus: items.map(() => 0),
      remainder: poolUnits,
    };
  }
  const pool = Exact.of(poolUnits);
  const ideal = items.map((it) => pool.mul(it.points).div(total));
  const units = ideal.map((x) => x.floor());
  const given = units.reduce((a, u) => a + u, 0n);
  let left = poolUnits - given;
  if (left < 0n || left > BigInt(n)) throw new Error(`allocate: ${left} units left over for ${n} items`);
  const order = items.map((_, i) => i);
  const fracs = ideal.map((x) => x.frac());
  order.sort((a, b) => {
    const ia = items[a] as AllocationItem;
    const ib = items[b] as AllocationItem;
    return (
      (fracs[b] as Exact).cmp(fracs[a] as Exact) ||
      ib.points.cmp(ia.points) ||
      (ia.idNumber < ib.idNumber ? -1 : ia.idNumber > ib.idNumber ? 1 : 0) ||
      ia.roleOrder - ib.roleOrder ||
      ia.seq - ib.seq
    );
  });
  const bonus: (0 | 1)[] = items.map(() => 0);
  for (const i of order) {
    if (left === 0n) break;
    units[i] = (units[i] as bigint) + 1n;
    bonus[i] = 1;
    left--;
  }
  return { units, ideal, bonus, remainder: 0n };
}
