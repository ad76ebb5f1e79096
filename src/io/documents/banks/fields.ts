/**
 * The values a profile's columns and summary hold (spec/banks.md), and the checks every
 * value passes before a file is written: no delimiter, no line break, no leading `= + - @`
 * (a text file is opened in Excel too), a memo within its limit, and a character the
 * encoding can hold — checked by encoding and decoding it back, because iconv-lite writes
 * `?` for what it cannot encode without a word.
 */
import iconv from 'iconv-lite';
import type { Finding } from '../../../rules/findings.js';
import { formatYuan } from '../../../rules/money.js';
import { rmbUpper } from '../../../rules/rmb-upper.js';
import type { BankRow } from '../bank-file.js';
import {
  type BankProfile,
  type Encoding,
  GENERIC_PROFILE,
  type ProfileColumn,
  type SummaryField,
} from './profile.js';

/** One person of a profile's file: the bank row and the 开户行 spelling of the roster. */
export interface ProfileRow extends BankRow {
  bank: string;
}

export interface ProfileFileInput {
  profile: BankProfile;
  /** The profile's first `match` entry: {bank} of the file name. */
  bankLabel: string;
  year: number;
  batch: 'base' | 'reward' | 'all';
  batchId: string;
  rosterDigest: string;
  /** 摘要 of every row (batchSummary). */
  memo: string;
  /** YYYYMMDD of the run. */
  date: string;
  rows: ProfileRow[];
  totalFen: number;
  approvals: { dept: string; by: string; at: string; digest: string; key?: string }[];
  /** Whether payout verified the approvals' signatures (false: --unsigned): said in an xlsx control sheet, never in a text file. */
  verified?: boolean;
  excluded: { idNumber: string; name: string; reason: string }[];
  /** Reissue: the issue number and the reason (shown in xlsx 控制信息, never in a text file). */
  reissue: { issue: number; reason: string } | null;
}

export function amountText(fen: number, unit: ProfileColumn['unit']): string {
  return unit === 'fen' ? String(fen) : formatYuan(fen, false);
}

/** The text a column holds for row i. */
export function columnValue(c: ProfileColumn, r: ProfileRow, i: number, memo: string): string {
  switch (c.field) {
    case 'seq':
      return String(i + 1);
    case 'name':
      return r.name;
    case 'id_number':
      return r.idNumber;
    case 'account':
      return r.account;
    case 'amount':
      return amountText(r.amountFen, c.unit);
    case 'memo':
      return memo;
    case 'bank':
      return r.bank;
    case 'constant':
      return c.value;
  }
}

export function amountUnit(profile: BankProfile): ProfileColumn['unit'] {
  return profile.columns.find((c) => c.field === 'amount')?.unit ?? 'yuan';
}

/** The summary line's values, in the profile's order. */
export function summaryValues(input: ProfileFileInput): string[] {
  const unit = amountUnit(input.profile);
  const one = (f: SummaryField): string => {
    switch (f) {
      case 'count':
        return String(input.rows.length);
      case 'total':
        return amountText(input.totalFen, unit);
      case 'total_upper':
        return rmbUpper(input.totalFen);
      case 'batch':
        return input.batchId;
      case 'date':
        return input.date;
      case 'payer_account':
        return input.profile.payer?.account ?? '';
      case 'payer_name':
        return input.profile.payer?.name ?? '';
    }
  };
  return (input.profile.summary ?? []).map(one);
}

export function titleOf(c: ProfileColumn): string {
  return c.title || c.field;
}

