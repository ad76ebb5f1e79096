/**
 * The text of a few named sheets of a workbook, read with the lean reader: only those
 * sheets are inflated and scanned, whatever else the workbook holds. For reading an output
 * of this tool back (last year's roster for --previous: its 校验 and 践诺奖惩 sheets), where
 * loading the whole workbook would mean its 花名册 and 计算明细 too — 2.6 GB of XML for a
 * full sheet of cadres.
 */
import { boundHeapGrowth, unpackedBytes } from '../../memory.js';
import type { Finding } from '../../rules/findings.js';
import { openOutputFile } from '../workbook/files.js';
import type { RawCell } from '../xlsx/grid.js';
import type { CellContext } from '../xlsx/scanner.js';
import { loadDateStyles, loadSharedStrings, openWorkbook, scanSheet, XlsxFile } from '../xlsx/source.js';

/** A sheet's rows as text: rows[r][c] for Excel row r and column c (both 1-based); holes are empty rows and cells. */
export type TextRows = (string[] | undefined)[];

export interface SheetTexts {
  /** Every sheet name of the workbook, in order. */
  names: string[];
  /** The rows of each wanted sheet that exists. */
  sheets: Map<string, TextRows>;
}

/** A cell as the text it shows (numbers as JavaScript writes them, dates as YYYY-MM-DD). */
export function shownText(c: RawCell): string {
  switch (c.t) {
    case 's':
      return c.v;
    case 'n':
    case 'b':
      return String(c.v);
    case 'd':
      return c.v.toISOString().slice(0, 10);
    default:
      return '';
  }
}

/**
 * Reads the wanted sheets' text. A file that cannot be read as a workbook is its finding
 * (file missing, not an xlsx, encrypted, damaged, past the reader's limits).
 */
export async function readSheetTexts(path: string, wanted: readonly string[]): Promise<SheetTexts | Finding> {
  return readSheetCells(path, wanted, shownText);
}

/**
 * The wanted sheets' cells, each made into a T by `cell` (rows[r][c], 1-based, holes
 * empty). `take` sees each row as it is read (rows rising) and keeps it out of the result
 * by returning true: a large sheet is then never held (its sheet's entry stays empty).
 */
export async function readSheetCells<T>(
  path: string,
  wanted: readonly string[],
  cell: (c: RawCell) => T,
  take?: (sheet: string, r: number, row: T[]) => boolean,
  opts: {
    /** Read the sheets in the order of `wanted`, not the workbook's. */
    inWantedOrder?: boolean;
    /** Asked just before a sheet is read: true leaves it unread (it is still in `names`). */
    skip?: (sheet: string) => boolean;
  } = {},
): Promise<{ names: string[]; sheets: Map<string, (T[] | undefined)[]> } | Finding> {
  const opened = await openOutputFile({ path, display: path });
  if ('code' in opened) return opened;
  // a province's roster read by approve or payout
  boundHeapGrowth(unpackedBytes(opened.entries));
  try {
    const x = new XlsxFile(opened.fh, opened.entries);
    const wb = await openWorkbook(x);
    const found = wb.sheets.filter((s) => wanted.includes(s.name));
    if (opts.inWantedOrder) found.sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name));
    const ctx: CellContext = {
      shared: found.length ? await loadSharedStrings(x, wb.sharedStrings) : [],
      dateStyles: found.length ? await loadDateStyles(x, wb.styles) : new Uint8Array(0),
      date1904: wb.date1904,
    };
    const sheets = new Map<string, (T[] | undefined)[]>();
    for (const sheet of found) {
      if (sheets.has(sheet.name) || opts.skip?.(sheet.name)) continue;
      const rows: (T[] | undefined)[] = [];
      await scanSheet(x, sheet, ctx, (r, cells) => {
        const row: T[] = [];
        cells.forEach((c, i) => {
          if (c) row[i] = cell(c);
        });
        if (!take?.(sheet.name, r, row)) rows[r] = row;
      });
      sheets.set(sheet.name, rows);
    }
    return { names: wb.sheets.map((s) => s.name), sheets };
  } finally {
    await opened.fh.close();
  }
}
