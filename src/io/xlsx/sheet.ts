/**
 * One printable worksheet written as XML straight into its zip entry: the same layout as
 * the exceljs-based SheetBuilder of the documents (merged title, styled header, thin borders, money as
 * `#,##0.00` numbers, codes as text, widths from the content with CJK counting double,
 * wrapped rows sized, frozen panes, A4 landscape one page wide, print titles, footer,
 * signature stretches) without a cell model: a table's rows come from a RowSource and
 * are formatted once, as they are written.
 *
 * The sheet is declared top to bottom (title, tables, notes, signature), then `finish()`
 * measures and writes it. Widths must precede the rows in the XML, so a table is measured
 * before it is written: wholly when it has at most SAMPLE_ROWS rows (every output of a
 * city), else on its first SAMPLE_ROWS rows, its 合计 row and each column's `widest`.
 */
import { columnLetter as colLetter, EXCEL_MAX_ROWS } from './grid.js';
import {
  type CellInput,
  type Column,
  decimalValue,
  displayWidth,
  fixedText,
  intWidth,
  lineHeight,
  linesIn,
  MONEY_FMT,
  moneyWidth,
  PAD,
  PAGE_HEIGHT_PT,
  PAGE_UNITS,
  type Rational,
  scaledSafe,
  shownDecimal,
  TEXT_FMT,
  unitsPerChar,
  yuanShown,
  yuanValue,
} from './layout.js';
import type { CellStyle, HAlign, StyleTable } from './styles.js';
import { inlineString, xmlText } from './xml.js';
import { STR_END, type ZipWriteEntry } from './zip.js';

/** Plans per workbook (its style table) and column object. */
const PLANS = new WeakMap<StyleTable, WeakMap<Column, { key: string; plan: Plan }[]>>();

/** Rows of a table measured for the column widths (all of them up to this many). */
export const SAMPLE_ROWS = 5000;

/** Excel's largest row height, in points: a taller row is refused or cut by Excel and WPS. */
export const MAX_ROW_PT = 409;

/** A row height in points, at most Excel's limit (a long text then shows its first 409 points). */
function rowPt(pt: number): number {
  return Math.min(pt, MAX_ROW_PT);
}

/** Rows produced on demand, so a million-row table is never held as cells. */
export interface RowSource {
  readonly length: number;
  get(i: number): readonly CellInput[];
  /**
   * Rows from `from` on written straight from bytes, no cell values made (a million rows
   * of digests): the first column the whole number `first(i)`, the next ones token columns
   * read from `tokens` (row i's token of column k+2: tokens[k].bytes from
   * i * stride + offset, width bytes long, checked as tokenCell checks), no cell after
   * them (get() gives nothing there for these rows). get() must answer the same for every
   * row: it still serves the measuring and the rows before `from`.
   */
  bytes?: { from: number; first: (i: number) => number; tokens: readonly TokenBytes[] };
}

/** One token column of a RowSource's byte rows. */
export interface TokenBytes {
  bytes: Uint8Array;
  stride: number;
  offset: number;
  width: number;
}

/**
 * Called with every string written and every number as its text (a caller's check of what
 * is published), and the cell's place in parts (sheet, column letters, row), which the hook joins
 * only when it needs them: a large workbook has a million texts, and almost none is reported.
 */
export type TextHook = (text: string, sheet: string, column: string, row: number | string) => void;

export interface SheetOptions {
  /** Point size of the table (default 10; a sheet to be posted on a board may use 14). */
  fontSize?: number;
  /** A sheet for machines, not for people: hidden in the workbook. */
  hidden?: boolean;
}

export interface FinishOptions {
  freezeColumns?: number;
  /** Widen the columns to the page (a sheet to be posted, not a dense table). */
  fill?: boolean;
  /** When the sheet is at most a little taller than one page, print it on one. */
  onePage?: boolean;
  /** How the sheet prints, when not A4 landscape one page wide. */
  print?: PrintOptions;
}

/** A sheet's print layout beyond the default (A4 landscape, fitted one page wide, header row repeated). */
export interface PrintOptions {
  /**
   * Fitted this many pages wide (pages go across, then down: the halves of the same rows
   * follow each other), with the first `repeatColumns` columns printed on every page.
   */
  pagesWide?: number;
  repeatColumns?: number;
  /**
   * Not for printing: only the title row is in the print area, and the page header says
   * `pageHeader` (printing the workbook gives one page that says where to look instead).
   */
  notPrinted?: { pageHeader: string };
}

