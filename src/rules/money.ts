import { Exact } from './exact.js';

/** An amount of money in integer fen (分). Made only through `fen()`. */
export type Fen = number & { readonly __brand: 'Fen' };

/** The one constructor of Fen: a safe integer, or a thrown RangeError (a bug, never input). */
export function fen(x: number | bigint): Fen {
  const v = typeof x === 'bigint' ? Number(x) : x;
  if (!Number.isSafeInteger(v) || (typeof x === 'bigint' && BigInt(v) !== x)) {
    throw new RangeError(`not a whole number of fen: ${String(x)}`);
  }
  // The same value, as a small integer where it is one: V8 keeps a whole number read from
  // a Float64Array (the allocation's units) as a boxed double, and storing one into a
  // field that held small integers changes the field's kind for every object of the class,
  // each one moved to the new layout when next touched. That was 0.2 s of storing
  // 100,000 rewards into their CadreResults; Math.trunc gives back a small integer.
  return Math.trunc(v) as Fen;
}

export const ZERO_FEN = fen(0);

export type RoundingUnit = 'fen' | 'jiao' | 'yuan';

/** Fen per rounding unit (rules.md §0). */
export function unitFen(unit: RoundingUnit): bigint {
  return unit === 'fen' ? 1n : unit === 'jiao' ? 10n : 100n;
}

/** rules.md §0: round half up (四舍五入) an exact amount of fen to the policy's unit. */
export function roundHalfUpToUnit(amountFen: Exact, unit: RoundingUnit): Fen {
  const u = unitFen(unit);
  const units = amountFen.div(Exact.of(u)).roundHalfUp();
  return fen(units * u);
}

/** Yuan text or number as typed in a policy ("1200", 700.5) → exact fen; null when not whole fen. */
export function yuanToFen(yuan: Exact): Fen | null {
  const f = yuan.mul(Exact.of(100));
  return f.isInteger() ? fen(f.n) : null;
}

/**
 * Sum of fen, exact: integer additions in doubles are exact while every partial sum
 * stays a safe integer, which is checked at each step (a roster never comes near 2^53).
 */
export function sumFen(values: Iterable<number>): Fen {
  let s = 0;
  for (const v of values) {
    s += v;
    if (!Number.isSafeInteger(s)) throw new RangeError(`sum of fen past 2^53 or not whole: ${s}`);
  }
  return fen(s);
}

/** "1,234.56" style text for human output (two decimals, thousands separators). */
export function formatYuan(f: number, thousands = true): string {
  const neg = f < 0;
  const a = Math.abs(f);
  const yuan = Math.trunc(a / 100);
  const cents = String(a % 100).padStart(2, '0');
  const y = thousands ? yuan.toLocaleString('en-US') : String(yuan);
  return `${neg ? '-' : ''}${y}.${cents}`;
}

/** Fen as an exact yuan number for an Excel cell (Excel stores doubles; two decimals are exact enough to display). */
export function fenToYuanNumber(f: number): number {
  return Number(formatYuan(f, false));
}
