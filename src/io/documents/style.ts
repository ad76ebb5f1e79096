/**
 * Shared layout of every printable output workbook (spec/outputs.md, top): a merged title
 * row, one styled header row, data rows, an optional 合计 row, frozen panes below the
 * header, column widths from the content (a CJK character counts double), money as
 * numbers in `#,##0.00`, ID and card numbers as text, A4 landscape one page wide, the
 * header row repeated on every printed page, a signature block under the table — and
 * bytes that do not depend on the clock.
 */
import type ExcelJS from 'exceljs';
import { fenToYuanNumber, formatYuan } from '../../rules/money.js';
import type { IsoDate } from '../../rules/types.js';
import { zhDate } from '../xlsx/dates.js';
import { loadExcelJs } from '../xlsx/exceljs.js';
import { columnLetter as colLetter } from '../xlsx/grid.js';

import {
  type CellInput,
  type Column,
  displayWidth,
  lineHeight,
  MONEY_FMT,
  PAD,
  PAGE_HEIGHT_PT,
  PAGE_UNITS,
  shownDecimal,
  TEXT_FMT,
  unitsPerChar,
} from '../xlsx/layout.js';
import { pinZipTimes } from '../xlsx/zip.js';

// The layout helpers live in io/xlsx/layout.ts (no exceljs behind them); re-exported for
// the sheets still built with exceljs (校验 rewritten by approve, ledger notices, bank files).
export { addDaysIso, zhDate } from '../xlsx/dates.js';
export {
  type CellInput,
  type Column,
  type ColumnKind,
  displayWidth,
  MONEY_FMT,
  safeSheetName,
  shownDecimal,
  TEXT_FMT,
} from '../xlsx/layout.js';
/** The program named as every document's author (docProps creator). */
export const CREATOR = 'cadre-calc';

/** The signature block of every document: 制表人 / 审核人 / 审批人 / 日期. */
export function signatureLabels(preparedBy: string, date: IsoDate | ''): string[] {
  return [`制表人：${preparedBy}`, '审核人：', '审批人：', `日期：${date ? zhDate(date) : ''}`];
}

/** The font of Chinese government forms; WPS and Excel on Chinese Windows have it, others substitute a CJK font. */
export const FONT_NAME = '宋体';

/** A workbook with the fixed document properties of cadre-calc (no clock: see workbookBytes). */
export function newWorkbook(): ExcelJS.Workbook {
  const wb = new (loadExcelJs().Workbook)();
  wb.creator = CREATOR;
  wb.lastModifiedBy = 'cadre-calc';
  return wb;
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };

interface Span {
  row: number;
  text: string;
  align: 'left' | 'right' | 'center';
  /** Signature parts: index and count of the stretches the row is cut into. */
  part?: { index: number; count: number };
  /** A row with room to sign by hand. */
  tall?: boolean;
}

export interface SheetOptions {
  /** Point size of the table (default 10; a notice for a village board uses 14). */
  fontSize?: number;
}

export interface TableResult {
  headerRow: number;
  firstDataRow: number;
  /** The last data row (or the 合计 row when given). */
  lastRow: number;
}

/**
 * Builds one printable sheet top to bottom: `title`, then one or more `table`s, `blank`
 * rows, full-width `note`s and a `signature` block, then `finish` sets the widths, the
 * merges, the row heights, the frozen panes and the print setup.
 */
export class SheetBuilder {
  readonly ws: ExcelJS.Worksheet;
  /** The last row written. */
  row = 0;
  /** The header row of the first table: frozen below and repeated on every printed page. */
  headerRow = 0;
  /** Widest data cell per column (display width, capped at the column's maximum). */
  private readonly contentW: number[] = [];
  /** Widest header per column (display width). */
  private readonly headerW: number[] = [];
  private readonly headerRows: number[] = [];
  /** Rows with text cells wider than their column's maximum: they wrap. */
  private readonly wraps = new Map<number, Set<number>>();
  private readonly dataRows: number[] = [];
  private titleRow = 0;
  private readonly notes: Span[] = [];
  private cols = 0;
  private readonly fontSize: number;
  private readonly titlePt: number;

  constructor(wb: ExcelJS.Workbook, name: string, opts: SheetOptions = {}) {
    this.ws = wb.addWorksheet(name);
    this.fontSize = opts.fontSize ?? 10;
    this.titlePt = Math.max(16, this.fontSize + 6);
  }

  private font(bold = false, size = this.fontSize): Partial<ExcelJS.Font> {
    return { name: FONT_NAME, size, bold };
  }

  /** The merged title row. */
  title(text: string): void {
    this.row++;
    const cell = this.ws.getCell(this.row, 1);
    cell.value = text;
    cell.font = this.font(true, this.titlePt);
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    this.ws.getRow(this.row).height = Math.ceil(this.titlePt * 2);
    this.titleRow = this.row;
  }