interface TitleBlock {
  t: 'title';
  row: number;
  text: string;
}
interface TableBlock {
  t: 'table';
  /** The header row; for a table without one, the row above its first data row. */
  headerRow: number;
  header: boolean;
  columns: readonly Column[];
  rows: RowSource;
  total: readonly CellInput[] | undefined;
}
interface NoteBlock {
  t: 'note';
  row: number;
  text: string;
  align: HAlign;
  bold: boolean;
}
interface SplitBlock {
  t: 'split';
  row: number;
  parts: { text: string; index: number; count: number }[];
  align: 'left' | 'right';
  tall: boolean;
}
type Block = TitleBlock | TableBlock | NoteBlock | SplitBlock;

/**
 * Per column: its letter, and its style ids for a value, a string in a number column and an
 * empty cell, plain [0] and bold [1]; and what the per-cell code reads of the column. The
 * columns are literals of a dozen shapes: read per cell, their fields were megamorphic
 * loads (0.2 s of the main thread of a 100,000-row workbook, by perf); a plan has one shape.
 */
interface Plan {
  kind: Column['kind'];
  /** A token column: its strings are copied without escaping or measuring for wrap. */
  token: boolean;
  minWidth: number;
  /** decimal: shown as its text (a format of exactly `places` fixed decimals). */
  plainDecimal: boolean;
  letter: string;
  /** `<c r="B` — the row number follows. */
  open: string;
  /** After the cell reference, as bytes: `" s="N"/>`, `" s="N"><v>`, `" s="N" t="inlineStr"><is><t>` (and with xml:space="preserve"). */
  emptyTail: [Uint8Array, Uint8Array];
  numTail: [Uint8Array, Uint8Array];
  strTail: [Uint8Array, Uint8Array];
  strTailKeep: [Uint8Array, Uint8Array];
  wrapAt: number;
  places: number;
  fmt: string;
}

/** What FastSheet.layout works out before a sheet is written. */
interface Layout {
  /** Columns. */
  n: number;
  /** Column widths by column number (1-based). */
  widths: number[];
  /** Heights of the rows that are not data rows. */
  heights: Map<number, number>;
  merges: string[];
  plans: Map<TableBlock, Plan[]>;
  /** Pages tall the sheet is fitted to, 0 for as many as it takes. */
  fitToHeight: number;
  /** Point size of notes. */
  notePt: number;
}

export interface SheetResult {
  name: string;
  /** The header row of the first table (print titles), 0 when none. */
  headerRow: number;
  hidden?: boolean;
  /** Columns repeated on every printed page (print titles), 0 when none. */
  repeatColumns?: number;
  /** The print area when not the whole sheet (A1-style, without the sheet name). */
  printArea?: string;
}

function asArray(rows: RowSource | readonly (readonly CellInput[])[]): RowSource {
  if ('get' in rows) return rows;
  const list = rows as readonly (readonly CellInput[])[];
  return { length: list.length, get: (i) => list[i] as readonly CellInput[] };
}

export class FastSheet {
  /** The last row declared. */
  row = 0;
  /** The header row of the first table: frozen below and repeated on every printed page. */
  headerRow = 0;
  private readonly hidden: boolean;
  private readonly blocks: Block[] = [];
  private cols = 0;
  private readonly fontSize: number;
  private readonly titlePt: number;
  private readonly dataLine: number;

  constructor(
    readonly name: string,
    private readonly styles: StyleTable,
    private readonly entry: ZipWriteEntry,
    private readonly hook: TextHook | undefined,
    opts: SheetOptions = {},
  ) {
    this.hidden = opts.hidden ?? false;
    this.fontSize = opts.fontSize ?? 10;
    this.titlePt = Math.max(16, this.fontSize + 6);
    this.dataLine = lineHeight(this.fontSize);
  }

  /** The merged title row. */
  title(text: string): void {
    this.row++;
    this.blocks.push({ t: 'title', row: this.row, text });
  }

  /**
   * One header row, the data rows and an optional 合计 row, all with thin borders. The
   * first table's header is the sheet's: frozen above the rows and printed on every page.
   * `header: false`: no header row (label/value rows, each table typing its own values);
   * `titles: false`: a header that is not the sheet's (a table further down a sheet).
   */
  table(
    columns: readonly Column[],
    rows: RowSource | readonly (readonly CellInput[])[],
    total?: readonly CellInput[],
    opts: { header?: boolean; titles?: boolean } = {},
  ): { headerRow: number; firstDataRow: number; lastRow: number } {
    this.cols = Math.max(this.cols, columns.length);
    const header = opts.header ?? true;
    if (header) this.row++;
    const headerRow = this.row;
    if (header && (opts.titles ?? true) && !this.headerRow) this.headerRow = headerRow;
    const source = asArray(rows);
    this.blocks.push({
      t: 'table',
      headerRow,
      header,
      columns,
      rows: source,
      total,
    });
    this.row += source.length + (total ? 1 : 0);
    return { headerRow, firstDataRow: headerRow + 1, lastRow: this.row };
  }