/** Bytes of a text in one of the profile encodings. */
export function encodeText(text: string, enc: Encoding): Buffer {
  if (enc === 'utf-8') return Buffer.from(text, 'utf8');
  if (enc === 'utf-8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return iconv.encode(text, enc);
}

/** What a read-back of a bank file found that is not what was meant (payout_readback). */
export function readbackFinding(
  file: string,
  sheet: string,
  what: string,
  expected: string | number,
  got: string | number,
): Finding {
  return {
    level: 'error',
    code: 'payout_readback',
    file,
    sheet,
    row: 0,
    column: '',
    header: '',
    value: '',
    params: { what, expected: String(expected), got: String(got) },
  };
}

/**
 * A decoder of bytes in one of the profile encodings that takes them a piece at a time (a
 * character cut between pieces is kept for the next); a BOM is left in place.
 */
export function textDecoder(enc: Encoding): { write(b: Buffer): string; end(): string } {
  if (enc === 'utf-8' || enc === 'utf-8-bom') {
    const d = new TextDecoder('utf-8', { ignoreBOM: true });
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
  }
  const d = iconv.getDecoder(enc, { stripBOM: false });
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

/** Whether the encoding holds the text exactly (encoded and decoded back, the same). */
export function encodable(text: string, enc: Encoding): boolean {
  if (enc === 'utf-8' || enc === 'utf-8-bom') return !LONE_SURROGATE.test(text);
  return iconv.decode(iconv.encode(text, enc), enc) === text;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FORMULA_START = /^[=+\-@]/;
/** The most findings of one kind and column per file; the rest are counted in one more finding. */
const MAX_PER_KIND = 20;

/**
 * Every value of the file checked before it is written: findings name the person (name and
 * ID number), the column and the value. Text formats check the delimiter and the encoding;
 * every format checks line breaks, a leading = + - @ and the length limits.
 */
export function checkProfileValues(input: ProfileFileInput, target: string): Finding[] {
  const { profile } = input;
  const text = profile.format === 'text';
  const out: Finding[] = [];
  const counts = new Map<string, number>();
  const add = (
    code: string,
    header: string,
    value: string,
    r: ProfileRow | null,
    extra: Record<string, string | number> = {},
  ) => {
    const key = `${code}|${header}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n > MAX_PER_KIND) return;
    out.push({
      level: 'error',
      code,
      file: target,
      sheet: '',
      row: 0,
      column: '',
      header,
      value,
      params: {
        name: r?.name ?? '',
        id: r?.idNumber ?? '',
        profile: profile.id,
        delimiter: profile.delimiter === '\t' ? '\\t' : profile.delimiter,
        encoding: profile.encoding,
        ...extra,
      },
    });
  };
  const check = (header: string, v: string, r: ProfileRow | null, c: ProfileColumn | null, enc = true) => {
    if (/[\r\n]/.test(v)) add('bank_value_line_break', header, v, r);
    if (text && v.includes(profile.delimiter)) add('bank_value_delimiter', header, v, r);
    if (c?.field !== 'amount' && FORMULA_START.test(v)) add('bank_value_formula', header, v, r);
    if (c?.maxChars != null && [...v].length > c.maxChars)
      add('bank_value_too_long', header, v, r, { max: c.maxChars, got: [...v].length });
    if (enc && text && !encodable(v, profile.encoding)) add('bank_value_encoding', header, v, r);
  };
  if (profile.summary) {
    const values = summaryValues(input);
    profile.summary.forEach((f, i) => {
      check(f, values[i] ?? '', null, null);
    });
  }
  if (profile.header) for (const c of profile.columns) check(titleOf(c), titleOf(c), null, null);
  // Values the same on every row (memo, constants) are checked once, on the first person.
  const first = input.rows[0];
  const perRow = profile.columns.filter((c) => c.field !== 'memo' && c.field !== 'constant');
  if (first) {
    for (const c of profile.columns)
      if (c.field === 'memo' || c.field === 'constant')
        check(titleOf(c), columnValue(c, first, 0, input.memo), first, c);
  }
  // The encoding is checked on the row's values together first (one encode and decode per
  // person, not one per value), and value by value only for a row that fails.
  const values: string[] = [];
  input.rows.forEach((r, i) => {
    values.length = 0;
    for (const c of perRow) values.push(columnValue(c, r, i, input.memo));
    const rowOk = !text || encodable(values.join(''), profile.encoding);
    perRow.forEach((c, k) => {
      check(titleOf(c), values[k] ?? '', r, c, !rowOk);
    });
  });
  for (const [key, n] of counts) {
    if (n <= MAX_PER_KIND) continue;
    const [code = '', header = ''] = key.split('|');
    out.push({
      level: 'error',
      code: 'bank_value_more',
      file: target,
      sheet: '',
      row: 0,
      column: '',
      header,
      value: '',
      params: { kind: code, more: n - MAX_PER_KIND },
    });
  }
  return out;
}

/** The generic layout's columns, as a profile, for the checks every format gets (no limit, no encoding). */
const GENERIC_AS_PROFILE: BankProfile = {
  ...GENERIC_PROFILE,
  columns: [
    { field: 'name', title: '姓名', unit: 'yuan', maxChars: null, value: '' },
    { field: 'id_number', title: '身份证号', unit: 'yuan', maxChars: null, value: '' },
    { field: 'account', title: '银行卡号', unit: 'yuan', maxChars: null, value: '' },
  ],
};

/**
 * The generic file's values checked as every format's are (spec/banks.md): a line break or
 * a leading = + - @ in a name, ID or card number is an error naming the person. Valid IDs
 * and cards never fail; a name can.
 */
export function checkGenericValues(rows: readonly BankRow[], target: string): Finding[] {
  return checkProfileValues(
    {
      profile: GENERIC_AS_PROFILE,
      bankLabel: '',
      year: 0,
      batch: 'base',
      batchId: '',
      rosterDigest: '',
      memo: '',
      date: '',
      rows: rows as ProfileRow[],
      totalFen: 0,
      approvals: [],
      excluded: [],
      reissue: null,
    },
    target,
  );
}