  /** One header row, the data rows and an optional 合计 row, all with thin borders. */
  table(columns: readonly Column[], rows: readonly CellInput[][], total?: readonly CellInput[]): TableResult {
    this.cols = Math.max(this.cols, columns.length);
    this.row++;
    const headerRow = this.row;
    if (!this.headerRow) this.headerRow = headerRow;
    this.headerRows.push(headerRow);
    columns.forEach((c, i) => {
      const cell = this.ws.getCell(headerRow, i + 1);
      cell.value = c.header;
      cell.font = this.font(true);
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      this.headerW[i + 1] = Math.max(this.headerW[i + 1] ?? 0, displayWidth(c.header));
    });
    for (const r of rows) this.dataRow(columns, r, false);
    if (total) this.dataRow(columns, total, true);
    return { headerRow, firstDataRow: headerRow + 1, lastRow: this.row };
  }

  private dataRow(columns: readonly Column[], values: readonly CellInput[], bold: boolean): void {
    this.row++;
    const r = this.row;
    this.dataRows.push(r);
    columns.forEach((c, i) => {
      const cell = this.ws.getCell(r, i + 1);
      cell.border = THIN;
      cell.font = this.font(bold);
      const shown = this.put(cell, c, values[i]);
      const w = Math.max(displayWidth(shown), c.minWidth ?? 0);
      const max = c.kind === 'text' ? (c.maxWidth ?? 30) : 70;
      this.contentW[i + 1] = Math.max(this.contentW[i + 1] ?? 0, Math.min(w, max));
      if (w > max || shown.includes('\n')) {
        const set = this.wraps.get(r) ?? new Set<number>();
        set.add(i + 1);
        this.wraps.set(r, set);
      }
    });
  }

  /** Writes one value by its column's kind; returns the text it displays (for the width). */
  private put(cell: ExcelJS.Cell, c: Column, v: CellInput): string {
    const align = c.align ?? (c.kind === 'text' || c.kind === 'code' ? 'left' : 'right');
    cell.alignment = { horizontal: align, vertical: 'middle', wrapText: c.kind === 'text' };
    if (c.kind === 'code') cell.numFmt = TEXT_FMT;
    if (v === null || v === undefined || v === '') return '';
    if (typeof v === 'string') {
      cell.value = v;
      if (c.kind !== 'text' && c.kind !== 'code')
        cell.alignment = { horizontal: 'center', vertical: 'middle' };
      return v;
    }
    switch (c.kind) {
      case 'money': {
        const f = typeof v === 'number' ? v : Number(v.toFixed(0));
        cell.value = fenToYuanNumber(f);
        cell.numFmt = MONEY_FMT;
        return formatYuan(f);
      }
      case 'int': {
        const n = typeof v === 'number' ? v : Number(v.toFixed(0));
        cell.value = n;
        cell.numFmt = '0';
        return String(n);
      }
      case 'decimal': {
        const text = v.toFixed(c.places ?? 2);
        const fmt = c.numFmt ?? '0.00';
        cell.value = Number(text);
        cell.numFmt = fmt;
        return shownDecimal(text, fmt);
      }
      default: {
        const text = typeof v === 'number' ? String(v) : v.toString();
        cell.value = text;
        return text;
      }
    }
  }

  /** An empty row. */
  blank(n = 1): void {
    this.row += n;
  }