  /** An empty row. */
  blank(n = 1): void {
    this.row += n;
  }

  /** A full-width line of text under the table (merged across every column). */
  note(text: string, opts: { align?: HAlign; bold?: boolean } = {}): void {
    this.row++;
    this.blocks.push({
      t: 'note',
      row: this.row,
      text,
      align: opts.align ?? 'left',
      bold: opts.bold ?? false,
    });
  }

  /** A signature block under the table: a blank row, then one tall row with each label in its own stretch, so the signers have room to write. */
  signature(labels: readonly string[]): void {
    this.blank();
    this.split(labels, 'left', true);
  }

  /** One row cut into equal stretches, one text each ('' leaves a stretch empty). */
  split(texts: readonly string[], align: 'left' | 'right' = 'left', tall = false): void {
    this.row++;
    const parts = texts
      .map((text, index) => ({ text, index, count: texts.length }))
      .filter((p) => p.text !== '');
    this.blocks.push({ t: 'split', row: this.row, parts, align, tall });
  }

  private style(s: CellStyle): string {
    return ` s="${this.styles.id(s)}"`;
  }

  /**
   * A column's plan, made once per workbook for the same column at the same place and
   * size: a workbook's 8,000 small sheets share their columns (making each one's plan again
   * was 0.8 s of a 300,000-row workbook).
   */
  private cachedPlan(c: Column, i: number): Plan {
    let byPlace = PLANS.get(this.styles);
    if (!byPlace) {
      byPlace = new WeakMap();
      PLANS.set(this.styles, byPlace);
    }
    let list = byPlace.get(c);
    if (!list) {
      list = [];
      byPlace.set(c, list);
    }
    const key = `${i}|${this.fontSize}`;
    let found = list.find((x) => x.key === key)?.plan;
    if (!found) {
      found = this.plan(c, i);
      list.push({ key, plan: found });
    }
    return found;
  }

  private plan(c: Column, i: number): Plan {
    const size = this.fontSize;
    const textual = c.kind === 'text' || c.kind === 'code' || c.kind === 'token';
    const h: HAlign = c.align ?? (textual ? 'left' : 'right');
    const wrap = c.kind === 'text';
    const fmt =
      c.kind === 'money'
        ? MONEY_FMT
        : c.kind === 'int'
          ? '0'
          : c.kind === 'decimal'
            ? (c.numFmt ?? '0.00')
            : '';
    const base = (bold: boolean): CellStyle => ({
      size,
      bold,
      border: true,
      h,
      wrap,
      ...(c.kind === 'code' || c.kind === 'token' ? { numFmt: TEXT_FMT } : {}),
    });
    const pair = (f: (bold: boolean) => CellStyle): [string, string] => [
      this.style(f(false)),
      this.style(f(true)),
    ];
    const empty = pair(base);
    const value = pair((bold) => ({ ...base(bold), ...(fmt ? { numFmt: fmt } : {}) }));
    // A string in a number column (合计 in 序号) is centred text.
    const str = pair((bold) => (textual ? base(bold) : { size, bold, border: true, h: 'center' }));
    const letter = colLetter(i + 1);
    const bytesOf = (f: (k: 0 | 1) => string): [Uint8Array, Uint8Array] => [
      Buffer.from(f(0), 'latin1'),
      Buffer.from(f(1), 'latin1'),
    ];
    const places = c.places ?? 2;
    return {
      kind: c.kind,
      token: c.kind === 'token',
      minWidth: c.minWidth ?? 0,
      plainDecimal: PLAIN_FMT.test(fmt) && fmt.length - fmt.indexOf('.') - 1 === places,
      letter,
      open: `<c r="${letter}`,
      // bytes, copied whole into each cell (a loop per character was a tenth of the writing)
      emptyTail: bytesOf((k) => `"${empty[k]}/>`),
      numTail: bytesOf((k) => `"${value[k]}><v>`),
      strTail: bytesOf((k) => `"${str[k]} t="inlineStr"><is><t>`),
      strTailKeep: bytesOf((k) => `"${str[k]} t="inlineStr"><is><t xml:space="preserve">`),
      wrapAt: c.kind === 'text' ? (c.maxWidth ?? 30) : c.kind === 'token' ? Number.POSITIVE_INFINITY : 70,
      places,
      fmt,
    };
  }

