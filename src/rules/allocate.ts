import { Exact } from './exact.js';

export interface AllocationItem {
  points: Exact;
  /** Tie-break keys of rules.md §5: larger points, then ID ascending, then role order; then input order. */
  idNumber: string;
  roleOrder: number;
  seq: number;
}

/** The items of an allocation, read by index (a province's million cadres need not be copied into objects). */
export interface AllocationSource {
  readonly length: number;
  points(i: number): Exact;
  /** The tie-break keys after points, read only for equal fractions and points. */
  idNumber(i: number): string;
  roleOrder(i: number): number;
  seq(i: number): number;
}

export interface Allocation {
  /** Whole units per item, Σ = pool (or all 0 when Σ points = 0). */
  units: bigint[];
  /** 1 where the item received one of the left-over units, else 0. */
  bonus: (0 | 1)[];
  /** The exact ideal share of each item, in units (computed when first read). */
  readonly ideal: Exact[];
  /** Units not handed out (the whole pool when Σ points = 0, else 0). */
  remainder: bigint;
}

/** The same in typed arrays (units are whole numbers of rounding units, each at most the pool, so exact as doubles). */
export interface UnitAllocation {
  units: Float64Array;
  bonus: Uint8Array;
  remainder: bigint;
  /** Σ points over the common denominator, and each item's points over it (for the ideal shares). */
  scaled(i: number): bigint;
  total: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * rules.md §5, largest-remainder method: floors of P × points / Σ points, then the k
 * units left go one each to the k largest fractional parts (ties: larger points, ID
 * number ascending, role order, input order). Σ units = P exactly.
 */
export function allocateLargestRemainder(poolUnits: bigint, items: readonly AllocationItem[]): Allocation {
  const a = allocateUnits(poolUnits, {
    length: items.length,
    points: (i) => (items[i] as AllocationItem).points,
    idNumber: (i) => (items[i] as AllocationItem).idNumber,
    roleOrder: (i) => (items[i] as AllocationItem).roleOrder,
    seq: (i) => (items[i] as AllocationItem).seq,
  });
  let ideal: Exact[] | undefined;
  return {
    units: Array.from(a.units, (u) => BigInt(u)),
    bonus: Array.from(a.bonus, (b) => b as 0 | 1),
    remainder: a.remainder,
    get ideal() {
      ideal ??= items.map((_, i) =>
        a.total === 0n ? Exact.ZERO : Exact.of(poolUnits * a.scaled(i), a.total),
      );
      return ideal;
    },
  };
}

/**
 * The allocation itself. Points are brought to one common denominator N, so every ideal
 * share is P·s / T = q + r / T with integers s = points·N and T = Σ s: fractional parts
 * compare as integers, with no rational per item.
 */
export function allocateUnits(poolUnits: bigint, src: AllocationSource): UnitAllocation {
  const n = src.length;
  if (poolUnits < 0n) throw new RangeError('allocate: negative pool');
  if (!Number.isSafeInteger(Number(poolUnits)) || BigInt(Number(poolUnits)) !== poolUnits)
    throw new RangeError('allocate: a pool past 2^53 units');
  // The common denominator, and each distinct point value over it (points repeat: interned).
  let den = 1n;
  const dens = new Set<bigint>();
  for (let i = 0; i < n; i++) {
    const p = src.points(i);
    if (p.isNegative()) throw new RangeError('allocate: negative points');
    if (dens.has(p.d)) continue;
    dens.add(p.d);
    if (den % p.d !== 0n) den = (den / gcd(den, p.d)) * p.d;
  }
  const memo = new Map<Exact, bigint>();
  const scaledOf = (p: Exact): bigint => {
    let s = memo.get(p);
    if (s === undefined) {
      s = p.n * (den / p.d);
      memo.set(p, s);
    }
    return s;
  };
  let total = 0n;
  for (let i = 0; i < n; i++) total += scaledOf(src.points(i));
  const units = new Float64Array(n);
  const bonus = new Uint8Array(n);
  const result = (remainder: bigint): UnitAllocation => ({
    units,
    bonus,
    remainder,
    total,
    scaled: (i) => scaledOf(src.points(i)),
  });
  if (total === 0n) return result(poolUnits);

  // Items with equal points have equal ideal shares, so the method runs over the distinct
  // point values (a province's million takers have some thousands): q = ⌊P·s / T⌋ and
  // r = P·s mod T once per value, the values ordered by r then s, and only the one value
  // where the left-over units run out is ordered by ID, role and input order.
  const groupOf = new Int32Array(n);
  const groupKeys: bigint[] = [];
  const byValue = new Map<bigint, number>();
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const sv = scaledOf(src.points(i));
    let g = byValue.get(sv);
    if (g === undefined) {
      g = groupKeys.length;
      byValue.set(sv, g);
      groupKeys.push(sv);
      sizes.push(0);
    }
    groupOf[i] = g;
    sizes[g] = (sizes[g] as number) + 1;
  }
  const k = groupKeys.length;
  const q: bigint[] = new Array(k);
  const r: bigint[] = new Array(k);
  let given = 0n;
  for (let g = 0; g < k; g++) {
    const prod = poolUnits * (groupKeys[g] as bigint);
    const qg = prod / total;
    q[g] = qg;
    r[g] = prod - qg * total;
    given += qg * BigInt(sizes[g] as number);
  }
  for (let i = 0; i < n; i++) units[i] = Number(q[groupOf[i] as number] as bigint);
  let left = Number(poolUnits - given);
  if (left < 0 || left > n) throw new Error(`allocate: ${left} units left over for ${n} items`);
  if (left > 0) {
    const order = Array.from({ length: k }, (_, g) => g);
    order.sort((a, b) => {
      const ra = r[a] as bigint;
      const rb = r[b] as bigint;
      if (ra !== rb) return ra > rb ? -1 : 1;
      const sa = groupKeys[a] as bigint;
      const sb = groupKeys[b] as bigint;
      return sa > sb ? -1 : sa < sb ? 1 : 0;
    });
    // Whole values take one unit each while enough are left; `full` marks them.
    const full = new Uint8Array(k);
    let boundary = -1;
    for (const g of order) {
      const size = sizes[g] as number;
      if (left >= size) {
        full[g] = 1;
        left -= size;
        if (left === 0) break;
      } else {
        boundary = g;
        break;
      }
    }
    const tied: number[] = [];
    for (let i = 0; i < n; i++) {
      const g = groupOf[i] as number;
      if (full[g]) {
        units[i] = (units[i] as number) + 1;
        bonus[i] = 1;
      } else if (g === boundary) tied.push(i);
    }
    if (left > 0) {
      tied.sort((a, b) => {
        const ia = src.idNumber(a);
        const ib = src.idNumber(b);
        if (ia !== ib) return ia < ib ? -1 : 1;
        return src.roleOrder(a) - src.roleOrder(b) || src.seq(a) - src.seq(b);
      });
      for (let j = 0; j < left; j++) {
        const i = tied[j] as number;
        units[i] = (units[i] as number) + 1;
        bonus[i] = 1;
      }
    }
  }
  return result(0n);
}

/** The exact ideal share P × points / Σ points (for explaining an amount; not used to allocate). */
export function idealShare(pool: bigint | number, points: Exact, totalPoints: Exact): Exact {
  return totalPoints.isZero() ? Exact.ZERO : Exact.of(pool).mul(points).div(totalPoints);
}
