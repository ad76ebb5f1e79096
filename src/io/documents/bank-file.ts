import { EXIT, ExitError, fileError } from '../../errors.js';
import type { Finding } from '../../rules/findings.js';
import { fen, fenToYuanNumber, formatYuan, sumFen } from '../../rules/money.js';
import { rmbUpper } from '../../rules/rmb-upper.js';
import type { IsoDate } from '../../rules/types.js';
import type { RawCell } from '../xlsx/grid.js';
import { columnLetter as colLetter } from '../xlsx/grid.js';
import { displayWidth } from '../xlsx/layout.js';
import { type CellInput, type Column, SAMPLE_ROWS, type XlsxOptions, XlsxWriter } from '../xlsx/writer.js';
import { readSheetCells, shownText } from './sheet-texts.js';
import { CREATOR } from './style.js';

/** One bank row: one person, the sum of their roster rows in this batch (spec/outputs.md, 银行代发). */
export interface BankRow {
  name: string;
  idNumber: string;
  account: string;
  amountFen: number;
}

export interface BankFileInput {
  year: number;
  batch: 'base' | 'reward' | 'all';
  bank: string;
  batchId: string;
  rosterDigest: string;
  /** 摘要 of every detail row, e.g. '2012年度农村干部基本补贴'. */
  summary: string;
  /** Already filtered: one per person, amount > 0. */
  rows: BankRow[];
  approvals: { dept: string; by: string; at: string; digest: string; key?: string }[];
  /**
   * Whether payout verified the approvals' signatures against the trust file; false
   * (--unsigned) writes 审批未经签名验证 into 控制信息 (spec/approvals.md). Default true.
   */
  verified?: boolean;
  excluded: { idNumber: string; name: string; reason: string }[];
  /** A reissue (spec/banks.md): 控制信息 shows 重发, the issue number and the reason. Absent: a first issue, today's bytes. */
  reissue?: { issue: number; reason: string };
}

/** What 控制信息 says of approvals paid with --unsigned. */
export const UNVERIFIED_NOTE = '审批未经签名验证';

export interface BankFileReadBack {
  count: number;
  totalFen: number;
  rows: BankRow[];
  control: { count: number; totalFen: number; upper: string; batchId: string };
}

export const DETAIL_SHEET = '代发明细';
export const CONTROL_SHEET = '控制信息';
export const DETAIL_HEADERS = ['序号', '姓名', '身份证号', '银行卡号', '金额', '摘要'] as const;
const BATCH_LABEL: Record<BankFileInput['batch'], string> = {
  base: '基本补贴',
  reward: '奖励补贴',
  all: '基本补贴和奖励补贴',
};
/** Two decimals, no thousands separators: what banks' upload templates accept. */
const AMOUNT = '0.00';
/** The finding code of every read-back problem; `params.expected` says what the cell should hold. */
export const READBACK_CODE = 'bank_readback';

/** Characters Windows refuses in a file name, mapped to their full-width forms so names stay readable and distinct. */
export {
  bankFileKey,
  bankFileName,
  bankNameClashes,
  bankNameProblem,
  MAX_FILE_NAME_BYTES,
  safeNamePart,
} from '../../rules/bank-names.js';

/** An Excel number cell → whole fen by its two-decimal text; null when the cell does not hold whole fen. */
export function fenFromCellNumber(n: number): number | null {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e13) return null;
  const text = n.toFixed(2);
  if (Number(text) !== n) return null;
  const neg = text.startsWith('-');
  const [int = '', frac = ''] = (neg ? text.slice(1) : text).split('.');
  const v = BigInt(int) * 100n + BigInt(frac);
  return fen(neg ? -v : v);
}

/** The yuan number an amount cell gets; refuses (a bug) an amount whose two decimals a double would not keep. */
function amountCell(f: number): number {
  const n = fenToYuanNumber(f);
  if (fenFromCellNumber(n) !== f)
    throw new RangeError(`bank file: ${formatYuan(f)} cannot be stored exactly`);
  return n;
}

/**
 * A fixed date for the workbook's properties, from the input: the day of the last
 * approval as the approver wrote it (its own offset), else 31 December of the year.
 */
