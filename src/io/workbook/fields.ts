import { Exact, plainNumberText } from '../../rules/exact.js';
import { type Finding, fieldFinding } from '../../rules/findings.js';
import type { IsoDate, RowRef } from '../../rules/types.js';
import { isoFromCompactNumber, isoFromDateCell, isoFromSerial, isoFromText } from '../xlsx/dates.js';
import type { RawCell } from '../xlsx/grid.js';
import { checkIdNumber, convert15, luhnValid } from './ids.js';
import {
  cleanText,
  codePointLabel,
  forbiddenCharAt,
  normaliseCode,
  normaliseName,
  normaliseNumberText,
  removeSpaces,
  toHalfWidth,
} from './normalise.js';
import type { TableRow } from './sheet.js';

/** A field that could not be read: its finding is already recorded. */
export const BAD: unique symbol = Symbol('bad');
export type Bad = typeof BAD;

/** The value of a cell as the person sees it in Excel or WPS (for messages). */
export function typedValue(c: RawCell | undefined): string {
  if (!c) return '';
  switch (c.t) {
    case 's':
      return c.v;
    case 'n':
      return plainNumberText(c.v);
    case 'd':
      return isoFromDateCell(c.v) ?? String(c.v);
    case 'b':
      return c.v ? 'TRUE' : 'FALSE';
    case 'e':
      return c.v;
    case 'f':
      return `=${c.formula}`;
  }
}

const HOUSEHOLD_SUFFIX = /户$/;
const MONTH_SUFFIX = /个?月$/;
const PERCENT_SUFFIX = /%$/;
const CARD_DIGITS = /^\d{12,19}$/;
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', 'x']);

/** Excel keeps at most this many characters in a cell: a longer text would be cut in the outputs. */
export const EXCEL_MAX_TEXT = 32_767;

/** A text a spreadsheet takes for a formula once exported to CSV or retyped (= + - @ first). */
const FORMULA_LEAD = /^[=+\-@]./s;

/** Dates accepted in date columns (years outside are typos: 2102, 1912). */
export const DATE_YEARS = { min: 1990, max: 2100 } as const;

/** Excel keeps 15 significant digits: a number at or above this has lost digits. */
const DIGITS_LOST_AT = 1e15;

/**
 * Numbers read from cells, by the number or the text typed: a sheet repeats the same few
 * ratios, months and scores, and an Exact is immutable, so each is parsed once.
 */
export class NumberCache {
  private readonly byNumber = new Map<number, Exact>();
  private readonly byText = new Map<string, Exact | null>();

  ofNumber(v: number): Exact {
    let x = this.byNumber.get(v);
    if (x === undefined) {
      x = Exact.fromNumber(v);
      if (this.byNumber.size < 100_000) this.byNumber.set(v, x);
    }
    return x;
  }

  /** A plain decimal text (already normalised) → Exact, or null when it is not one. */
  ofText(t: string): Exact | null {
    let x = this.byText.get(t);
    if (x === undefined) {
      x = DECIMAL_TEXT.test(t) ? Exact.parse(t) : null;
      if (this.byText.size < 100_000) this.byText.set(t, x);
    }
    return x;
  }
}

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Whether a workbook may hold a text with a character no text may hold (characters.ts):
 * decided as its texts are decoded (every shared string once, every inline text as it
 * comes), so the common workbook, which has none, is not searched cell by cell again.
 * True (search every cell) unless the reader of the workbook says otherwise.
 */
export interface TextScreen {
  suspect: boolean;
}

/**
 * Reads the fields of one data row: each reader returns the normalised value, or BAD
 * after recording a finding with the row's file, sheet, row, column, header and the
 * value as typed. One reader serves every row of a sheet (reset to each row in turn).
 */
export class RowReader {
  tr: TableRow = { row: 0, cells: [] };
  src: RowRef = { file: '', sheet: '', row: 0 };

  constructor(
    /** Field key → its place in a TableRow's cells (schema.ts fieldIndex). */
    readonly index: Readonly<Record<string, number>>,
    readonly findings: Finding[],
    readonly date1904: boolean,
    readonly numbers: NumberCache = new NumberCache(),
    readonly screen: TextScreen = { suspect: true },
  ) {}

  /** Points the reader at the next row. */
  reset(tr: TableRow, src: RowRef): this {
    this.tr = tr;
    this.src = src;
    return this;
  }

  cell(key: string): RawCell | undefined {
    const i = this.index[key];
    return i === undefined ? undefined : this.tr.cells[i];
  }

  typed(key: string): string {
    return typedValue(this.cell(key));
  }

  report(
    code: string,
    key: string,
    params: Record<string, string | number>,
    level: Finding['level'] = 'error',
  ): Bad {
    this.findings.push(fieldFinding(level, code, this.src, key, this.typed(key), params));
    return BAD;
  }

