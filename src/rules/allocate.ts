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
  /** 1 where the item received one of the left-over units, else 0. */
  bonus: (0 | 1)[];
  /** The exact ideal share of each item, in units (computed when first read). */
  readonly ideal: Exact[];
  /** Units not handed out (the whole pool when Σ points = 0, else 0). */
  remainder: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * rules.md §5, largest-remainder method: floors of P × points / Σ points, then the k
 * units left go one each to the k largest fractional parts (ties: larger points, ID
 * number ascending, role order, input order). Σ units = P exactly.
 *
 * Points are brought to one common denominator first, so every ideal share is
 * q + r / N with integers q, r and one N: fractional parts compare as integers, with no
 * rational per item (this runs over a million cadres).
 */
export function allocateLargestRemainder(poolUnits: bigint, items: readonly AllocationItem[]): Allocation {
  const n = items.length;
  if (poolUnits < 0n) throw new RangeError('allocate: negative pool');
  let den = 1n;
  for (const it of items) {
    if (it.points.isNegative()) throw new RangeError('allocate: negative points');
    const d = it.points.d;
    if (den % d !== 0n) den = (den / gcd(den, d)) * d;
  }
  const scaled: bigint[] = new Array(n);
  let total = 0n;
  for (let i = 0; i < n; i++) {
    const p = (items[i] as AllocationItem).points;
    const s = p.n * (den / p.d);
    scaled[i] = s;
    total += s;
  }
  const units: bigint[] = new Array(n).fill(0n);
  const bonus: (0 | 1)[] = new Array(n).fill(0);
  const withIdeal = (remainder: bigint): Allocation => {
    let ideal: Exact[] | undefined;
    return {
      units,
      bonus,
      remainder,
      get ideal() {
        ideal ??= scaled.map((s) => (total === 0n ? Exact.ZERO : Exact.of(poolUnits * s, total)));
        return ideal;
      },
    };
  };
  if (total === 0n) return withIdeal(poolUnits);
  const rem: bigint[] = new Array(n);
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const prod = poolUnits * (scaled[i] as bigint);
    const q = prod / total;
    rem[i] = prod - q * total;
    units[i] = q;
    given += q;
  }
  const left = Number(poolUnits - given);
  if (left < 0 || left > n) throw new Error(`allocate: ${left} units left over for ${n} items`);
  if (left > 0) {
    // Sort keys as doubles first: Number() of a BigInt rounds monotonically, so a strict
    // order of the doubles is the strict order of the integers; only equal doubles are
    // compared again exactly (a million BigInt comparisons were 3 s of a province run).
    const remF = new Float64Array(n);
    const ptsF = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      remF[i] = Number(rem[i] as bigint);
      ptsF[i] = Number(scaled[i] as bigint);
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => {
      const fa = remF[a] as number;
      const fb = remF[b] as number;
      if (fa !== fb) return fa > fb ? -1 : 1;
      const ra = rem[a] as bigint;
      const rb = rem[b] as bigint;
      if (ra !== rb) return ra > rb ? -1 : 1;
      const ga = ptsF[a] as number;
      const gb = ptsF[b] as number;
      if (ga !== gb) return ga > gb ? -1 : 1;
      const pa = scaled[a] as bigint;
      const pb = scaled[b] as bigint;
      if (pa !== pb) return pa > pb ? -1 : 1;
      const ia = items[a] as AllocationItem;
      const ib = items[b] as AllocationItem;
      if (ia.idNumber !== ib.idNumber) return ia.idNumber < ib.idNumber ? -1 : 1;
      return ia.roleOrder - ib.roleOrder || ia.seq - ib.seq;
    });
    for (let j = 0; j < left; j++) {
      const i = order[j] as number;
      units[i] = (units[i] as bigint) + 1n;
      bonus[i] = 1;
    }
  }
  return withIdeal(0n);
}

/** The exact ideal share P × points / Σ points (for explaining an amount; not used to allocate). */
export function idealShare(pool: bigint | number, points: Exact, totalPoints: Exact): Exact {
  return totalPoints.isZero() ? Exact.ZERO : Exact.of(pool).mul(points).div(totalPoints);
}
