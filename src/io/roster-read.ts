/**
 * Reads an approval roster (审批花名册) back for `approve` and `payout`: the
 * 花名册 rows as the digest sees them, the 校验 manifest, and every cell that is not what
 * the writer puts there as a finding.
 */
import { readFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { fileError } from '../errors.js';
import { CONCURRENT_REMARK } from '../rules/compute.js';
import { Exact } from '../rules/exact.js';
import type { Finding } from '../rules/findings.js';
import { newWorkbook } from './exceljs.js';
import { type Manifest, readManifestSheet } from './manifest.js';
import type { DigestRow } from './roster-digest.js';
import { ROSTER_HEADERS, ROSTER_SHEETS } from './roster-writer.js';
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

/** The first row (within the top rows) holding every wanted header; columns found by label. */
function locateHeader(ws: ExcelJS.Worksheet, wanted: readonly string[]): Located | null {
  let best: Located | null = null;
  let bestHits = 0;
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) {
    const cols = new Map<string, number>();
    const row = ws.getRow(r);
    for (let c = 1; c <= Math.max(row.cellCount, wanted.length); c++) {
      const t = cellText(row.getCell(c).value).trim();
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
  const manifest = readManifestSheet(wb);
  const findings: Finding[] = [];
  const sheetName = ROSTER_SHEETS.roster;
  const base = { file, sheet: sheetName, row: 0, column: '', header: '', value: '' };
  const ws = wb.getWorksheet(sheetName);
  if (!ws) {
    findings.push({ ...base, level: 'error', code: 'roster_sheet_missing', value: sheetName });
    return { rows: [], total: null, manifest, provisional: manifest?.provisional ?? false, findings };
  }
  const title = cellText(ws.getCell(1, 1).value);
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
    const row = ws.getRow(r);
    const texts = ROSTER_HEADERS.map((h) => cellText(row.getCell(col(h)).value));
    if (texts.every((t) => t.trim() === '')) break;
    if (cellText(row.getCell(1).value).trim() === '合计') break;

    const at = (h: (typeof ROSTER_HEADERS)[number]) => row.getCell(col(h));
    const text = (h: (typeof ROSTER_HEADERS)[number]): string => cellText(at(h).value);
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
      const v = at(h).value;
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
  }
  const under = (rows.at(-1)?.row ?? loc.headerRow) + 1;
  const totalRow = ws.getRow(under);
  const values: ExcelJS.CellValue[] = [];
  for (let c = 1; c <= ROSTER_HEADERS.length; c++) values[c] = totalRow.getCell(c).value;
  return { rows, total: { row: under, values }, manifest, provisional, findings };
}