function workbookDate(input: BankFileInput): IsoDate {
  let best = Number.NaN;
  let day = `${input.year}-12-31`;
  for (const a of input.approvals) {
    const t = Date.parse(a.at);
    if (!Number.isNaN(t) && !(t <= best) && /^\d{4}-\d\d-\d\d/.test(a.at)) {
      best = t;
      day = a.at.slice(0, 10);
    }
  }
  return day as IsoDate;
}

function checkInput(input: BankFileInput): void {
  if (!Number.isInteger(input.year) || input.year < 1980 || input.year > 9999) {
    throw new RangeError(`bank file: bad year ${input.year}`);
  }
  const seen = new Set<string>();
  for (const r of input.rows) {
    if (!Number.isSafeInteger(r.amountFen) || r.amountFen <= 0) {
      throw new RangeError(
        `bank file: amount of ${r.idNumber} must be whole fen above 0, got ${r.amountFen}`,
      );
    }
    if (!r.idNumber || !r.account || !r.name)
      throw new RangeError(`bank file: incomplete row for ${r.idNumber}`);
    if (seen.has(r.idNumber)) throw new RangeError(`bank file: ${r.idNumber} has more than one row`);
    seen.add(r.idNumber);
  }
}

const DETAIL_COLUMNS: readonly Column[] = [
  { header: '序号', kind: 'int', align: 'center' },
  // text cells ('@'): a name, an ID ending in X, a 19-digit card, the 摘要, each as written
  { header: '姓名', kind: 'code' },
  { header: '身份证号', kind: 'code' },
  { header: '银行卡号', kind: 'code' },
  { header: '金额', kind: 'decimal', places: 2, numFmt: AMOUNT },
  { header: '摘要', kind: 'code' },
];

/** 控制信息's label/value rows: each value typed by its own table (no header row). */
const LABEL: Column = { header: '项目', kind: 'text' };
const COUNT_ROWS: readonly Column[] = [LABEL, { header: '笔数', kind: 'int', align: 'left' }];
const AMOUNT_ROWS: readonly Column[] = [
  LABEL,
  { header: '总金额', kind: 'decimal', places: 2, numFmt: AMOUNT, align: 'left' },
];
const TEXT_ROWS: readonly Column[] = [
  LABEL,
  { header: '内容', kind: 'code' },
  { header: '说明', kind: 'text' },
];
const APPROVAL_COLUMNS: readonly Column[] = ['部门', '审批人', '时间', '摘要', '密钥指纹'].map((header) => ({
  header,
  kind: 'code' as const,
}));
const EXCLUDED_COLUMNS: readonly Column[] = [
  { header: '身份证号', kind: 'code' },
  { header: '姓名', kind: 'text' },
  { header: '原因', kind: 'text', maxWidth: 40 },
];

function bankOptions(input: BankFileInput): XlsxOptions {
  return {
    creator: CREATOR,
    sheets: [DETAIL_SHEET, CONTROL_SHEET],
    date: workbookDate(input),
  };
}

/**
 * The bank payout workbook (spec/outputs.md, 银行代发-YEAR-BATCH-BANK.xlsx), through
 * xlsx-fast: the detail rows are written as they are made (a bank of a full sheet's
 * 200,000 people is never held as cells). The same input always gives the same bytes:
 * the workbook's date comes from the input, the zip entries' times are fixed.
 */