  /**
   * The common checks of every field: a cached error value, a formula never calculated,
   * an empty required value. Returns the cell, null when empty, or BAD.
   */
  private pre(key: string, required: boolean, expected: string, lenient = false): RawCell | null | Bad {
    const c = this.cell(key);
    if (c?.t === 'e') return this.report('cell_error', key, { expected });
    if (c?.t === 's') {
      // Decided here for every text of every sheet (docs/decisions.md); a character no text
      // may hold is looked for only in a workbook whose texts were seen to have one (screen).
      if (c.v.length > EXCEL_MAX_TEXT)
        return this.report('text_too_long', key, { expected: `≤ ${EXCEL_MAX_TEXT}`, length: c.v.length });
      const at = this.screen.suspect ? forbiddenCharAt(c.v) : -1;
      if (at >= 0)
        return this.report('text_control', key, { char: codePointLabel(c.v, at), position: at + 1 });
    }
    if (c?.t === 'f') {
      if (lenient && !required) {
        this.report('formula_no_value', key, { expected }, 'warning');
        return null;
      }
      return this.report('formula_no_value', key, { expected });
    }
    if (!c || (c.t === 's' && cleanText(c.v) === '')) {
      return required ? this.report('required_empty', key, { expected }) : null;
    }
    return c;
  }

  /** Plain text: numbers as their digits, dates as ISO text. `lenient`: free text (a formula with no value only warns). */
  text(
    key: string,
    required: boolean,
    norm: (s: string) => string = cleanText,
    lenient = false,
  ): string | Bad {
    const c = this.pre(key, required, 'text', lenient);
    if (c === BAD) return BAD;
    if (c === null) return '';
    const t = norm(typedValue(c));
    if (!t && required) return this.report('required_empty', key, { expected: 'text' });
    return t;
  }

  /**
   * A warning when a text read starts like a formula (= + - @): harmless in the xlsx the
   * tool writes, live once a clerk exports it to CSV or retypes it (issue 18).
   */
  formulaLike(key: string, value: string | Bad): void {
    if (typeof value === 'string' && FORMULA_LEAD.test(value))
      this.report('text_formula_like', key, { expected: 'text' }, 'warning');
  }

  /** A code (村代码): spaces removed, full-width → half-width. */
  code(key: string, required: boolean): string | Bad {
    return this.text(key, required, normaliseCode);
  }

  name(key: string, required: boolean): string | Bad {
    return this.text(key, required, normaliseName);
  }

  /** 身份证号: 18 characters with a valid GB 11643 check character, never a number cell. */
  idNumber(key: string, maxYear: number): string | Bad {
    const c = this.pre(key, true, '18');
    if (c === BAD || c === null) return BAD;
    if (c.t === 'n') return this.report('id_as_number', key, { expected: '18' });
    const id = normaliseCode(typedValue(c));
    const problem = checkIdNumber(id, maxYear);
    if (problem === 'id_15_digit')
      return this.report(problem, key, { expected: '18', converted: convert15(id) });
    if (problem === 'id_birth_date')
      return this.report(problem, key, { expected: `1900–${maxYear}`, birth: id.slice(6, 14) });
    if (problem) return this.report(problem, key, { expected: '18' });
    return id;
  }

  /**
   * 银行卡号: digits after removing spaces. A number cell has lost its digits from the 16th
   * on (an error); shorter numbers are exact (a warning). The form and Luhn check only
   * matter for payout, so they are warnings here.
   */
  account(key: string): string | Bad {
    const c = this.pre(key, false, '12–19');
    if (c === BAD) return BAD;
    if (c === null) return '';
    if (c.t === 'n') {
      if (!Number.isSafeInteger(c.v) || c.v >= DIGITS_LOST_AT) {
        return this.report('card_as_number', key, { expected: '12–19' });
      }
      this.report('card_as_number', key, { expected: '12–19' }, 'warning');
    }
    const digits = normaliseCode(typedValue(c));
    if (!CARD_DIGITS.test(digits)) this.report('card_format', key, { expected: '12–19' }, 'warning');
    else if (!luhnValid(digits)) this.report('card_luhn', key, { expected: 'Luhn' }, 'warning');
    return digits;
  }

  /** A number typed as a number or as text (full-width digits, thousands separators). */
  private number(c: RawCell, suffix?: RegExp): Exact | null {
    if (c.t === 'n') return Number.isFinite(c.v) ? this.numbers.ofNumber(c.v) : null;
    if (c.t !== 's') return null;
    let t = normaliseNumberText(c.v);
    if (suffix) t = t.replace(suffix, '');
    return this.numbers.ofText(t);
  }

  /** 户数: a whole number ≥ 1 (a trailing 户 accepted); above `warnAbove` a warning. */
  households(key: string, warnAbove: number): number | Bad {
    const expected = '≥ 1';
    const c = this.pre(key, true, expected);
    if (c === BAD || c === null) return BAD;
    if (c.t === 'n' && Number.isSafeInteger(c.v) && c.v >= 1) {
      if (c.v > warnAbove)
        this.report('households_implausible', key, { expected: `≤ ${warnAbove}` }, 'warning');
      return c.v;
    }
    const x = this.number(c, HOUSEHOLD_SUFFIX);
    if (x === null || !x.isInteger() || x.lt(Exact.ONE) || x.gt(Exact.of(Number.MAX_SAFE_INTEGER))) {
      return this.report('households_invalid', key, { expected });
    }
    const n = Number(x.n);
    if (n > warnAbove) this.report('households_implausible', key, { expected: `≤ ${warnAbove}` }, 'warning');
    return n;
  }

