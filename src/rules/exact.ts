/**
 * Exact non-negative-or-negative rationals over BigInt (rules.md §0): ratios, months,
 * scores and points are never floats. A value is n/d with d > 0 and gcd(n, d) = 1.
 */
export class Exact {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    if (d === 0n) throw new RangeError('Exact: division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.n = g > 1n ? n / g : n;
    this.d = g > 1n ? d / g : d;
  }

  static readonly ZERO = new Exact(0n, 1n);
  static readonly ONE = new Exact(1n, 1n);
  static readonly HUNDRED = new Exact(100n, 1n);

  static of(n: bigint | number, d: bigint | number = 1n): Exact {
    return new Exact(toBig(n), toBig(d));
  }

  /** Parses a plain decimal text such as "0.9", "-3", "86.50", "1e2" is refused. */
  static parse(text: string): Exact {
    const t = text.trim();
    const m = DECIMAL.exec(t);
    if (!m) throw new SyntaxError(`not a decimal number: ${JSON.stringify(text)}`);
    const sign = m[1] === '-' ? -1n : 1n;
    const int = m[2] ?? '';
    const frac = m[3] ?? '';
    const digits = `${int}${frac}` || '0';
    return new Exact(sign * BigInt(digits), 10n ** BigInt(frac.length));
  }

  /** Like parse, but returns null instead of throwing. */
  static tryParse(text: string): Exact | null {
    return DECIMAL.test(text.trim()) ? Exact.parse(text) : null;
  }

  /**
   * From a JS number as a spreadsheet stores it: its shortest round-trip decimal text
   * (0.9 → "0.9"), so a cell typed 0.9 is exactly 9/10.
   */
  static fromNumber(x: number): Exact {
    if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
    if (Number.isInteger(x) && Number.isSafeInteger(x)) return new Exact(BigInt(x), 1n);
    return Exact.parse(plainNumberText(x));
  }

  add(o: Exact): Exact {
    return new Exact(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Exact): Exact {
    return new Exact(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Exact): Exact {
    return new Exact(this.n * o.n, this.d * o.d);
  }
  div(o: Exact): Exact {
    if (o.n === 0n) throw new RangeError('Exact: division by zero');
    return new Exact(this.n * o.d, this.d * o.n);
  }
  cmp(o: Exact): -1 | 0 | 1 {
    const a = this.n * o.d;
    const b = o.n * this.d;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(o: Exact): boolean {
    return this.n === o.n && this.d === o.d;
  }
  lt(o: Exact): boolean {
    return this.cmp(o) < 0;
  }
  le(o: Exact): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Exact): boolean {
    return this.cmp(o) > 0;
  }
  ge(o: Exact): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  isNegative(): boolean {
    return this.n < 0n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  max(o: Exact): Exact {
    return this.ge(o) ? this : o;
  }
  min(o: Exact): Exact {
    return this.le(o) ? this : o;
  }

  /** Largest integer ≤ this. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }

  /** The fractional part this − floor(this), in [0, 1). */
  frac(): Exact {
    return this.sub(Exact.of(this.floor()));
  }

  /** Round half up (四舍五入, away from zero for negatives) to an integer. */
  roundHalfUp(): bigint {
    if (this.n < 0n) return -new Exact(-this.n, this.d).roundHalfUp();
    return new Exact(this.n * 2n + this.d, this.d * 2n).floor();
  }

  /** Round half up to `places` decimals, returned as an Exact. */
  roundTo(places: number): Exact {
    const scale = 10n ** BigInt(places);
    return new Exact(this.mul(Exact.of(scale)).roundHalfUp(), scale);
  }

  /** Fixed decimals, rounding half up: (86.5).toFixed(2) → "86.50". */
  toFixed(places: number): string {
    const scale = 10n ** BigInt(places);
    const v = this.mul(Exact.of(scale)).roundHalfUp();
    const neg = v < 0n;
    const s = (neg ? -v : v).toString().padStart(places + 1, '0');
    const body = places === 0 ? s : `${s.slice(0, s.length - places)}.${s.slice(s.length - places)}`;
    return neg ? `-${body}` : body;
  }

  /**
   * The shortest exact decimal text ("286.2", "195", "6613.488"); only for values whose
   * denominator divides a power of ten — otherwise 10 decimals, rounded half up.
   */
  toString(): string {
    let d = this.d;
    let places = 0;
    while (d % 10n === 0n) {
      d /= 10n;
      places++;
    }
    let p2 = 0;
    while (d % 2n === 0n) {
      d /= 2n;
      p2++;
    }
    let p5 = 0;
    while (d % 5n === 0n) {
      d /= 5n;
      p5++;
    }
    if (d !== 1n) return trimZeros(this.toFixed(10));
    return trimZeros(this.toFixed(places + Math.max(p2, p5)));
  }

  /** As a JS number (only for display or non-money heuristics). */
  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }
  toJSON(): string {
    return this.toString();
  }
}

const DECIMAL = /^([+-]?)(?=\.?\d)(\d*)(?:\.(\d*))?$/;

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  const t = s.replace(/0+$/, '').replace(/\.$/, '');
  return t === '-0' ? '0' : t;
}

function toBig(x: bigint | number): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) throw new RangeError(`not a safe integer: ${x}`);
  return BigInt(x);
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a === 0n ? 1n : a;
}

/** A finite JS number as plain decimal text without exponent (1e-7 → "0.0000001"). */
export function plainNumberText(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  const [mant, expS] = s.toLowerCase().split('e') as [string, string];
  const exp = Number(expS);
  const neg = mant.startsWith('-');
  const m = neg ? mant.slice(1) : mant;
  const [ip, fp = ''] = m.split('.') as [string, string?];
  const digits = ip + fp;
  const point = ip.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${out}` : out;
}