async function writeBank(xw: XlsxWriter, input: BankFileInput): Promise<void> {
  checkInput(input);
  const totalFen = sumFen(input.rows.map((r) => r.amountFen));

  const detail = await xw.sheet(DETAIL_SHEET);
  // Detail rows only, under one header row: no title, no 合计 (banks' upload templates refuse them).
  // A bank of more than SAMPLE_ROWS people is measured on its first rows: the widest
  // value of each column is given, so no later name or card is cut short on paper.
  const long = input.rows.length > SAMPLE_ROWS;
  const widest: CellInput[] = [input.rows.length, '', '', '', 0, input.summary];
  if (long) {
    let nameW = -1;
    for (const r of input.rows) {
      const w = displayWidth(r.name);
      if (w > nameW) {
        nameW = w;
        widest[1] = r.name;
      }
      if (r.idNumber.length > String(widest[2]).length) widest[2] = r.idNumber;
      if (r.account.length > String(widest[3]).length) widest[3] = r.account;
      if (r.amountFen > (widest[4] as number)) widest[4] = r.amountFen;
    }
    widest[4] = amountCell(widest[4] as number);
  }
  detail.table(long ? DETAIL_COLUMNS.map((c, i) => ({ ...c, widest: widest[i] })) : DETAIL_COLUMNS, {
    length: input.rows.length,
    get: (i) => {
      const r = input.rows[i] as BankRow;
      return [i + 1, r.name, r.idNumber, r.account, amountCell(r.amountFen), input.summary];
    },
  });
  await detail.finish();

  const control = await xw.sheet(CONTROL_SHEET);
  const rowsOnly = { header: false } as const;
  control.table(COUNT_ROWS, [['笔数', input.rows.length]], undefined, rowsOnly);
  control.table(AMOUNT_ROWS, [['总金额', amountCell(totalFen)]], undefined, rowsOnly);
  control.table(
    TEXT_ROWS,
    [
      ['总金额大写', rmbUpper(totalFen), ''],
      ['批次', input.batchId, ''],
      ['批次类型', input.batch, BATCH_LABEL[input.batch]],
      ['花名册摘要', input.rosterDigest, ''],
      [
        '审批验证',
        input.verified === false ? UNVERIFIED_NOTE : '已按信任文件验证签名',
        input.verified === false ? '以 --unsigned 发放' : '',
      ],
      ['开户行', input.bank, ''],
      ['摘要', input.summary, ''],
      ...(input.reissue
        ? [['重发', `第 ${input.reissue.issue} 次发放`, input.reissue.reason] as CellInput[]]
        : []),
    ],
    undefined,
    rowsOnly,
  );
  control.blank();
  control.note('审批记录', { bold: true });
  control.table(
    APPROVAL_COLUMNS,
    input.approvals.length
      ? input.approvals.map((a) => [a.dept, a.by, a.at, a.digest, a.key ?? ''])
      : [['（无）']],
    undefined,
    { titles: false },
  );
  control.blank();
  control.note('暂停发放及未列入代发的人员', { bold: true });
  control.table(
    EXCLUDED_COLUMNS,
    input.excluded.length
      ? // A Chinese document: "暂停发放：…" with a full-width colon (the --json reason keeps the spec's form).
        input.excluded.map((x) => [x.idNumber, x.name, x.reason.replace(/(\p{Script=Han}): ?/gu, '$1：')])
      : [['（无）']],
    undefined,
    { titles: false },
  );
  await control.finish();
}

/** The bank payout workbook as bytes (for tests and small callers); payout streams it into a file with writeBankFile. */
export async function bankWorkbookBytes(input: BankFileInput): Promise<Buffer> {
  return XlsxWriter.writeBytes(bankOptions(input), (xw) => writeBank(xw, input));
}

/** The bank payout workbook streamed into the file at `path` (a temporary file the command renames). */
export async function writeBankFile(path: string, input: BankFileInput): Promise<void> {
  await XlsxWriter.writeFile(path, bankOptions(input), (xw) => writeBank(xw, input));
}

/** A lean cell as the text it shows ('' for none), for a finding. */
function cellText(c: RawCell | undefined): string {
  return c ? shownText(c) : '';
}

/**
 * Reads a bank payout workbook back (the read-back check of `payout`), streamed with the
 * lean reader: every detail row with its amount in whole fen, the sums in integer fen,
 * and the control sheet's figures. Any cell that is not what the writer puts there (a
 * number where text belongs, an amount that is not whole fen, a 合计 row, a missing sheet
 * or header) is a finding `bank_readback`; all of them are collected and thrown as one
 * refusal (exit 3).
 */