  /** The display width of a value in its column: shown() measured, numbers counted without building their text. */
  private shownWidth(p: Plan, v: CellInput): number {
    if (typeof v === 'number' && Number.isInteger(v)) {
      if (p.kind === 'int') return intWidth(v);
      if (p.kind === 'money') return moneyWidth(v);
    }
    return displayWidth(this.shown(p, v));
  }

  /** The text a value displays in its column (for widths). */
  private shown(p: Plan, v: CellInput): string {
    if (v === null || v === undefined || v === '') return '';
    if (typeof v === 'string') return v;
    switch (p.kind) {
      case 'money':
        return yuanShown(typeof v === 'number' ? v : Number(v.toFixed(0)));
      case 'int':
        return String(typeof v === 'number' ? v : Number(v.toFixed(0)));
      case 'decimal': {
        const text = decimalText(v, p.places);
        // a format of fixed decimals ('0.00') shows the text as it is
        return p.plainDecimal ? text : shownDecimal(text, p.fmt);
      }
      default:
        return typeof v === 'number' ? String(v) : v.toString();
    }
  }

  /**
   * Measures, then writes the whole worksheet part and closes its entry. `fill` widens the
   * columns to the page; `onePage` fits a sheet at most a little taller than a page on one.
   *
   * The layout is worked out by small synchronous methods and only the writing here awaits:
   * a workbook of many sheets calls this once per sheet, and V8 optimised the whole of it (measuring loops,
   * closures and all) four times over, about 0.5 s of the compiler's time at 100,000 rows.
   */
  async finish(opts: FinishOptions = {}): Promise<SheetResult> {
    // Excel and WPS drop the rows past their limit when they open the file (the 合计 row
    // first): a sheet that does not fit is never written. Commands check their run's size
    // before this; this is the last guard.
    if (this.row > EXCEL_MAX_ROWS)
      throw new Error(
        `xlsx-fast: sheet ${this.name} would have ${this.row} rows, past Excel's ${EXCEL_MAX_ROWS}`,
      );
    const l = this.layout(opts);
    const e = this.entry;
    await e.text(this.head(l.n, l.widths, opts.freezeColumns ?? 0));
    for (const b of this.blocks) {
      if (b.t === 'table') await this.writeTable(b, l.plans.get(b) as Plan[], l.widths, l.heights);
      else await e.text(this.textRow(b, l));
    }
    await e.text('</sheetData>');
    if (l.merges.length)
      await e.text(
        `<mergeCells count="${l.merges.length}">${l.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`,
      );
    const print = opts.print ?? {};
    const wide = Math.max(1, Math.floor(print.pagesWide ?? 1));
    const order = wide > 1 ? ' pageOrder="overThenDown"' : '';
    const header = print.notPrinted
      ? `<oddHeader>&amp;C${xmlText(print.notPrinted.pageHeader)}</oddHeader>`
      : '';
    await e.text(
      '<printOptions horizontalCentered="1"/>' +
        '<pageMargins left="0.3" right="0.3" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>' +
        `<pageSetup paperSize="9" orientation="landscape"${order} fitToWidth="${wide}" fitToHeight="${l.fitToHeight}" firstPageNumber="1" useFirstPageNumber="1"/>` +
        // Sheet name, page and pages: each sheet numbers its own pages (firstPageNumber 1),
        // and &N counts the pages of the sheet printed (of the whole job when a program
        // prints the workbook as one job: then the numbers run on too).
        `<headerFooter>${header}<oddFooter>&amp;C&amp;A　第 &amp;P 页 共 &amp;N 页</oddFooter></headerFooter></worksheet>`,
    );
    await e.close();
    return {
      name: this.name,
      headerRow: print.notPrinted ? 0 : this.headerRow,
      ...(this.hidden ? { hidden: true } : {}),
      ...(print.repeatColumns ? { repeatColumns: print.repeatColumns } : {}),
      ...(print.notPrinted ? { printArea: `$A$1:$${colLetter(l.n)}$1` } : {}),
    };
  }

