/**
 * Reads an approval roster (审批花名册) back for `approve` and `payout`: the
 * 花名册 rows as the digest sees them, the 校验 manifest, and every cell that is not what
 * the writer puts there as a finding.
 */
import { readFile } from 'node:fs/promises';
import type ExcelJS from 'exceljs';
import { EXIT, ExitError, fileError } from '../../../errors.js';
import { Exact } from '../../../rules/exact.js';
import type { Finding } from '../../../rules/findings.js';
import { newWorkbook } from '../../xlsx/exceljs.js';
import type { RawCell } from '../../xlsx/grid.js';
import { columnLetter as colLetter } from '../../xlsx/grid.js';
import { fixedText } from '../../xlsx/layout.js';
import { MANIFEST_SHEET, type Manifest, manifestFromSheetRows, readManifestSheet } from '../manifest.js';
import { readSheetCells } from '../sheet-texts.js';
import { cellText } from '../style.js';
import { type DigestRow, digestManifestOf, ROW_DIGEST_SHEET, rosterDigest } from './digest.js';
import { type RowDigestRead, RowDigests } from './edits.js';
import { ROSTER_HEADERS, ROSTER_SHEETS } from './writer.js';

export interface RosterRowRead extends DigestRow {
  /** The Excel row. */
  row: number;
  town: string;
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
  /** The roster digest recomputed from the rows and the manifest, and the edits the row digests locate. */
  digests: RowDigestRead;
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

/**
 * Reads the roster. File problems (missing, unreadable, not an xlsx) throw ExitError
 * (exit 4). Everything else is a finding: no 花名册 sheet (roster_sheet_missing), a
 * header missing (roster_header_missing), a cell that cannot be what the writer wrote
 * (roster_amount_invalid: an amount that is not whole fen; roster_months_invalid: months
 * that are not a whole number). Rows run from under the header to the 合计 row or the first empty row.
 * The commands read with readRosterLean; this exceljs reading is the reference the lean one
 * is tested against.
 */
export async function readRoster(pathOrBuffer: string | Buffer): Promise<RosterRead> {
  const { wb, file } = await load(pathOrBuffer);
  const ws = wb.getWorksheet(ROSTER_SHEETS.roster);
  let parsed: RosterRows | null = null;
  const rowValues = (w: ExcelJS.Worksheet, r: number): ExcelJS.CellValue[] => {
    const row = w.getRow(r);
    const values: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= row.cellCount; c++) values[c] = row.getCell(c).value;
    return values;
  };
  if (ws) {
    parsed = new RosterRows(file);
    for (let r = 1; r <= ws.rowCount; r++) parsed.push(r, rowValues(ws, r));
  }
  const digests = new RowDigests();
  const hidden = wb.getWorksheet(ROW_DIGEST_SHEET);
  if (hidden) {
    const rows = parsed ? ended(parsed) : null;
    for (let r = 1; r <= hidden.rowCount; r++)
      digests.push(
        r,
        rowValues(hidden, r).map((v) => cellText(v ?? null)),
        rows,
      );
  }
  return rosterRead(file, parsed, readManifestSheet(wb), digests);
}

/**
 * The same as readRoster for a roster file read with the lean reader: only the 花名册 and
 * 校验 sheets are read, streamed, with no bound on the rest of the workbook (its 计算明细 is
 * most of a large roster). For approve and payout. The 花名册 rows are made into records
 * as they are read: a full sheet's cells are never held.
 */
