/**
 * Reads an approval roster (审批花名册) back for `approve` and `payout`: the
 * 花名册 rows as the digest sees them, the 校验 manifest, and every cell that is not what
 * the writer puts there as a finding.
 */
import { readFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { EXIT, ExitError, fileError } from '../errors.js';
import { CONCURRENT_REMARK } from '../rules/compute.js';
import { Exact } from '../rules/exact.js';
import type { Finding } from '../rules/findings.js';
import { newWorkbook } from './exceljs.js';
import { MANIFEST_SHEET, type Manifest, manifestFromSheetRows, readManifestSheet } from './manifest.js';
import type { DigestRow } from './roster-digest.js';
import { ROSTER_HEADERS, ROSTER_SHEETS } from './roster-writer.js';
import { readSheetCells } from './sheet-texts.js';
import type { RawCell } from './workbook/grid.js';
import { cellText, colLetter } from './xlsx-style.js';

export interface RosterRowRead extends DigestRow {
  /** The Excel row. */
  row: number;
  town: string;
  /** False for rows the rules do not pay: 比例 empty (a role not subsidized) or the 一肩挑 remark. */
  paid: boolean;
  totalFen: number;
  shareFen: number;
}

/** The row right under the last row read (the 合计 row of a roster as written): its values by column. */
export interface RosterTotalRow {
  /** The Excel row. */
  row: number;
  /** values[c] for column c (1-based), as read. */
  values: ExcelJS.CellValue[];
}

export interface RosterRead {
  rows: RosterRowRead[];
  /** The row under the rows read, kept so the 合计 check needs no second reading of the file; null without a 花名册. */
  total: RosterTotalRow | null;
  manifest: Manifest | null;
  /** 预计: the manifest says so or the title does (either is enough). */
  provisional: boolean;
  findings: Finding[];
}

/** Rows above the header that a roster may have (the writer puts one title row). */
const HEADER_SEARCH_ROWS = 10;

async function load(pathOrBuffer: string | Buffer): Promise<{ wb: ExcelJS.Workbook; file: string }> {
  const file = typeof pathOrBuffer === 'string' ? pathOrBuffer : '';
  let bytes: Buffer;
  if (typeof pathOrBuffer === 'string') {
    try {
      bytes = await readFile(pathOrBuffer);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw code === 'ENOENT' || code === 'ENOTDIR'
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
  return { wb, file };
}

interface Located {
  headerRow: number;
  /** Header text → column number. */
  cols: Map<string, number>;
}

/** A 花名册 sheet as the roster reader sees it, from exceljs or from the lean reader. */
interface RosterSheet {
  /** The last row. */
  rowCount: number;
  /** The last column of row r that has a cell. */
  cellCount(r: number): number;
  value(r: number, c: number): ExcelJS.CellValue;
  /** Row r has been made a record and is not looked at again (the lean sheet lets it go). */
  done?(r: number): void;
}

function exceljsSheet(ws: ExcelJS.Worksheet): RosterSheet {
  return {
    rowCount: ws.rowCount,
    cellCount: (r) => ws.getRow(r).cellCount,
    value: (r, c) => ws.getRow(r).getCell(c).value,
  };
}

/** The first row (within the top rows) holding every wanted header; columns found by label. */
function locateHeader(ws: RosterSheet, wanted: readonly string[]): Located | null {
  let best: Located | null = null;
  let bestHits = 0;
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    const cols = new Map<string, number>();
    for (let c = 1; c <= Math.max(ws.cellCount(r), wanted.length); c++) {
      const t = cellText(ws.value(r, c)).trim();
      if (t && !cols.has(t)) cols.set(t, c);
    }
    const hits = wanted.filter((h) => cols.has(h)).length;
    if (hits > bestHits) {
      best = { headerRow: r, cols };
      bestHits = hits;
    }
  }
  return best;
}

/**
 * Reads the roster. File problems (missing, unreadable, not an xlsx) throw ExitError
 * (exit 4). Everything else is a finding: no 花名册 sheet (roster_sheet_missing), a
 * header missing (roster_header_missing), a cell that cannot be what the writer wrote
 * (roster_amount_invalid: an amount that is not whole fen; roster_months_invalid: months
 * that are not a whole number). Rows run from under the header to the 合计 row or the first empty row.
 */
export async function readRoster(pathOrBuffer: string | Buffer): Promise<RosterRead> {
  const { wb, file } = await load(pathOrBuffer);
  const ws = wb.getWorksheet(ROSTER_SHEETS.roster);
  return parseRoster(file, ws ? exceljsSheet(ws) : null, readManifestSheet(wb));
}

/**
 * The same as readRoster for a roster file read with the lean reader: only the 花名册 and
 * 校验 sheets are read, streamed, with no bound on the rest of the workbook (its 计算明细 is
 * most of a large roster). For approve and payout. Each row's cells are let go once the row
 * is a record: a full sheet's cells and records are not held at once.
 */
export async function readRosterLean(file: string): Promise<RosterRead> {
  let read: Awaited<ReturnType<typeof readSheetCells<ExcelJS.CellValue>>>;
  try {
    read = await readSheetCells(file, [ROSTER_SHEETS.roster, MANIFEST_SHEET], cellValue);
  } catch (e) {
    // parts that are not a workbook's (damaged XML, a part past its declared size)
    throw fileError('not_xlsx', file, { reason: e instanceof Error ? e.message : String(e) });
  }
  if ('code' in read) {
    const reason = read.params?.reason;
    if (read.code === 'file_unreadable' && (reason === 'ENOENT' || reason === 'ENOTDIR'))
      throw fileError('file_missing', file);
    throw new ExitError(EXIT.io, [read]);
  }
  const kv = read.sheets.get(MANIFEST_SHEET);
  const manifest = kv ? manifestFromSheetRows(kv.map((row) => row?.map((v) => cellText(v ?? null)))) : null;
  const rows = read.sheets.get(ROSTER_SHEETS.roster);
  const sheet: RosterSheet | null = rows
    ? {
        rowCount: rows.length - 1,
        cellCount: (r) => Math.max(0, (rows[r]?.length ?? 1) - 1),
        value: (r, c) => rows[r]?.[c] ?? null,
        done: (r) => {
          rows[r] = undefined;
        },
      }
    : null;
  return parseRoster(file, sheet, manifest);
}

/** A lean cell as exceljs would give its value (a formula's cached result as the value itself). */
function cellValue(c: RawCell): ExcelJS.CellValue {
  switch (c.t) {
    case 's':
    case 'n':
    case 'd':
    case 'b':
      return c.v;
    default:
      return null;
  }
}

function parseRoster(file: string, ws: RosterSheet | null, manifest: Manifest | null): RosterRead {
  const findings: Finding[] = [];
  const sheetName = ROSTER_SHEETS.roster;
  const base = { file, sheet: sheetName, row: 0, column: '', header: '', value: '' };
  if (!ws) {
    findings.push({ ...base, level: 'error', code: 'roster_sheet_missing', value: sheetName });
    return { rows: [], total: null, manifest, provisional: manifest?.provisional ?? false, findings };
  }
  const title = cellText(ws.value(1, 1));
  const provisional = (manifest?.provisional ?? false) || title.includes('预计');

  const loc = locateHeader(ws, ROSTER_HEADERS);
  const missing = ROSTER_HEADERS.filter((h) => !loc?.cols.has(h));
  if (!loc || missing.length) {
    for (const h of missing) {
      findings.push({
        ...base,
        level: 'error',
        code: 'roster_header_missing',
        header: h,
        value: h,
        row: loc?.headerRow ?? 0,
      });
    }
    return { rows: [], total: null, manifest, provisional, findings };
  }
  const col = (h: (typeof ROSTER_HEADERS)[number]): number => loc.cols.get(h) as number;

  const rows: RosterRowRead[] = [];
  for (let r = loc.headerRow + 1; r <= ws.rowCount; r++) {
    const texts = ROSTER_HEADERS.map((h) => cellText(ws.value(r, col(h))));
    if (texts.every((t) => t.trim() === '')) break;
    if (cellText(ws.value(r, 1)).trim() === '合计') break;

    const at = (h: (typeof ROSTER_HEADERS)[number]) => ws.value(r, col(h));
    const text = (h: (typeof ROSTER_HEADERS)[number]): string => cellText(at(h));
    const bad = (h: (typeof ROSTER_HEADERS)[number], code: string): void => {
      findings.push({
        ...base,
        level: 'error',
        code,
        row: r,
        column: colLetter(col(h)),
        header: h,
        value: text(h),
      });
    };
    const number = (h: (typeof ROSTER_HEADERS)[number]): Exact | null => {
      const v = at(h);
      const raw =
        typeof v === 'number'
          ? v
          : v !== null && typeof v === 'object' && 'result' in v && typeof v.result === 'number'
            ? v.result
            : null;
      if (raw !== null) return Number.isFinite(raw) ? Exact.fromNumber(raw) : null;
      const t = text(h).replace(/[,，\s]/g, '');
      if (t === '') return Exact.ZERO;
      return Exact.tryParse(t);
    };
    const money = (h: (typeof ROSTER_HEADERS)[number]): number => {
      const f = number(h)?.mul(Exact.HUNDRED) ?? null;
      const whole = f?.isInteger() && Number.isSafeInteger(Number(f.n)) ? Number(f.n) : null;
      if (whole === null) bad(h, 'roster_amount_invalid');
      return whole ?? 0;
    };
    const months = number('任职月数');
    const wholeMonths = months?.isInteger() ? Number(months.n) : null;
    if (wholeMonths === null) bad('任职月数', 'roster_months_invalid');

    const ratio = text('比例').trim();
    const remark = text('备注');
    rows.push({
      row: r,
      town: text('镇街'),
      idNumber: text('身份证号'),
      name: text('姓名'),
      villageCode: text('村代码'),
      role: text('职务'),
      months: wholeMonths ?? 0,
      baseFen: money('基本补贴'),
      rewardFen: money('奖励补贴'),
      payableFen: money('应发合计'),
      bank: text('开户行'),
      account: text('银行卡号'),
      hold: text('暂停发放'),
      paid: ratio !== '' && !remark.includes(CONCURRENT_REMARK),
      totalFen: money('补贴总额'),
      shareFen: money('奖励提取'),
    });
    ws.done?.(r);
  }
  const under = (rows.at(-1)?.row ?? loc.headerRow) + 1;
  const values: ExcelJS.CellValue[] = [];
  for (let c = 1; c <= ROSTER_HEADERS.length; c++) values[c] = ws.value(under, c);
  return { rows, total: { row: under, values }, manifest, provisional, findings };
}
