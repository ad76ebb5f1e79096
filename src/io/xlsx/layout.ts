/**
 * Layout helpers shared by every printable output sheet, with no spreadsheet library
 * behind them: display widths (a CJK character counts double), how a decimal shows under
 * a number format, Chinese dates, legal sheet names, and the page geometry of A4
 * landscape. Documents built with exceljs use them too.
 */

export const MONEY_FMT = '#,##0.00';
export const TEXT_FMT = '@';

/**
 * How a column's cells are written:
 * - text: a string as it is (wraps past the column's maximum width);
 * - code: a string that must stay text (long digit strings, codes with leading zeros): numFmt '@';
 * - token: printable ASCII without spaces or XML's special characters (a digest, a code for
 *   machines), numFmt '@', copied as it is and never wrapped; any other character in it is
 *   the caller's bug (thrown, never written);
 * - money: an integer number of fen, written as yuan with `#,##0.00`;
 * - int: a whole number;
 * - decimal: a Rational (or number) shown with `numFmt`, rounded half up to `places` decimals.
 * A string in a non-text column (合计 in 序号) is written as text.
 */
export type ColumnKind = 'text' | 'code' | 'token' | 'money' | 'int' | 'decimal';

export interface Column {
  header: string;
  kind: ColumnKind;
  /** decimal: the decimals kept in the cell value (default 2). */
  places?: number;
  /** decimal: Excel's number format (default '0.00'). */
  numFmt?: string;
  /** text: the widest the column grows before its cells wrap (default 30). */
  maxWidth?: number;
  /** The narrowest the column gets (display width), e.g. for a long header over short numbers. */
  minWidth?: number;
  align?: 'left' | 'center' | 'right';
  /**
   * A value at least as wide as any cell of the column. Only needed by a table longer
   * than xlsx-fast measures (SAMPLE_ROWS): a 序号 of a million rows, the most households.
   */
  widest?: CellInput;
}

/**
 * An exact decimal as the writer needs it: a rational n/d (d > 0, in lowest terms) that can
 * print itself with fixed decimals, rounding half up. The caller's exact number type
 * satisfies it as it is; the engine never does arithmetic on it.
 */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
  toFixed(places: number): string;
}

export type CellInput = string | number | Rational | null | undefined;

/** Display width of the widest line of text, in half-width characters: CJK and full-width forms count 2. */
export function displayWidth(text: string): number {
  let best = 0;
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const cu = text.charCodeAt(i);
    if (cu < 0x1100) {
      if (cu === 10) {
        if (w > best) best = w;
        w = 0;
      } else w += 1;
      continue;
    }
    let cp = cu;
    if (cu >= 0xd800 && cu <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (cu - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        i++;
      }
    }
    w += isWide(cp) ? 2 : 1;
  }
  return Math.max(w, best);
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * The text a decimal shows under a simple format such as '0.0###' or '#,##0.00': the
 * optional '#' decimals drop their trailing zeros, thousands separators are added.
 */
export function shownDecimal(text: string, fmt: string): string {
  const section = fmt.split(';')[0] ?? fmt;
  const [, fd = ''] = section.split('.');
  const minPlaces = (fd.match(/0/g) ?? []).length;
  let [ip = '0', fp = ''] = text.split('.');
  while (fp.length > minPlaces && fp.endsWith('0')) fp = fp.slice(0, -1);
  if (section.includes(',')) ip = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = section.startsWith('+') && !ip.startsWith('-') ? '+' : '';
  return `${sign}${ip}${fp ? `.${fp}` : ''}`;
}

/**
 * The last few values computed for objects, found by identity: rows next to each other
 * often share the same values (a group's figures, a category's ratio). A ring of a few slots rather than
 * a Map: clearing or growing a Map a million times left its tables as old-generation
 * garbage (--trace-gc: the heap grew by 1 GB over 300,000 rows with a Map cleared at
 * every insert, by 200 MB with one cleared every 256).
 */
export class RecentCache<K extends object, V> {
  private readonly keys: (K | null)[];
  private readonly values: (V | undefined)[];
  private next = 0;

