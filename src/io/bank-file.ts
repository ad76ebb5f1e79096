import { readFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { EXIT, ExitError, fileError } from '../errors.js';
import type { Finding } from '../rules/findings.js';
import { fen, fenToYuanNumber, formatYuan, sumFen } from '../rules/money.js';
import { rmbUpper } from '../rules/rmb-upper.js';
import { newWorkbook } from './exceljs.js';
import { pinZipTimes } from './xlsx-style.js';

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
  approvals: { dept: string; by: string; at: string; digest: string }[];
  excluded: { idNumber: string; name: string; reason: string }[];
}

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
const TEXT = '@';
/** Two decimals, no thousands separators: what banks' upload templates accept. */
const AMOUNT = '0.00';
/** The finding code of every read-back problem; `params.expected` says what the cell should hold. */
export const READBACK_CODE = 'bank_readback';

/** Characters Windows refuses in a file name, mapped to their full-width forms so names stay readable and distinct. */
const FULL_WIDTH: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  ':': '：',
  '"': '＂',
  '/': '／',
  '\\': '＼',
  '|': '｜',
  '?': '？',
  '*': '＊',
};

function safeNamePart(s: string): string {
  return (
    s
      .trim()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
      .replace(/[<>:"/\\|?*\u0000-\u001f\u007f]/g, (c) => FULL_WIDTH[c] ?? '_')
      // Windows drops trailing dots and spaces silently, which would make two names collide.
      .replace(/[. ]+$/, (m) => '_'.repeat(m.length))
  );
}

/** `银行代发-2012-base-荣成农商银行.xlsx`; characters illegal in file names become full-width look-alikes. */
export function bankFileName(year: number, batch: string, bank: string): string {
  const b = safeNamePart(bank);
  if (!b) throw new RangeError('bankFileName: empty bank name');
  return `银行代发-${year}-${safeNamePart(batch)}-${b}.xlsx`;
}

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

/** A fixed time for the workbook's properties, from the input: the last approval, else 31 December of the year. */
function workbookDate(input: BankFileInput): Date {
  let best = Number.NaN;
  for (const a of input.approvals) {
    const t = Date.parse(a.at);
    if (!Number.isNaN(t) && !(t <= best)) best = t;
  }
  return new Date(Number.isNaN(best) ? Date.UTC(input.year, 11, 31) : best);
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

function textCell(cell: ExcelJS.Cell, value: string): void {
  cell.value = value;
  cell.numFmt = TEXT;
}

/**
 * The bank payout workbook (spec/outputs.md, 银行代发-YEAR-BATCH-BANK.xlsx) as bytes; the
 * caller writes them atomically. The same input always gives the same bytes: the workbook's
 * dates come from the input and the zip entries' times are pinned (xlsx-style pinZipTimes).
 */
export async function bankWorkbookBytes(input: BankFileInput): Promise<Buffer> {
  checkInput(input);
  const totalFen = sumFen(input.rows.map((r) => r.amountFen));
  const when = workbookDate(input);

  const wb = newWorkbook();
  wb.creator = 'cadre-calc';
  wb.lastModifiedBy = 'cadre-calc';
  wb.created = when;
  wb.modified = when;
  // lastPrinted stays unset: the file has not been printed, and an absent date is as deterministic.

  const detail = wb.addWorksheet(DETAIL_SHEET, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
  });
  const widths = [6, 12, 22, 26, 14, 30];
  detail.columns = DETAIL_HEADERS.map((h, i) => ({ header: h, key: h, width: widths[i] ?? 12 }));
  detail.getRow(1).font = { bold: true };
  input.rows.forEach((r, i) => {
    const row = detail.getRow(i + 2);
    row.getCell(1).value = i + 1;
    textCell(row.getCell(2), r.name);
    textCell(row.getCell(3), r.idNumber);
    textCell(row.getCell(4), r.account);
    row.getCell(5).value = amountCell(r.amountFen);
    row.getCell(5).numFmt = AMOUNT;
    textCell(row.getCell(6), input.summary);
  });

  const control = wb.addWorksheet(CONTROL_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  control.columns = [{ width: 22 }, { width: 40 }, { width: 30 }, { width: 70 }];
  const put = (values: (string | number)[], opts: { bold?: boolean; text?: number[] } = {}): ExcelJS.Row => {
    const row = control.addRow(values);
    for (const c of opts.text ?? []) row.getCell(c).numFmt = TEXT;
    if (opts.bold) row.font = { bold: true };
    return row;
  };
  put(['笔数', input.rows.length]);
  put(['总金额', amountCell(totalFen)]).getCell(2).numFmt = AMOUNT;
  put(['总金额大写', rmbUpper(totalFen)]);
  put(['批次', input.batchId], { text: [2] });
  put(['批次类型', input.batch, BATCH_LABEL[input.batch]]);
  put(['花名册摘要', input.rosterDigest], { text: [2] });
  put(['开户行', input.bank]);
  put(['摘要', input.summary]);
  put([]);
  put(['审批记录'], { bold: true });
  put(['部门', '审批人', '时间', '摘要'], { bold: true });
  for (const a of input.approvals) put([a.dept, a.by, a.at, a.digest], { text: [3, 4] });
  if (!input.approvals.length) put(['（无）']);
  put([]);
  put(['暂停发放及未列入代发的人员'], { bold: true });
  put(['身份证号', '姓名', '原因'], { bold: true });
  for (const x of input.excluded) put([x.idNumber, x.name, x.reason], { text: [1] });
  if (!input.excluded.length) put(['（无）']);

  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return pinZipTimes(bytes);
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Reads a bank payout workbook back (the read-back check of `payout`): every detail row with
 * its amount in whole fen, the sums in integer fen, and the control sheet's figures. Any cell
 * that is not what the writer puts there (a number where text belongs, an amount that is not
 * whole fen, a 合计 row, a missing sheet or header) is a finding `bank_readback`; all of them
 * are collected and thrown as one refusal (exit 3).
 */
export async function readBankFile(pathOrBuffer: string | Buffer): Promise<BankFileReadBack> {
  const file = typeof pathOrBuffer === 'string' ? pathOrBuffer : '';
  let bytes: Buffer;
  if (typeof pathOrBuffer === 'string') {
    try {
      bytes = await readFile(pathOrBuffer);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw code === 'ENOENT'
        ? fileError('file_missing', file)
        : fileError('read_failed', file, { reason: code ?? String(e) });
    }
  } else {
    bytes = pathOrBuffer;
  }
  const wb = newWorkbook();
  try {
    // exceljs's typings want its own Buffer interface; a Node Buffer is what it reads.
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw fileError('not_xlsx', file, { reason: e instanceof Error ? e.message : String(e) });
  }

  const problems: Finding[] = [];
  const problem = (
    sheet: string,
    cell: ExcelJS.Cell | null,
    header: string,
    expected: string,
    value = '',
  ): void => {
    problems.push({
      level: 'error',
      code: READBACK_CODE,
      file,
      sheet,
      row: cell ? Number(cell.row) : 0,
      column: cell ? cell.address.replace(/\d+$/, '') : '',
      header,
      value: cell ? cellText(cell) : value,
      params: { expected },
    });
  };
  const amountOf = (sheet: string, cell: ExcelJS.Cell, header: string): number | null => {
    const f = typeof cell.value === 'number' ? fenFromCellNumber(cell.value) : null;
    if (f === null) problem(sheet, cell, header, 'amount');
    return f;
  };
  const textOf = (sheet: string, cell: ExcelJS.Cell, header: string): string => {
    if (typeof cell.value !== 'string' || cell.value === '' || cell.numFmt !== TEXT) {
      problem(sheet, cell, header, 'text');
      return cellText(cell);
    }
    return cell.value;
  };

  const rows: BankRow[] = [];
  const detail = wb.getWorksheet(DETAIL_SHEET);
  if (!detail) problem(DETAIL_SHEET, null, '', 'sheet');
  else {
    const head = detail.getRow(1);
    DETAIL_HEADERS.forEach((h, i) => {
      const c = head.getCell(i + 1);
      if (cellText(c).trim() !== h) problem(DETAIL_SHEET, c, h, 'header');
    });
    // Every row after the header up to the last one holding anything is a detail row: a
    // blank row or a 合计 row in between is a problem, never silently skipped.
    for (let r = 2; r <= detail.rowCount; r++) {
      const row = detail.getRow(r);
      const serial = row.getCell(1);
      if (serial.value !== r - 1) problem(DETAIL_SHEET, serial, '序号', 'serial');
      const name = textOf(DETAIL_SHEET, row.getCell(2), '姓名');
      const idNumber = textOf(DETAIL_SHEET, row.getCell(3), '身份证号');
      const account = textOf(DETAIL_SHEET, row.getCell(4), '银行卡号');
      const amountFen = amountOf(DETAIL_SHEET, row.getCell(5), '金额');
      textOf(DETAIL_SHEET, row.getCell(6), '摘要');
      rows.push({ name, idNumber, account, amountFen: amountFen ?? 0 });
    }
  }

  const control = { count: 0, totalFen: 0, upper: '', batchId: '' };
  const ctl = wb.getWorksheet(CONTROL_SHEET);
  if (!ctl) problem(CONTROL_SHEET, null, '', 'sheet');
  else {
    const byLabel = new Map<string, ExcelJS.Cell>();
    for (let r = 1; r <= ctl.rowCount; r++) {
      const label = cellText(ctl.getRow(r).getCell(1)).trim();
      if (label && !byLabel.has(label)) byLabel.set(label, ctl.getRow(r).getCell(2));
    }
    const need = (label: string): ExcelJS.Cell | null => {
      const c = byLabel.get(label);
      if (!c) problem(CONTROL_SHEET, null, label, 'label', label);
      return c ?? null;
    };
    const countCell = need('笔数');
    if (countCell) {
      if (typeof countCell.value === 'number' && Number.isSafeInteger(countCell.value)) {
        control.count = countCell.value;
      } else problem(CONTROL_SHEET, countCell, '笔数', 'count');
    }
    const totalCell = need('总金额');
    if (totalCell) control.totalFen = amountOf(CONTROL_SHEET, totalCell, '总金额') ?? 0;
    const upperCell = need('总金额大写');
    if (upperCell) control.upper = cellText(upperCell);
    const batchCell = need('批次');
    if (batchCell) control.batchId = cellText(batchCell);
  }

  if (problems.length) throw new ExitError(EXIT.refused, problems);
  return { count: rows.length, totalFen: sumFen(rows.map((r) => r.amountFen)), rows, control };
}