  /** A full-width line of text under the table (merged across every column). */
  note(text: string, opts: { align?: 'left' | 'right' | 'center'; bold?: boolean } = {}): void {
    this.row++;
    const cell = this.ws.getCell(this.row, 1);
    cell.value = text;
    cell.font = this.font(opts.bold ?? false, this.fontSize + 1);
    cell.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true };
    this.notes.push({ row: this.row, text, align: opts.align ?? 'left' });
  }

  /**
   * The signature block under the table: 制表人 / 审核人 / 审批人 / 日期, each in its own
   * stretch of the row so the signers have room to write.
   */
  signature(preparedBy: string, date: IsoDate | ''): void {
    this.blank();
    this.split(signatureLabels(preparedBy, date), 'left', true);
  }

  /** One row cut into equal stretches, one text each ('' leaves a stretch empty). */
  split(texts: readonly string[], align: 'left' | 'right' = 'left', tall = false): void {
    this.row++;
    texts.forEach((text, index) => {
      if (text) this.notes.push({ row: this.row, text, align, tall, part: { index, count: texts.length } });
    });
  }

  /**
   * Column widths, merges, row heights, frozen panes and the print setup. Call once, last.
   * `fill`: widen the columns to the page (a notice for a board, not a dense roster).
   * `onePage`: when the sheet is at most a little taller than one page, print it on one
   * (a notice whose last lines would otherwise spill onto a page of their own).
   */
  finish(opts: { freezeColumns?: number; fill?: boolean; onePage?: boolean } = {}): ExcelJS.Worksheet {
    const ws = this.ws;
    const n = Math.max(this.cols, 1);
    const k = unitsPerChar(this.fontSize);
    // A header of more than two characters may wrap onto two lines rather than widen its column.
    const dw: number[] = [];
    for (let c = 1; c <= n; c++) {
      const h = this.headerW[c] ?? 0;
      dw[c] = Math.max(this.contentW[c] ?? 0, h <= 4 ? h : 2 * Math.ceil(h / 4) + 1, 2);
    }
    let widths = dw.map((w) => w * k + PAD);
    const sum = (): number => widths.slice(1).reduce((a, b) => a + b, 0);
    // The title stays on one line: a narrow table (or an empty one) widens to hold it.
    const titleText = this.titleRow ? cellText(ws.getCell(this.titleRow, 1).value) : '';
    const need = Math.max(
      opts.fill ? PAGE_UNITS : 0,
      displayWidth(titleText) * unitsPerChar(this.titlePt) * 1.1 + PAD,
    );
    if (sum() < need) {
      const f = need / sum();
      widths = widths.map((w) => w * f);
    }
    widths = widths.map((w) => Math.round(w * 10) / 10);
    for (let c = 1; c <= n; c++) ws.getColumn(c).width = widths[c] as number;
    const total = sum();
    const lines = (text: string, units: number, pt = this.fontSize): number =>
      text
        .split('\n')
        .reduce(
          (a, seg) =>
            a + Math.max(1, Math.ceil((displayWidth(seg) * unitsPerChar(pt)) / Math.max(1, units - PAD))),
          0,
        );

    if (this.titleRow && n > 1) ws.mergeCells(this.titleRow, 1, this.titleRow, n);
    for (const hr of this.headerRows) {
      let l = 1;
      for (let c = 1; c <= n; c++) l = Math.max(l, lines(cellText(ws.getCell(hr, c).value), widths[c] ?? 10));
      ws.getRow(hr).height = l * lineHeight(this.fontSize) + 4;
    }
    for (const row of this.dataRows) {
      let l = 1;
      for (const c of this.wraps.get(row) ?? []) {
        l = Math.max(l, lines(cellText(ws.getCell(row, c).value), widths[c] ?? 10));
      }
      ws.getRow(row).height = l * lineHeight(this.fontSize) + 2;
    }
    for (const s of this.notes) {
      const pt = this.fontSize + 1;
      if (s.part) {
        const from = Math.floor((s.part.index * n) / s.part.count) + 1;
        const to = Math.max(from, Math.floor(((s.part.index + 1) * n) / s.part.count));
        const cell = ws.getCell(s.row, from);
        cell.value = s.text;
        cell.font = this.font(false, pt);
        cell.alignment = { horizontal: s.align, vertical: 'middle' };
        if (to > from) ws.mergeCells(s.row, from, s.row, to);
        ws.getRow(s.row).height = s.tall ? lineHeight(pt) * 2 : lineHeight(pt) + 4;
        continue;
      }
      if (n > 1) ws.mergeCells(s.row, 1, s.row, n);
      ws.getRow(s.row).height = lines(s.text, total, pt) * lineHeight(pt) + 4;
    }
    if (this.headerRow) {
      const ySplit = this.headerRow;
      const xSplit = opts.freezeColumns ?? 0;
      const topLeft = `${colLetter(xSplit + 1)}${ySplit + 1}`;
      ws.views = [{ state: 'frozen', xSplit, ySplit, topLeftCell: topLeft, activeCell: topLeft }];
    }
    let fitToHeight = 0;
    if (opts.onePage) {
      let height = 0;
      for (let r = 1; r <= this.row; r++) height += ws.getRow(r).height ?? 15;
      const scale = Math.min(1, PAGE_UNITS / total);
      if (height * scale <= PAGE_HEIGHT_PT * 1.4) fitToHeight = 1;
    }
    ws.pageSetup = {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight,
      // Every sheet numbers its own pages from 1; exceljs writes the same when approve rewrites a roster.
      firstPageNumber: 1,
      horizontalCentered: true,
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(this.headerRow ? { printTitlesRow: `${this.headerRow}:${this.headerRow}` } : {}),
    };
    // Sheet name, page and pages (as xlsx/sheet.ts writes them).
    ws.headerFooter = { oddFooter: '&C&A　第 &P 页 共 &N 页' };
    return ws;
  }
}

/**
 * The workbook's bytes, the same for the same content: document created/modified at the
 * run date (00:00 UTC), zip entry times pinned.
 */
export async function workbookBytes(wb: ExcelJS.Workbook, runDate: IsoDate): Promise<Buffer> {
  const at = new Date(`${runDate}T00:00:00Z`);
  wb.created = at;
  wb.modified = at;
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return pinZipTimes(bytes);
}

/** The plain text of a cell as a person sees it: rich text flattened, a formula's result, a hyperlink's text. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
  if ('result' in o) return cellText(o.result as ExcelJS.CellValue);
  if (typeof o.text === 'string') return o.text;
  return '';
}