  /** Column widths, fixed row heights, merged ranges and whether the sheet fits one page tall. */
  private layout(opts: FinishOptions): Layout {
    const n = Math.max(this.cols, 1);
    const k = unitsPerChar(this.fontSize);
    const contentW: number[] = [];
    const headerW: number[] = [];
    let sampled = false;
    const plans = new Map<TableBlock, Plan[]>();
    for (const b of this.blocks)
      if (b.t === 'table')
        plans.set(
          b,
          b.columns.map((c, i) => this.cachedPlan(c, i)),
        );
    for (const b of this.blocks) {
      if (b.t !== 'table') continue;
      if (b.header)
        b.columns.forEach((c, i) => {
          headerW[i + 1] = Math.max(headerW[i + 1] ?? 0, displayWidth(c.header));
        });
      if (this.measureTable(b, plans.get(b) as Plan[], contentW)) sampled = true;
    }
    // A header of more than two characters may wrap onto two lines rather than widen its column.
    const dw: number[] = [];
    for (let c = 1; c <= n; c++) {
      const h = headerW[c] ?? 0;
      dw[c] = Math.max(contentW[c] ?? 0, h <= 4 ? h : 2 * Math.ceil(h / 4) + 1, 2);
    }
    let widths = dw.map((w) => w * k + PAD);
    const sum = (): number => widths.slice(1).reduce((a, b) => a + b, 0);
    // The title stays on one line: a narrow table (or an empty one) widens to hold it.
    const title = this.blocks.find((b): b is TitleBlock => b.t === 'title');
    const need = Math.max(
      opts.fill ? PAGE_UNITS : 0,
      displayWidth(title?.text ?? '') * unitsPerChar(this.titlePt) * 1.1 + PAD,
    );
    if (sum() < need) {
      const f = need / sum();
      widths = widths.map((w) => w * f);
    }
    widths = widths.map((w) => Math.round(w * 10) / 10);
    const total = sum();
    const notePt = this.fontSize + 1;

    // Row heights that do not depend on the data.
    const heights = new Map<number, number>();
    const merges: string[] = [];
    const last = colLetter(n);
    for (const b of this.blocks) {
      if (b.t === 'title') {
        heights.set(b.row, rowPt(Math.ceil(this.titlePt * 2)));
        if (n > 1) merges.push(`A${b.row}:${last}${b.row}`);
      } else if (b.t === 'table') {
        if (!b.header) continue;
        let l = 1;
        b.columns.forEach((c, i) => {
          l = Math.max(l, linesIn(c.header, widths[i + 1] ?? 10, this.fontSize));
        });
        heights.set(b.headerRow, rowPt(l * this.dataLine + 4));
      } else if (b.t === 'note') {
        if (n > 1) merges.push(`A${b.row}:${last}${b.row}`);
        heights.set(b.row, rowPt(linesIn(b.text, total, notePt) * lineHeight(notePt) + 4));
      } else {
        for (const p of b.parts) {
          const [from, to] = stretch(p.index, p.count, n);
          if (to > from) merges.push(`${colLetter(from)}${b.row}:${colLetter(to)}${b.row}`);
        }
        heights.set(b.row, b.tall ? lineHeight(notePt) * 2 : lineHeight(notePt) + 4);
      }
    }

    let fitToHeight = 0;
    if (opts.onePage && !sampled) {
      const scale = Math.min(1, PAGE_UNITS / total);
      const limit = PAGE_HEIGHT_PT * 1.4;
      // Every data row is at least one line high: a sheet already too tall with that is
      // not measured row by row (a workbook may have thousands of small sheets).
      if (this.heightOf(heights) * scale <= limit) {
        const tall = new Map(heights);
        for (const b of this.blocks)
          if (b.t === 'table') this.dataHeights(b, plans.get(b) as Plan[], widths, tall);
        if (this.heightOf(tall) * scale <= limit) fitToHeight = 1;
      }
      if (!fitToHeight) fitToHeight = this.noLonePage(plans, widths, heights, scale);
    }
    return { n, widths, heights, merges, plans, fitToHeight, notePt };
  }

