/**
 * The privacy rule of the public notice (outputs.md 公示表), pure: which texts hold an ID or
 * a card number once folded. The notice writer checks every text with it; the workbook
 * reader checks 姓名, 村名 and 镇街 with it (issue 18).
 */

/** An 18-character (17 digits + digit or X) or a 15-digit ID pattern, not inside a longer run of letters or digits. */
const ID_PATTERN = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/;
/** A SHA-256 in hex: the 校验 sheet's hashes, which are not personal data. */
const HASH = /^[0-9a-f]{64}$/;
/** Separators a number is written with (after NFKC): white space, hyphens and dashes, dots. */
const SEPARATORS = /[\s\-.\u2010-\u2015\u2212\u30fb\u00b7]+/g;
/** Shorter known values are not looked for (too many innocent matches). */
const MIN_KNOWN = 6;
/** A run of this many digits (after folding) in a public text is an ID or a card number. */
export const PUBLIC_DIGIT_RUN = 15;

/**
 * How many ASCII digits `text` could hold once folded: an ASCII or full-width digit counts
 * one; a character NFKC may turn into digits (circled and parenthesised numbers, super-
 * and subscripts, mathematical digits) counts two; Chinese characters, kana and ASCII
 * letters and signs count nothing. The common text (a name, a village) answers 0 in one
 * pass, so no NFKC runs for it.
 */
export function digitBound(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x30 && c <= 0x39) n++;
    } else if (c >= 0xff10 && c <= 0xff19) n++;
    else if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7a3)) {
      // CJK ideographs, kana, hangul: never a digit
    } else n += 2;
  }
  return n;
}

/**
 * A text as the privacy check sees it: NFKC (full-width and other compatibility digits
 * become ASCII digits) and no separators, so `３７０６０２-1970-0101-0011` and
 * `6222 0212.3456 7890` are found like the plain numbers.
 */
export function foldForPrivacy(text: string): string {
  let t = text;
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) >= 0x80) {
      t = t.normalize('NFKC');
      break;
    }
  }
  return t.replace(SEPARATORS, '');
}

/**
 * True when a text meant for the public (姓名, 村名, 镇街) holds a run of 15 or more digits
 * once folded: an ID or a card number, anyone's.
 */
export function hasLongDigitRun(text: string): boolean {
  if (digitBound(text) < PUBLIC_DIGIT_RUN) return false;
  return /\d{15,}/.test(foldForPrivacy(text));
}

/**
 * outputs.md 公示表: the test every text of the notice must pass — no ID-number pattern,
 * no known ID number, no known card number (white space removed first, so a card written
 * in groups of four is still found); a 64-hex hash is exempt.
 *
 * Looking each known value up in each text would cost cells × people; instead a text's
 * runs of the characters known values are made of (digits and X) are cut into windows of
 * the known lengths and looked up in a set: the same answer as `text.includes(k)` for
 * every k, in time proportional to those runs.
 */
export class LeakScanner {
  /** Built on the first run of digits long enough to hold a known value: a notice has none, and a province's set is millions of entries. */
  private known: Set<string> | null = null;
  private readonly lengths: number[];
  /** 1 for each UTF-16 code unit known values are made of (a table, not a Set: a province has 37 million of them to note). */
  private readonly alphabet = new Uint8Array(0x10000);
  private readonly min: number;
  /** The fewest digits of any known value: a text with fewer (once folded) holds none. */
  private readonly minDigits: number;
  private readonly lists: Iterable<string>[];
  readonly leaks: string[] = [];

  constructor(secrets: { idNumbers: Iterable<string>; accounts: Iterable<string> }) {
    this.lists = [secrets.idNumbers, secrets.accounts];
    const lengths = new Set<number>();
    let minDigits = Number.POSITIVE_INFINITY;
    for (const list of this.lists) {
      for (const k of list) {
        if (k.length < MIN_KNOWN) continue;
        lengths.add(k.length);
        let d = 0;
        for (let i = 0; i < k.length; i++) {
          const c = k.charCodeAt(i);
          this.alphabet[c] = 1;
          if (c >= 0x30 && c <= 0x39) d++;
        }
        if (d < minDigits) minDigits = d;
      }
    }
    this.lengths = [...lengths].sort((a, b) => a - b);
    this.min = this.lengths[0] ?? Number.POSITIVE_INFINITY;
    this.minDigits = minDigits;
  }

  private knownSet(): Set<string> {
    if (!this.known) {
      this.known = new Set<string>();
      for (const list of this.lists) for (const s of list) if (s.length >= MIN_KNOWN) this.known.add(s);
    }
    return this.known;
  }

  /** True when `text` leaks; `where` (e.g. 石岛镇!D7) is then recorded in `leaks`. */
  check(where: string, text: string): boolean {
    if (!this.isLeak(text)) return false;
    this.leaks.push(where);
    return true;
  }

  /**
   * The hook a writer calls with every text it writes (XlsxOptions.onText): a leak is
   * recorded with its cell (石岛镇!D7), whose name is made only then.
   */
  textHook(): (text: string, sheet: string, column: string, row: string | number) => void {
    return (text, sheet, column, row) => {
      if (this.isLeak(text)) this.leaks.push(`${sheet}!${column}${row}`);
    };
  }

  /**
   * True when `text` leaks, recording nothing: for a caller that names the place only
   * when there is a leak (a notice has a million texts to test).
   */
  isLeak(text: string): boolean {
    // Too few digits for an ID pattern (15 or 18 digits) and for any known value, even
    // once folded (most texts — names, amounts, dates: answered without NFKC).
    const digits = digitBound(text);
    if (digits < 15 && (digits < this.minDigits || text.length + digits < this.min)) return false;
    if (HASH.test(text)) return false;
    const compact = foldForPrivacy(text);
    return ID_PATTERN.test(compact) || this.hasKnown(compact);
  }

  private hasKnown(s: string): boolean {
    if (s.length < this.min) return false;
    let start = -1;
    for (let i = 0; i <= s.length; i++) {
      const inRun = i < s.length && this.alphabet[s.charCodeAt(i)] === 1;
      if (inRun) {
        if (start < 0) start = i;
        continue;
      }
      if (start >= 0 && i - start >= this.min) {
        const known = this.knownSet();
        for (const len of this.lengths) {
          if (len > i - start) break;
          for (let a = start; a + len <= i; a++) if (known.has(s.slice(a, a + len))) return true;
        }
      }
      start = -1;
    }
    return false;
  }
}