  /** 任职月数: a whole number 1–12 (个月/月 after it accepted); empty → 12. */
  months(key: string): number | Bad {
    const c = this.pre(key, false, '1–12');
    if (c === BAD) return BAD;
    if (c === null) return 12;
    if (c.t === 'n' && Number.isInteger(c.v) && c.v >= 1 && c.v <= 12) return c.v;
    const x = this.number(c, MONTH_SUFFIX);
    if (x === null || !x.isInteger() || x.lt(Exact.ONE) || x.gt(Exact.of(12))) {
      return this.report('months_range', key, { expected: '1–12' });
    }
    return Number(x.n);
  }

  /** 拟定比例: an exact decimal > 0 (90% accepted); the cap is checked against the role later. */
  ratio(key: string): Exact | null | Bad {
    const c = this.pre(key, false, '0 < x ≤ 1');
    if (c === BAD) return BAD;
    if (c === null) return null;
    const percent = c.t === 's' && normaliseNumberText(c.v).endsWith('%');
    let x = this.number(c, PERCENT_SUFFIX);
    // 0.9% is 0.009: a fraction typed with a per cent sign, never a ratio anyone is paid at.
    if (x && percent && x.gt(Exact.ZERO) && x.lt(Exact.ONE))
      return this.report('ratio_percent_fraction', key, {
        expected: '90% / 0.9',
        meant: `${x.mul(Exact.HUNDRED).toString()}%`,
      });
    if (x && percent) x = x.div(Exact.HUNDRED);
    if (x === null || !x.gt(Exact.ZERO)) return this.report('ratio_invalid', key, { expected: '> 0' });
    return x;
  }

  /** 个人加减分: an exact decimal from −100 to 100 with at most 2 places. */
  adjustment(key: string): Exact | null | Bad {
    const expected = '−100 … 100, ≤ 2 decimals';
    const c = this.pre(key, false, expected);
    if (c === BAD) return BAD;
    if (c === null) return null;
    const x = this.number(c);
    if (!x || x.lt(Exact.of(-100)) || x.gt(Exact.HUNDRED) || !x.mul(Exact.HUNDRED).isInteger()) {
      return this.report('adjustment_invalid', key, { expected });
    }
    return x;
  }

  /** A score or satisfaction: an exact number from 0 to 100. */
  percentScore(key: string, required: boolean, code: string): Exact | null | Bad {
    const c = this.pre(key, required, '0–100');
    if (c === BAD) return BAD;
    if (c === null) return null;
    const x = this.number(c);
    // "82分" or "优" is not a number at all: say so, not that it is out of range.
    if (!x) return this.report(`${code.replace(/_range$/, '')}_not_number`, key, { expected: '0–100' });
    if (x.lt(Exact.ZERO) || x.gt(Exact.HUNDRED)) return this.report(code, key, { expected: '0–100' });
    return x;
  }

  /** 是/否 (also Y/N, yes/no, true/false, 1/0, √/×); empty → 否. */
  yesNo(key: string): boolean | Bad {
    const c = this.pre(key, false, '是/否');
    if (c === BAD) return BAD;
    if (c === null) return false;
    if (c.t === 'b') return c.v;
    const t = removeSpaces(toHalfWidth(typedValue(c))).toLowerCase();
    if (YES.has(t)) return true;
    if (NO.has(t)) return false;
    return this.report('weak_invalid', key, { expected: '是/否' });
  }

  /** A date: a date cell, a serial number (1900 or 1904 system), or text in the accepted forms. */
  date(key: string, required: boolean): IsoDate | null | Bad {
    const expected = '2012-03-31 / 2012/3/31 / 2012.3.31 / 2012年3月31日';
    const c = this.pre(key, required, expected);
    if (c === BAD) return BAD;
    if (c === null) return null;
    let iso: IsoDate | null = null;
    if (c.t === 'd') iso = isoFromDateCell(c.v);
    else if (c.t === 'n') iso = isoFromCompactNumber(c.v) ?? isoFromSerial(c.v, this.date1904);
    else if (c.t === 's') iso = isoFromText(c.v);
    const year = iso ? Number(iso.slice(0, 4)) : 0;
    if (!iso || year < DATE_YEARS.min || year > DATE_YEARS.max)
      return this.report('date_invalid', key, { expected });
    return iso;
  }

  /** One of a fixed list (状态, 验收结果); empty → `dflt`. */
  oneOf<T extends string>(key: string, values: readonly T[], dflt: T | null, code: string): T | null | Bad {
    const expected = values.join(' / ');
    const c = this.pre(key, false, expected);
    if (c === BAD) return BAD;
    if (c === null) return dflt;
    const t = removeSpaces(toHalfWidth(typedValue(c)));
    const hit = values.find((v) => v === t);
    return hit ?? this.report(code, key, { expected });
  }
}