  /**
   * Widens `contentW` to a table's cells (a long table: its first SAMPLE_ROWS rows and its
   * `widest` values); true when the table was sampled.
   */
  private measureTable(b: TableBlock, plan: Plan[], contentW: number[]): boolean {
    const measure = (values: readonly CellInput[]): void => {
      for (let i = 0; i < plan.length; i++) {
        const p = plan[i] as Plan;
        const w = Math.max(this.shownWidth(p, values[i]), p.minWidth);
        // wrapAt: the widest the column grows (a text column's maxWidth)
        const m = Math.min(w, p.wrapAt);
        if (m > (contentW[i + 1] ?? 0)) contentW[i + 1] = m;
      }
    };
    // No row is held between measuring and writing: each is asked for again (a table
    // given as an array just hands its row back).
    let sampled = false;
    if (b.rows.length <= SAMPLE_ROWS) {
      // A city's table: measured whole. Held rows outlive scavenges: V8 then pretenures their
      // allocation sites and every later row is born in the old generation, garbage
      // only a full collection frees (8,000 small sheets of one workbook
      // lifted the peak by 170 MB that way).
      for (let r = 0; r < b.rows.length; r++) measure(b.rows.get(r));
    } else {
      // A long table: its first rows are measured and dropped, and asked for again when
      // written (held, they would be pretenured as above: 1.7 KB a row promoted, seen
      // with --trace-gc on 300,000 rows).
      sampled = true;
      for (let r = 0; r < SAMPLE_ROWS; r++) measure(b.rows.get(r));
    }
    if (b.total) measure(b.total);
    const widest = b.columns.map((c) => c.widest ?? null);
    if (widest.some((w) => w !== null)) measure(widest);
    return sampled;
  }

  /** Sets the height of each data row (and the 合计 row) of a table in `heights`. */
  private dataHeights(b: TableBlock, plan: Plan[], widths: number[], heights: Map<number, number>): void {
    const n = b.rows.length;
    for (let i = 0; i <= n; i++) {
      const values = i < n ? b.rows.get(i) : b.total;
      if (values)
        heights.set(b.headerRow + 1 + i, rowPt(this.rowLines(plan, values, widths) * this.dataLine + 2));
    }
  }

  /** The sheet's height in points: each row's from `rows`, the default for the others. */
  /**
   * A sheet a few pages long whose last page would hold little more than what follows its
   * table (notes and a signature block cut off from the rows they close): the pages it is
   * fitted to, one fewer than it takes, when that shrinks it by at most a fifth; else 0.
   * Pages are laid out as a printer does: whole rows, the header row repeated on each page.
   */
  private noLonePage(
    plans: Map<TableBlock, Plan[]>,
    widths: number[],
    heights: Map<number, number>,
    scale: number,
  ): number {
    const tables = this.blocks.filter((b): b is TableBlock => b.t === 'table');
    const last = tables[tables.length - 1];
    if (!last || this.row > 2000) return 0;
    const tall = new Map(heights);
    for (const b of tables) this.dataHeights(b, plans.get(b) as Plan[], widths, tall);
    const rowH = (r: number) => (tall.get(r) ?? this.dataLine + 2) * scale;
    const header = this.headerRow ? rowH(this.headerRow) : 0;
    const tableEnd = last.headerRow + last.rows.length + (last.total ? 1 : 0);
    let total = 0;
    for (let r = 1; r <= this.row; r++) total += rowH(r);
    // The printable height is Excel's (the margins'); LibreOffice fits about 6% more on a
    // page. Laid out both ways; lonely when fewer than three of the table's rows reach the
    // last page in either. Fitting one page fewer is the printer's own scaling, right
    // whatever its metrics; it may shrink the sheet by at most a fifth.
    let fit = 0;
    for (const page of [PAGE_HEIGHT_PT, PAGE_HEIGHT_PT * 1.06]) {
      let pages = 1;
      let used = 0;
      let lastPageStart = 1;
      for (let r = 1; r <= this.row; r++) {
        const h = rowH(r);
        if (used + h > page && used > header) {
          pages++;
          used = header;
          lastPageStart = r;
        }
        used += h;
      }
      if (pages < 2 || lastPageStart <= tableEnd - 2) continue;
      const f = pages - 1;
      if (total <= f * (PAGE_HEIGHT_PT - header) * 1.25 && (!fit || f < fit)) fit = f;
    }
    return fit;
  }

  private heightOf(rows: Map<number, number>): number {
    let h = 0;
    for (let r = 1; r <= this.row; r++) h += rows.get(r) ?? this.dataLine + 2;
    return h;
  }

  /** A title, note or split row's XML. */
  private textRow(b: TitleBlock | NoteBlock | SplitBlock, l: Layout): string {
    const { n, heights, notePt } = l;
    if (b.t === 'title')
      return this.spanRow(b.row, heights, [
        [1, n, b.text, { size: this.titlePt, bold: true, h: 'center', wrap: true }],
      ]);
    if (b.t === 'note')
      return this.spanRow(b.row, heights, [
        [1, n, b.text, { size: notePt, bold: b.bold, h: b.align, wrap: true }],
      ]);
    return this.spanRow(
      b.row,
      heights,
      b.parts.map((p) => {
        const [from, to] = stretch(p.index, p.count, n);
        return [from, to, p.text, { size: notePt, h: b.align }] as const;
      }),
    );
  }

