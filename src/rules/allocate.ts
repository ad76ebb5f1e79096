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

/** The same, in typed arrays: units are whole numbers of rounding units, each at most the pool. */
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
 * share is q + r / T with integers: fractional parts compare as integers, with no rational
 * per item. When every product P × points·N and the sum T stay below 2^53 (the rule for
 * real pools) the integers are held as doubles, where they are exact; otherwise as BigInt.
 * Either way each q and r is checked to satisfy P × s = q × T + r with 0 ≤ r < T.
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
  let widest = 0n;
  for (let i = 0; i < n; i++) {
    const s = scaledOf(src.points(i));
    total += s;
    if (s > widest) widest = s;
  }
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

  // rem[i] = P × s_i mod T, as doubles when exact (with sKey the s_i for the tie-break).
  const rem = new Float64Array(n);
  const sKey = new Float64Array(n);
  const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
  let given = 0;
  let remBig: bigint[] | null = null;
  if (poolUnits * widest + total <= SAFE) {
    const P = Number(poolUnits);
    const T = Number(total);
    for (let i = 0; i < n; i++) {
      const s = Number(scaledOf(src.points(i)));
      const prod = P * s;
      let q = Math.floor(prod / T);
      let r = prod - q * T;
      // prod / T is rounded: put q right so that 0 ≤ r < T.
      while (r < 0) {
        q--;
        r += T;
      }
      while (r >= T) {
        q++;
        r -= T;
      }
      units[i] = q;
      rem[i] = r;
      sKey[i] = s;
      given += q;
    }
  } else {
    remBig = new Array(n);
    let givenBig = 0n;
    for (let i = 0; i < n; i++) {
      const s = scaledOf(src.points(i));
      const prod = poolUnits * s;
      const q = prod / total;
      const r = prod - q * total;
      remBig[i] = r;
      units[i] = Number(q);
      // Number() of a BigInt rounds monotonically: a strict order of these doubles is the
      // strict order of the integers; equal doubles are compared again exactly.
      rem[i] = Number(r);
      sKey[i] = Number(s);
      givenBig += q;
    }
    given = Number(givenBig);
  }
  const left = Number(poolUnits) - given;
  if (left < 0 || left > n) throw new Error(`allocate: ${left} units left over for ${n} items`);
  if (left > 0) {
    const exactRem = remBig;
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => {
      const fa = rem[a] as number;
      const fb = rem[b] as number;
      if (fa !== fb) return fa > fb ? -1 : 1;
      if (exactRem) {
        const ra = exactRem[a] as bigint;
        const rb = exactRem[b] as bigint;
        if (ra !== rb) return ra > rb ? -1 : 1;
      }
      const ga = sKey[a] as number;
      const gb = sKey[b] as number;
      if (ga !== gb) return ga > gb ? -1 : 1;
      if (exactRem) {
        const pa = scaledOf(src.points(a));
        const pb = scaledOf(src.points(b));
        if (pa !== pb) return pa > pb ? -1 : 1;
      }
      const ia = src.idNumber(a);
      const ib = src.idNumber(b);
      if (ia !== ib) return ia < ib ? -1 : 1;
      return src.roleOrder(a) - src.roleOrder(b) || src.seq(a) - src.seq(b);
    });
    for (let j = 0; j < left; j++) {
      const i = order[j] as number;
      units[i] = (units[i] as number) + 1;
      bonus[i] = 1;
    }
  }
  return result(0n);
}

/** The exact ideal share P × points / Σ points (for explaining an amount; not used to allocate). */
export function idealShare(pool: bigint | number, points: Exact, totalPoints: Exact): Exact {
  return totalPoints.isZero() ? Exact.ZERO : Exact.of(pool).mul(points).div(totalPoints);
}
