/**
 * The in-memory exceljs reader the lean reader (source.ts) replaced, kept as the
 * reference the lean reader's tests compare against: the same workbook read into the same
 * grid of raw cells. Not used by the commands.
 */
import type ExcelJS from 'exceljs';
import { loadExcelJs, newWorkbook } from './exceljs.js';
import {
  EXCEL_MAX_COLS,
  EXCEL_MAX_ROWS,
  type MergeRange,
  type RawCell,
  type SheetGrid,
  type WorkbookGrid,
} from './grid.js';
import { SheetTooLargeError } from './scanner.js';

export { SheetTooLargeError };

// Parts of a sheet the reader never needs; data validations in particular are expanded by
// exceljs into one object per cell, which for a whole-column rule is a million objects.
const IGNORE_NODES = [
  'dataValidations',
  'conditionalFormatting',
  'extLst',
  'picture',
  'drawing',
  'tableParts',
  'rowBreaks',
  'pageSetup',
  'headerFooter',
  'printOptions',
  'pageMargins',
  'sheetProtection',
  'autoFilter',
];

function richText(v: unknown): string | null {
  if (v && typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return ((v as { richText: { text?: unknown }[] }).richText ?? [])
      .map((r) => String(r.text ?? ''))
      .join('');
  }
  return null;
}

/** One exceljs cell value → a RawCell (undefined when empty). */
export function rawFromExcelJs(value: ExcelJS.CellValue): RawCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : { t: 's', v: value };
  if (typeof value === 'number') return { t: 'n', v: value };
  if (typeof value === 'boolean') return { t: 'b', v: value };
  if (value instanceof Date) return { t: 'd', v: value };
  const rt = richText(value);
  if (rt !== null) return rt === '' ? undefined : { t: 's', v: rt };
  const o = value as unknown as Record<string, unknown>;
  if (typeof o.error === 'string') return { t: 'e', v: o.error };
  if ('formula' in o || 'sharedFormula' in o) {
    const formula = String(o.formula ?? o.sharedFormula ?? '');
    const r = o.result;
    if (r === undefined || r === null) return { t: 'f', formula };
    if (typeof r === 'string') return { t: 's', v: r, formula: true };
    if (typeof r === 'number') return { t: 'n', v: r, formula: true };
    if (typeof r === 'boolean') return { t: 'b', v: r, formula: true };
    if (r instanceof Date) return { t: 'd', v: r, formula: true };
    if (typeof r === 'object' && typeof (r as { error?: unknown }).error === 'string') {
      return { t: 'e', v: (r as { error: string }).error, formula: true };
    }
    return { t: 'f', formula };
  }
  if ('hyperlink' in o || 'text' in o) {
    const text = o.text;
    const t = typeof text === 'string' ? text : (richText(text) ?? '');
    return t === '' ? undefined : { t: 's', v: t };
  }
  return undefined;
}

function mergesOf(ws: ExcelJS.Worksheet): MergeRange[] {
  // exceljs keeps merges in a private map of Range objects; its public `model.merges`
  // rebuilds the model of every row, so read the map and fall back to the model.
  const priv = (
    ws as unknown as {
      _merges?: Record<string, { top: number; left: number; bottom: number; right: number }>;
    }
  )._merges;
  if (priv) {
    return Object.values(priv)
      .filter(Boolean)
      .map((r) => ({ top: r.top, left: r.left, bottom: r.bottom, right: r.right }));
  }
  return [];
}

/** Reads a workbook held in memory with exceljs into a grid of raw cells. */
export async function loadGridWithExcelJs(buffer: Buffer): Promise<WorkbookGrid> {
  const wb = newWorkbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer, { ignoreNodes: IGNORE_NODES });
  } catch (e) {
    // exceljs refuses a cell address past column XFD while parsing.
    if (e instanceof Error && /out of bounds/i.test(e.message))
      throw new SheetTooLargeError('', 0, EXCEL_MAX_COLS + 1);
    throw e;
  }
  const sheets: SheetGrid[] = [];
  for (const ws of wb.worksheets) {
    const rows: (RawCell | undefined)[][] = [];
    let maxRow = 0;
    let maxCol = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: (RawCell | undefined)[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (cell.type === loadExcelJs().ValueType.Merge) return;
        const raw = rawFromExcelJs(cell.value);
        if (!raw) return;
        cells[c] = raw;
        if (c > maxCol) maxCol = c;
        if (r > maxRow) maxRow = r;
      });
      if (cells.length) rows[r] = cells;
    });
    const lastRow = Math.max(maxRow, ws.rowCount);
    if (lastRow > EXCEL_MAX_ROWS || maxCol > EXCEL_MAX_COLS)
      throw new SheetTooLargeError(ws.name, lastRow, maxCol);
    sheets.push({ name: ws.name, rows, merges: mergesOf(ws), maxRow, maxCol });
  }
  return { date1904: Boolean(wb.properties?.date1904), sheets };
}