export async function readBankFile(file: string): Promise<BankFileReadBack> {
  let read: Awaited<ReturnType<typeof readSheetCells<RawCell>>>;
  try {
    read = await readSheetCells(file, [DETAIL_SHEET, CONTROL_SHEET], (c) => c);
  } catch (e) {
    throw fileError('not_xlsx', file, { reason: e instanceof Error ? e.message : String(e) });
  }
  if ('code' in read) {
    const reason = read.params?.reason;
    if (read.code === 'file_unreadable' && (reason === 'ENOENT' || reason === 'ENOTDIR'))
      throw fileError('file_missing', file);
    throw new ExitError(EXIT.io, [read]);
  }

  const problems: Finding[] = [];
  const problem = (
    sheet: string,
    row: number,
    col: number,
    header: string,
    expected: string,
    value = '',
  ): void => {
    problems.push({
      level: 'error',
      code: READBACK_CODE,
      file,
      sheet,
      row,
      column: col ? colLetter(col) : '',
      header,
      value,
      params: { expected },
    });
  };
  type Rows = (RawCell[] | undefined)[];
  const amountOf = (sheet: string, rows: Rows, r: number, col: number, header: string): number | null => {
    const c = rows[r]?.[col];
    const f = c?.t === 'n' ? fenFromCellNumber(c.v) : null;
    if (f === null) problem(sheet, r, col, header, 'amount', cellText(c));
    return f;
  };
  const textOf = (sheet: string, rows: Rows, r: number, col: number, header: string): string => {
    const c = rows[r]?.[col];
    if (c?.t !== 's' || c.v === '') {
      problem(sheet, r, col, header, 'text', cellText(c));
      return cellText(c);
    }
    return c.v;
  };

  const rows: BankRow[] = [];
  const detail = read.sheets.get(DETAIL_SHEET);
  if (!detail) problem(DETAIL_SHEET, 0, 0, '', 'sheet');
  else {
    DETAIL_HEADERS.forEach((h, i) => {
      const got = cellText(detail[1]?.[i + 1]);
      if (got.trim() !== h) problem(DETAIL_SHEET, 1, i + 1, h, 'header', got);
    });
    // Every row after the header up to the last one holding anything is a detail row: a
    // blank row or a 合计 row in between is a problem, never silently skipped.
    for (let r = 2; r < detail.length; r++) {
      const serial = detail[r]?.[1];
      if (serial?.t !== 'n' || serial.v !== r - 1)
        problem(DETAIL_SHEET, r, 1, '序号', 'serial', cellText(serial));
      const name = textOf(DETAIL_SHEET, detail, r, 2, '姓名');
      const idNumber = textOf(DETAIL_SHEET, detail, r, 3, '身份证号');
      const account = textOf(DETAIL_SHEET, detail, r, 4, '银行卡号');
      const amountFen = amountOf(DETAIL_SHEET, detail, r, 5, '金额');
      textOf(DETAIL_SHEET, detail, r, 6, '摘要');
      rows.push({ name, idNumber, account, amountFen: amountFen ?? 0 });
      // the row is a record now: a bank of 200,000 people is not held twice
      detail[r] = undefined;
    }
  }

  const control = { count: 0, totalFen: 0, upper: '', batchId: '' };
  const ctl = read.sheets.get(CONTROL_SHEET);
  if (!ctl) problem(CONTROL_SHEET, 0, 0, '', 'sheet');
  else {
    const byLabel = new Map<string, number>();
    ctl.forEach((row, r) => {
      const label = cellText(row?.[1]).trim();
      if (label && !byLabel.has(label)) byLabel.set(label, r);
    });
    const need = (label: string): number | null => {
      const r = byLabel.get(label);
      if (r === undefined) problem(CONTROL_SHEET, 0, 0, label, 'label', label);
      return r ?? null;
    };
    const countRow = need('笔数');
    if (countRow !== null) {
      const c = ctl[countRow]?.[2];
      if (c?.t === 'n' && Number.isSafeInteger(c.v)) control.count = c.v;
      else problem(CONTROL_SHEET, countRow, 2, '笔数', 'count', cellText(c));
    }
    const totalRow = need('总金额');
    if (totalRow !== null) control.totalFen = amountOf(CONTROL_SHEET, ctl, totalRow, 2, '总金额') ?? 0;
    const upperRow = need('总金额大写');
    if (upperRow !== null) control.upper = cellText(ctl[upperRow]?.[2]);
    const batchRow = need('批次');
    if (batchRow !== null) control.batchId = cellText(ctl[batchRow]?.[2]);
  }

  if (problems.length) throw new ExitError(EXIT.refused, problems);
  return { count: rows.length, totalFen: sumFen(rows.map((r) => r.amountFen)), rows, control };
}