  private head(n: number, widths: number[], xSplit: number): string {
    let views = '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
    if (this.headerRow) {
      const ySplit = this.headerRow;
      const topLeft = `${colLetter(xSplit + 1)}${ySplit + 1}`;
      const pane = xSplit ? 'bottomRight' : 'bottomLeft';
      views =
        '<sheetViews><sheetView workbookViewId="0">' +
        `<pane${xSplit ? ` xSplit="${xSplit}"` : ''} ySplit="${ySplit}" topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
        `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView></sheetViews>`;
    }
    let cols = '';
    for (let c = 1; c <= n; c++) cols += `<col min="${c}" max="${c}" width="${widths[c]}" customWidth="1"/>`;
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
      `<dimension ref="A1:${colLetter(n)}${Math.max(1, this.row)}"/>` +
      views +
      `<sheetFormatPr defaultRowHeight="${this.dataLine + 2}" customHeight="1"/>` +
      `<cols>${cols}</cols><sheetData>`
    );
  }

  /** A row of merged stretches: [from, to, text, style]; covered cells carry the style too, as Excel writes them. */
  private spanRow(
    row: number,
    heights: Map<number, number>,
    parts: readonly (readonly [number, number, string, CellStyle])[],
  ): string {
    let s = `<row r="${row}" ht="${heights.get(row) ?? 15}" customHeight="1">`;
    for (const [from, to, text, style] of parts) {
      const st = this.style(style);
      const col = colLetter(from);
      this.hook?.(text, this.name, col, row);
      s += `<c r="${col}${row}"${st} t="inlineStr">${inlineString(text)}</c>`;
      for (let c = from + 1; c <= to; c++) s += `<c r="${colLetter(c)}${row}"${st}/>`;
    }
    return `${s}</row>`;
  }

  private async writeTable(
    b: TableBlock,
    plan: Plan[],
    widths: number[],
    heights: Map<number, number>,
  ): Promise<void> {
    const e = this.entry;
    const hr = b.headerRow;
    if (b.header) {
      const head = this.style({
        size: this.fontSize,
        bold: true,
        fill: true,
        border: true,
        h: 'center',
        wrap: true,
      });
      let s = `<row r="${hr}" ht="${heights.get(hr)}" customHeight="1">`;
      b.columns.forEach((c, i) => {
        this.hook?.(c.header, this.name, colLetter(i + 1), hr);
        s += `<c r="${colLetter(i + 1)}${hr}"${head} t="inlineStr">${inlineString(c.header)}</c>`;
      });
      await e.text(`${s}</row>`);
    }
    const rows = b.rows.length;
    // rows given as bytes (never when every text goes through the caller's hook)
    const fast = this.hook ? undefined : b.rows.bytes;
    const from = fast ? fast.from : rows;
    for (let i = 0; i < rows; i++) {
      if (fast && i >= from) this.byteRow(plan, fast, i, hr + 1 + i);
      else this.dataRow(plan, b.rows.get(i), hr + 1 + i, 0, widths);
      const p = e.maybeFlush();
      if (p) await p;
    }
    if (b.total) this.dataRow(plan, b.total, hr + 1 + rows, 1, widths);
  }

  /** Lines of the tallest wrapping cell of a row (1 when none wraps). */
  private rowLines(plan: Plan[], values: readonly CellInput[], widths: number[]): number {
    let lines = 1;
    for (let i = 0; i < plan.length; i++) {
      const v = values[i];
      if (typeof v !== 'string' || v === '') continue;
      const p = plan[i] as Plan;
      // A string of at most wrapAt/2 characters is at most wrapAt wide: no width to measure.
      if (v.indexOf('\n') >= 0) {
        const l = linesIn(v, widths[i + 1] ?? 10, this.fontSize);
        if (l > lines) lines = l;
      } else if (v.length * 2 > p.wrapAt) {
        const w = displayWidth(v);
        if (w > p.wrapAt) {
          // linesIn of one line, from the width already measured
          const room = Math.max(1, (widths[i + 1] ?? 10) - PAD);
          const l = Math.max(1, Math.ceil((w * unitsPerChar(this.fontSize)) / room));
          if (l > lines) lines = l;
        }
      }
    }
    return lines;
  }

  /** A data row of a RowSource's bytes: the whole number and the tokens. */
  private byteRow(plan: Plan[], fast: NonNullable<RowSource['bytes']>, i: number, r: number): void {
    const e = this.entry;
    const rs = String(r);
    e.ascii3('<row r="', rs, '">');
    const p0 = plan[0] as Plan;
    if (p0.kind !== 'int') throw new Error('xlsx-fast: byte rows start with a whole number column');
    e.numberCell(p0.open, rs, p0.numTail[0], String(fast.first(i)));
    const t = fast.tokens;
    for (let k = 0; k < t.length; k++) {
      const p = plan[k + 1] as Plan;
      const c = t[k] as TokenBytes;
      if (!p.token) throw new Error('xlsx-fast: byte rows give token columns only');
      e.tokenBytes(p.open, rs, p.strTail[0], c.bytes, i * c.stride + c.offset, c.width);
    }
    // the columns after the tokens are left out: these rows have nothing there (a cell
    // written empty would only carry a border, a million times)
    e.ascii('</row>');
  }

  /** One data (bold = 0) or 合计 (bold = 1) row, written as bytes into the entry. */
  private dataRow(
    plan: Plan[],
    values: readonly CellInput[],
    r: number,
    bold: 0 | 1,
    widths: number[],
  ): void {
    const e = this.entry;
    const hook = this.hook;
    // The row's height first: the tallest wrapping cell.
    const lines = this.rowLines(plan, values, widths);
    const rs = String(r);
    // One line: the sheet's default height (sheetFormatPr), so most rows carry no ht.
    e.ascii3(
      '<row r="',
      rs,
      lines === 1 ? '">' : `" ht="${rowPt(lines * this.dataLine + 2)}" customHeight="1">`,
    );
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i] as Plan;
      const v = values[i];
      if (v === null || v === undefined || v === '') {
        e.cellStart(p.open, rs, p.emptyTail[bold]);
        continue;
      }
      if (typeof v === 'string') {
        if (hook) hook(v, this.name, p.letter, rs);
        if (p.token) {
          e.tokenCell(p.open, rs, p.strTail[bold], v);
          continue;
        }
        e.cellStart(p.open, rs, keepSpace(v) ? p.strTailKeep[bold] : p.strTail[bold]);
        e.escaped(v);
        e.ascii(STR_END);
        continue;
      }
      let num: string;
      switch (p.kind) {
        case 'money': {
          const fen = typeof v === 'number' ? v : Number(v.toFixed(0));
          // whole fen as digits straight into the part, as yuanValue spells them (no hook to show it to)
          if (!hook && Number.isSafeInteger(fen) && e.decimalCell(p.open, rs, p.numTail[bold], fen, 2))
            continue;
          num = yuanValue(fen);
          break;
        }
        case 'int':
          num = String(typeof v === 'number' ? v : Number(v.toFixed(0)));
          break;
        case 'decimal': {
          // an exact value within 2^53 as digits straight into the part (no hook to show it to)
          const scaled = hook || typeof v === 'number' ? null : scaledSafe(v, p.places);
          if (scaled !== null && e.decimalCell(p.open, rs, p.numTail[bold], scaled, p.places)) continue;
          num = decimalValue(decimalText(v, p.places));
          break;
        }
        default: {
          const text = typeof v === 'number' ? String(v) : v.toString();
          if (hook) hook(text, this.name, p.letter, rs);
          e.cellStart(p.open, rs, keepSpace(text) ? p.strTailKeep[bold] : p.strTail[bold]);
          e.escaped(text);
          e.ascii(STR_END);
          continue;
        }
      }
      if (hook) hook(num, this.name, p.letter, rs);
      e.numberCell(p.open, rs, p.numTail[bold], num);
    }
    e.ascii('</row>');
  }
}

const PLAIN_FMT = /^0\.0+$/;

/** What \s matches in JavaScript, by code unit. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Leading or trailing white space, or a line break: `<t xml:space="preserve">` keeps it (as /^\s|\s$|\n/ tells, without a regex per cell). */
export function keepSpace(v: string): boolean {
  return isSpace(v.charCodeAt(0)) || isSpace(v.charCodeAt(v.length - 1)) || v.indexOf('\n') >= 0;
}

/** A decimal cell's text, rounded half up to `places`. */
function decimalText(v: number | Rational, places: number): string {
  return fixedText(v, places);
}

/** Columns [from, to] of stretch `index` of `count` across `n` columns. */
function stretch(index: number, count: number, n: number): [number, number] {
  const from = Math.floor((index * n) / count) + 1;
  const to = Math.max(from, Math.floor(((index + 1) * n) / count));
  return [from, to];
}