export async function readRosterLean(
  file: string,
  opts: LeanRosterOptions & { digest?: boolean } = {},
): Promise<RosterRead> {
  // digest false (approve's read-back of its own rewrite): no roster digest, 行摘要 only looked for
  const wantDigest = opts.digest ?? true;
  let digestSheet = false;
  let read: Awaited<ReturnType<typeof readSheetCells<ExcelJS.CellValue>>>;
  const more = opts.more?.sheets ?? [];
  let parsed: RosterRows | null = null;
  const digests = new RowDigests();
  const manifestRows: (string[] | undefined)[] = [];
  // the 花名册 is whole once another sheet's rows come (the sheets are read one after another)
  let rosterDone = false;
  // The digest of the rows and 校验 when it is the one 校验 records: 行摘要 is then not read.
  let unedited: RowDigestRead | null = null;
  try {
    read = await readSheetCells(
      file,
      // 校验 first: by the time 行摘要 comes, rows and manifest are known
      [MANIFEST_SHEET, ROSTER_SHEETS.roster, ROW_DIGEST_SHEET, ...more],
      cellValue,
      (sheet, r, row) => {
        if (sheet === MANIFEST_SHEET) {
          manifestRows[r] = row.map((v) => cellText(v ?? null));
          return true;
        }
        if (sheet === ROSTER_SHEETS.roster) {
          parsed ??= new RosterRows(file, opts.onRow);
          parsed.push(r, row);
          return true;
        }
        if (parsed) rosterDone = true;
        if (sheet !== ROW_DIGEST_SHEET) {
          opts.more?.onRow(sheet, r, row);
          return true;
        }
        digests.push(
          r,
          row.map((v) => cellText(v ?? null)),
          rosterDone && parsed ? ended(parsed) : null,
        );
        return true;
      },
      {
        inWantedOrder: true,
        // The row digests only locate edits: a roster whose rows and 校验 give the digest 校验
        // records has none to locate (whatever 行摘要 says), so its 行摘要 is left unread.
        skip: (sheet) => {
          if (sheet !== ROW_DIGEST_SHEET) return false;
          digestSheet = true;
          if (!wantDigest) return true;
          if (!parsed) return false;
          const m = manifestFromSheetRows(manifestRows);
          if (!m) return false;
          const digest = rosterDigest(ended(parsed), digestManifestOf(m));
          if (digest !== m.rosterDigest) return false;
          unedited = { digest, present: true, edits: [], moreEdits: 0, manifestEdits: [] };
          return true;
        },
      },
    );
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
  const manifest = manifestRows.length ? manifestFromSheetRows(manifestRows) : null;
  // a 花名册 sheet with no row at all is still a sheet
  if (!parsed && read.sheets.has(ROSTER_SHEETS.roster)) parsed = new RosterRows(file, opts.onRow);
  const none: RowDigestRead = {
    digest: '',
    present: digestSheet,
    edits: [],
    moreEdits: 0,
    manifestEdits: [],
  };
  return rosterRead(file, parsed, manifest, wantDigest ? (unedited ?? digests) : none);
}

/** What diff and explain read beside the digest's fields, without a second parser or a second reading. */
export interface LeanRosterOptions {
  /** Each 花名册 data row as it is made into a record, with its cells by header (any header of the sheet). */
  onRow?: (row: RosterRowRead, cell: (header: string) => ExcelJS.CellValue) => void;
  /** Other sheets of the roster (汇总, 计算明细, 践诺奖惩), each row handed over as read and not kept. */
  more?: {
    sheets: readonly string[];
    onRow: (sheet: string, r: number, values: readonly ExcelJS.CellValue[]) => void;
  };
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

type Header = (typeof ROSTER_HEADERS)[number];

/** The fields every finding about the 花名册 starts from. */
function findingBase(file: string) {
  return { file, sheet: ROSTER_SHEETS.roster, row: 0, column: '', header: '', value: '' };
}

/**
 * The 花名册 rows made into records as they come, top to bottom (row numbers rising, a
 * row that is not there being an empty one): the lean reader streams a full sheet through
 * it without holding its cells, exceljs's sheet is walked through it the same way. The
 * header is looked for in the first HEADER_SEARCH_ROWS rows (held until then); the rows
 * run from under it to the 合计 row or the first empty row, whose values are kept (the 合计
 * check).
 */
class RosterRows {
  private readonly top: (readonly ExcelJS.CellValue[] | undefined)[] = [];
  /** undefined: not looked for yet; null: not found whole (its findings made). */
  private loc: Located | null | undefined = undefined;
  private next = 0;
  private last = 0;
  readonly rows: RosterRowRead[] = [];
  readonly findings: Finding[] = [];
  /** The row under the rows read; set once they have ended. */
  total: RosterTotalRow | null = null;

  constructor(
    private readonly file: string,
    private readonly onRow?: LeanRosterOptions['onRow'],
  ) {}

  /** Row r's values (values[c] for column c, 1-based); rows come in rising order. */
  push(r: number, values: readonly ExcelJS.CellValue[]): void {
    this.last = r;
    if (this.loc === undefined) {
      if (r <= HEADER_SEARCH_ROWS) {
        this.top[r] = values;
        return;
      }
      this.locate();
    }
    this.data(r, values);
  }

  /** The sheet's end: what was read, and the 合计 check's row. */
  end(): void {
    if (this.loc === undefined) this.locate();
    if (this.loc && !this.total) this.stop(this.next, []);
  }

  /** The title (row 1, column A). */
  title(): string {
    return cellText(this.top[1]?.[1] ?? null);
  }

  /** The header row: the first of the top rows holding the most headers; then the top rows under it. */
  private locate(): void {
    let best: Located | null = null;
    let bestHits = 0;
    for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, this.last); r++) {
      const row = this.top[r] ?? [];
      const cols = new Map<string, number>();
      for (let c = 1; c <= Math.max(row.length - 1, ROSTER_HEADERS.length); c++) {
        const t = cellText(row[c] ?? null).trim();
        if (t && !cols.has(t)) cols.set(t, c);
      }
      const hits = ROSTER_HEADERS.filter((h) => cols.has(h)).length;
      if (hits > bestHits) {
        best = { headerRow: r, cols };
        bestHits = hits;
      }
    }
    const missing = ROSTER_HEADERS.filter((h) => !best?.cols.has(h));
    for (const h of missing) {
      this.findings.push({
        ...findingBase(this.file),
        level: 'error',
        code: 'roster_header_missing',
        header: h,
        value: h,
        row: best?.headerRow ?? 0,
      });
    }
    this.loc = best && !missing.length ? best : null;
    if (!this.loc) return;
    this.next = this.loc.headerRow + 1;
    const upTo = Math.min(HEADER_SEARCH_ROWS, this.last);
    for (let r = this.next; r <= upTo; r++) if (this.top[r]) this.data(r, this.top[r] as ExcelJS.CellValue[]);
  }

  private stop(r: number, values: readonly ExcelJS.CellValue[]): void {
    const kept: ExcelJS.CellValue[] = [];
    for (let c = 1; c <= ROSTER_HEADERS.length; c++) kept[c] = values[c] ?? null;
    this.total = { row: r, values: kept };
  }

  /** 比例 as digested: 4 decimals, '' when empty; null when it is not a number. Remembered by cell value (a roster has a few ratios). */
  private readonly ratios = new Map<ExcelJS.CellValue, string | null>();

  private ratioOf(v: ExcelJS.CellValue): string | null {
    const key = v !== null && typeof v === 'object' && 'result' in v ? v.result : v;
    const known = this.ratios.get(key ?? null);
    if (known !== undefined) return known;
    let out: string | null;
    if (typeof key === 'number') out = Number.isFinite(key) ? fixedText(Exact.fromNumber(key), 4) : null;
    else {
      const t = cellText(v).replace(/[,，\s]/g, '');
      const x = t === '' ? null : Exact.tryParse(t);
      out = t === '' ? '' : x ? fixedText(x, 4) : null;
    }
    if (this.ratios.size < 1000) this.ratios.set(key ?? null, out);
    return out;
  }

  private data(r: number, values: readonly ExcelJS.CellValue[]): void {
    const loc = this.loc;
    if (!loc || this.total || r < this.next) return;
    // a row that is not there is an empty one: the rows end on it
    if (r > this.next) {
      this.stop(this.next, []);
      return;
    }
    const col = (h: Header): number => loc.cols.get(h) as number;
    const at = (h: Header): ExcelJS.CellValue => values[col(h)] ?? null;
    const text = (h: Header): string => cellText(at(h));
    if (ROSTER_HEADERS.every((h) => text(h).trim() === '') || cellText(values[1] ?? null).trim() === '合计') {
      this.stop(r, values);
      return;
    }
    this.next = r + 1;

    const bad = (h: Header, code: string): void => {
      this.findings.push({
        ...findingBase(this.file),
        level: 'error',
        code,
        row: r,
        column: colLetter(col(h)),
        header: h,
        value: text(h),
      });
    };
    const number = (h: Header): Exact | null => {
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
    const money = (h: Header): number => {
      const f = number(h)?.mul(Exact.HUNDRED) ?? null;
      const whole = f?.isInteger() && Number.isSafeInteger(Number(f.n)) ? Number(f.n) : null;
      if (whole === null) bad(h, 'roster_amount_invalid');
      return whole ?? 0;
    };
    const months = number('任职月数');
    const wholeMonths = months?.isInteger() ? Number(months.n) : null;
    if (wholeMonths === null) bad('任职月数', 'roster_months_invalid');

    const ratio = this.ratioOf(at('比例'));
    if (ratio === null) bad('比例', 'roster_ratio_invalid');
    const paidText = text('发放').trim();
    if (paidText !== '是' && paidText !== '否') bad('发放', 'roster_paid_invalid');
    this.rows.push({
      row: r,
      town: text('镇街'),
      ratio: ratio ?? '',
      paid: paidText === '是',
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
      totalFen: money('补贴总额'),
      shareFen: money('奖励提取'),
    });
    if (this.onRow)
      this.onRow(
        this.rows[this.rows.length - 1] as RosterRowRead,
        (h) => values[loc.cols.get(h) ?? 0] ?? null,
      );
  }
}

/** The rows of a 花名册 whose sheet has been read whole. */
function ended(parsed: RosterRows): RosterRowRead[] {
  parsed.end();
  return parsed.rows;
}

/** What was read of the 花名册 (null: the sheet is missing), with the manifest and the digest check. */
function rosterRead(
  file: string,
  parsed: RosterRows | null,
  manifest: Manifest | null,
  digests: RowDigests | RowDigestRead,
): RosterRead {
  const judged = (rows: RosterRowRead[]) =>
    digests instanceof RowDigests ? digests.end(rows, manifest) : digests;
  if (!parsed) {
    const f: Finding = {
      ...findingBase(file),
      level: 'error',
      code: 'roster_sheet_missing',
      value: ROSTER_SHEETS.roster,
    };
    return {
      rows: [],
      total: null,
      manifest,
      provisional: manifest?.provisional ?? false,
      digests: judged([]),
      findings: [f],
    };
  }
  parsed.end();
  const provisional = (manifest?.provisional ?? false) || parsed.title().includes('预计');
  return {
    rows: parsed.rows,
    total: parsed.total,
    manifest,
    provisional,
    digests: judged(parsed.rows),
    findings: parsed.findings,
  };
}