  constructor(size = 16) {
    this.keys = new Array<K | null>(size).fill(null);
    this.values = new Array<V | undefined>(size).fill(undefined);
  }

  get(k: K, make: (k: K) => V): V {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === k) return this.values[i] as V;
    const v = make(k);
    keys[this.next] = k;
    this.values[this.next] = v;
    this.next = (this.next + 1) % keys.length;
    return v;
  }
}

const FIXED: RecentCache<Rational, string>[] = [];

/**
 * x.toFixed(places), remembered for the same Rational object among the last few: adjacent
 * rows often share the same value, and BigInt rounding is the costliest part of a row.
 */
export function fixedText(x: Rational | number, places: number): string {
  if (typeof x === 'number') return x.toFixed(places);
  let c = FIXED[places];
  if (!c) {
    c = new RecentCache();
    FIXED[places] = c;
  }
  return c.get(x, (k) => exactFixed(k, places));
}

const POW10: bigint[] = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));

/**
 * x.toFixed(places) without building a new value when no rounding is needed (the
 * denominator divides 10^places: the usual scores, ratios and shares); otherwise
 * the value's own rounding, half up.
 */
export function exactFixed(x: Rational, places: number): string {
  const safe = scaledSafe(x, places);
  if (safe !== null) return fixedDigits(safe < 0 ? String(-safe) : String(safe), safe < 0, places);
  const { n, d } = x;
  const scale = POW10[places];
  if (scale === undefined || scale % d !== 0n) return x.toFixed(places);
  const v = n * (scale / d);
  const neg = v < 0n;
  return fixedDigits((neg ? -v : v).toString(), neg, places);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const POW10_NUM: number[] = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * x × 10^places as a safe integer when that is exact and made from numbers: numerator and
 * denominator within 2^53, the denominator dividing 10^places (no rounding), the product
 * within 2^53; else null (the BigInt way). The usual scores, ratios and shares of a row
 * are so: their digits come without the BigInt values a million rows made.
 */
export function scaledSafe(x: Rational, places: number): number | null {
  const { n, d } = x;
  if (places > 15 || d > SAFE || n > SAFE || n < -SAFE) return null;
  const dn = Number(d);
  const sc = POW10_NUM[places] as number;
  if (sc % dn !== 0) return null;
  const v = Number(n) * (sc / dn);
  // a product past 2^53 is not a safe integer; -0 is 0
  return Number.isSafeInteger(v) ? v + 0 : null;
}

/** `places` fixed decimals of the whole number whose digits are `abs` (scaled by 10^places). */
function fixedDigits(abs: string, neg: boolean, places: number): string {
  const digits = abs.padStart(places + 1, '0');
  const body =
    places === 0
      ? digits
      : `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return neg ? `-${body}` : body;
}

/** Whether x has at most `places` decimals exactly. */
export function fitsPlaces(x: Rational, places: number): boolean {
  const scale = POW10[places];
  return scale !== undefined && scale % x.d === 0n;
}

/** Fen as yuan with thousands separators, as #,##0.00 shows it: 123456789 → "1,234,567.89" (formatYuan without toLocaleString, which is slow). */
export function yuanShown(f: number): string {
  const a = Math.abs(f);
  const y = String(Math.trunc(a / 100));
  const c = a % 100;
  let g = y;
  if (y.length > 3) {
    g = y.slice(0, ((y.length - 1) % 3) + 1);
    for (let i = g.length; i < y.length; i += 3) g += `,${y.slice(i, i + 3)}`;
  }
  return `${f < 0 ? '-' : ''}${g}.${c < 10 ? '0' : ''}${c}`;
}

/**
 * Fen as the yuan number of a cell, the text String(f / 100) gives (2338.71, 0.7, 12,
 * -0.05) built from integers: the double nearest a two-decimal amount prints as that
 * decimal while the amount is far below 2^53 / 100.
 */
export function yuanValue(f: number): string {
  const a = f < 0 ? -f : f;
  const y = Math.trunc(a / 100);
  const c = a - y * 100;
  const s = c === 0 ? String(y) : c % 10 === 0 ? `${y}.${c / 10}` : `${y}${c < 10 ? '.0' : '.'}${c}`;
  return f < 0 ? `-${s}` : s;
}

/** A fixed-decimal text as the number's shortest text: "86.50" → "86.5", "12.0000" → "12", "-0.00" → "0" (what String(Number(text)) gives, without parsing). */
export function decimalValue(text: string): string {
  if (text.indexOf('.') < 0) return text === '-0' ? '0' : text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  const s = end === text.length ? text : text.slice(0, end);
  return s === '-0' ? '0' : s;
}

/** formatYuan(f, false) for the 说明 of every row: "-12.05", "2200.00" (integers only, no padStart). */
export function yuanPlain(f: number): string {
  const a = f < 0 ? -f : f;
  const y = Math.trunc(a / 100);
  const c = a - y * 100;
  return `${f < 0 ? '-' : ''}${y}.${c < 10 ? '0' : ''}${c}`;
}

/**
 * The last `width` decimal digits of a non-negative safe integer into `b` from `at`, zero
 * padded on the left (String(v).padStart(width, '0') as bytes, without the text). Steps of
 * 32-bit integer division while the value allows them.
 */
export function putDigits(b: Uint8Array, at: number, v: number, width: number): void {
  let k = at + width - 1;
  for (; k >= at && v > 0x7fffffff; k--) {
    const q = Math.floor(v / 10);
    b[k] = 48 + (v - q * 10);
    v = q;
  }
  for (; k >= at; k--) {
    const q = (v / 10) | 0;
    b[k] = 48 + (v - q * 10);
    v = q;
  }
}

/** String(n).length for a whole number, without building the text. */
export function intWidth(n: number): number {
  let a = Math.abs(n);
  let d = 1;
  while (a >= 10) {
    a = Math.floor(a / 10);
    d++;
  }
  return n < 0 ? d + 1 : d;
}

/** yuanShown(f).length without building it: the yuan digits, a comma per three, '.' and two decimals. */
export function moneyWidth(f: number): number {
  const d = intWidth(Math.trunc(Math.abs(f) / 100));
  return d + Math.floor((d - 1) / 3) + 3 + (f < 0 ? 1 : 0);
}

const SHEET_NAME_BAD = /[*?:\\/[\]]/g;

/**
 * A legal, unique sheet name for `wanted`: the characters Excel refuses become '_', an
 * apostrophe becomes '’' (exceljs quotes sheet names in print-title formulas without
 * escaping it, which Excel reports as a damaged file), at most 31 characters, and a
 * (2), (3) … suffix when the name is taken (case-insensitively, as Excel compares).
 * Adds the result to `taken`.
 */
export function safeSheetName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(SHEET_NAME_BAD, '_').replace(/'/g, '’').trim();
  if (!base) base = 'Sheet';
  base = [...base].slice(0, 31).join('');
  let name = base;
  for (let k = 2; taken.has(name.toLowerCase()) || name.toLowerCase() === 'history'; k++) {
    const suffix = `(${k})`;
    name = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Column-width units (the width of a digit of Excel's default font) per display-width unit at `pt`. */
export const unitsPerChar = (pt: number): number => pt / 10;
/** Cell padding in column-width units (Excel's own width already holds a few pixels). */
export const PAD = 1.2;
/** The printable height of A4 landscape with our margins, in points (8.27 in − 1.1 in). */
export const PAGE_HEIGHT_PT = 516;
/** The printable width of A4 landscape with our margins, in column-width units (about 11.1 in × 96 px / 7 px). */
export const PAGE_UNITS = 150;
/** CJK fonts need more leading than Latin ones: 1.5 × the point size per line. */
export const lineHeight = (pt: number): number => Math.ceil(pt * 1.5);

/** Lines `text` takes in a column `units` wide at `pt` points. */
export function linesIn(text: string, units: number, pt: number): number {
  const room = Math.max(1, units - PAD);
  const k = unitsPerChar(pt);
  let n = 0;
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    const seg = nl < 0 ? (from === 0 ? text : text.slice(from)) : text.slice(from, nl);
    n += Math.max(1, Math.ceil((displayWidth(seg) * k) / room));
    if (nl < 0) return n;
    from = nl + 1;
  }
}
