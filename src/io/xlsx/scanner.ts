/**
 * A scanner over the bytes of one worksheet part (ECMA-376 §18.3.1.99 worksheet): it
 * is fed the part as it inflates and hands each row's cell VALUES to a sink, row by row,
 * holding nothing but the row being read (and the bytes of a row cut by a chunk's end).
 * The ranges of <mergeCells>, which come after <sheetData>, are collected on the way.
 *
 *   <row r="7"><c r="A7" s="3" t="s"><v>12</v></c><c r="B7" t="inlineStr"><is><t>…</t></is></c>
 *   <c r="C7"><f>B7*1</f><v>63</v></c></row>
 *
 * What a cell gives follows exceljs 4.4 (the reader it replaces, see exceljs-source.ts):
 * shared (t="s") and inline strings and rich text runs flattened to their text (phonetic
 * runs <rPh> left out), t="str" and formula results, booleans, cached errors, numbers, and
 * numbers whose style has a date format as dates (1900 or 1904 system). A formula without
 * a cached value is kept as its formula. Where exceljs is wrong or silent it reads as
 * Excel shows the cell: the Chinese built-in date formats (numFmtId 27–36, 50–58) are
 * dates (exceljs: plain numbers); _xHHHH_ escapes are decoded in inline strings too, and
 * t="str" text is not entity-decoded twice; t="d" (ISO dates, strict OOXML) is a date
 * (exceljs: the year as a number); a shared formula's dependent without a cached value
 * shows the master's formula (exceljs: the master's address); elements with a namespace
 * prefix (<x:row>) are read (exceljs: nothing).
 */
import { EXCEL_MAX_COLS, EXCEL_MAX_ROWS, type MergeRange, parseRange, type RawCell } from './grid.js';
import {
  type AttrSpan,
  attrSpan,
  bytes,
  endsName,
  isSpace,
  nameAt,
  nextTag,
  readAttrs,
  textOf,
  XlsxFormatError,
} from './xml.js';

/** A sheet past Excel's own limits (rows or columns): refused as a file-level problem. */
export class SheetTooLargeError extends Error {
  override name = 'SheetTooLargeError';
  constructor(
    readonly sheet: string,
    readonly rows: number,
    readonly cols: number,
  ) {
    super(`sheet ${sheet} is past Excel's limits`);
  }
}

/** What a workbook gives every sheet: its shared strings, which styles are dates, its date system. */
export interface CellContext {
  shared: readonly string[];
  /** 1 at the index of every cell style (cellXfs) whose number format is a date format. */
  dateStyles: Uint8Array;
  date1904: boolean;
  /** Texts typed into cells, by their bytes (shared by the sheets of a run). */
  texts?: TextCache;
  /**
   * Called with every text a cell of the sheet itself holds (inline, formula results:
   * not the shared strings, which the caller has as `shared`), as it is decoded: a caller
   * can screen each text once, while it is fresh, instead of at every use.
   */
  onText?: (text: string) => void;
}

/** Texts longer than this many bytes (IDs, card numbers, remarks) are mostly unique: not cached. */
const TEXT_CACHE_BYTES = 48;
const TEXT_CACHE_SLOTS = 65536;

/**
 * The texts of short cells typed inline (not from the shared strings), by their bytes: a
 * direct-mapped cache of the last text seen at each of 65,536 places. A workbook written
 * with inline strings repeats its codes and categories row after row; a repeat is found
 * by comparing a few bytes, and is neither decoded again nor held again: every row of a
 * group gets the same string.
 */
export class TextCache {
  private readonly keys = new Uint8Array(TEXT_CACHE_SLOTS * TEXT_CACHE_BYTES);
  private readonly lengths = new Uint8Array(TEXT_CACHE_SLOTS);
  private readonly texts: string[] = new Array<string>(TEXT_CACHE_SLOTS).fill('');

  /** The text of bytes [s, e), which hold no entity, CR or escape. */
  get(b: Buffer, s: number, e: number): string {
    const n = e - s;
    if (n > TEXT_CACHE_BYTES || n === 0) return n === 0 ? '' : b.toString('utf8', s, e);
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    const slot = (h >>> 16) & (TEXT_CACHE_SLOTS - 1);
    const at = slot * TEXT_CACHE_BYTES;
    const keys = this.keys;
    if (this.lengths[slot] === n) {
      let same = true;
      for (let i = 0; i < n; i++) {
        if (keys[at + i] !== b[s + i]) {
          same = false;
          break;
        }
      }
      if (same) return this.texts[slot] as string;
    }
    const t = b.toString('utf8', s, e);
    for (let i = 0; i < n; i++) keys[at + i] = b[s + i] as number;
    this.lengths[slot] = n;
    this.texts[slot] = t;
    return t;
  }
}

/** Receives the cells of one row that holds any value: cells[c] for column c (1-based). */
export type RowSink = (row: number, cells: (RawCell | undefined)[]) => void;

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;

const N_SHEETDATA = bytes('sheetData');
const N_ROW = bytes('row');
const N_IS = bytes('is');
const N_T = bytes('t');
const N_RPH = bytes('rPh');
const N_EXTLST = bytes('extLst');
const N_MERGECELL = bytes('mergeCell');

/** A row longer than this (bytes of XML) is refused rather than buffered. */
const MAX_ROW_BYTES = 64 * 1024 * 1024;

enum State {
  Before,
  Rows,
  After,
}

// Cell types (the t attribute).
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_B = 4;
const T_E = 5;
const T_D = 6;

/** An ISO date-time that names its zone (else it is read as UTC, the calendar date as typed). */
const HAS_ZONE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A decimal number from bytes, as parseFloat reads it. Up to 15 digits without an
 * exponent the integer digits divided by a power of ten is the correctly rounded value
 * (both exact in a double, one rounding), so no string is built; otherwise parseFloat.
 */
export function numberOf(b: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let scale = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i] as number;
    if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      digits++;
      if (dot) scale++;
    } else if (c === 0x2e && !dot) dot = true;
    else return Number.parseFloat(b.toString('latin1', s, e));
  }
  if (digits === 0 || digits > 15) return Number.parseFloat(b.toString('latin1', s, e));
  const v = scale ? m / (POW10[scale] as number) : m;
  return neg ? -v : v;
}

/** An Excel serial as exceljs turns it into a Date (UTC fields are the calendar date and time). */
export function excelToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

export class SheetScanner {
  readonly merges: MergeRange[] = [];
  /** The last row and column that held a value (0 when none). */
  maxRow = 0;
  maxCol = 0;
  private state = State.Before;
  /** Bytes of an element cut by the end of the last chunk, and chunks held back after them. */
  private carry: Buffer | null = null;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lastRow = 0;
  /** The namespace prefix of the sheet's elements ('x:' in some generated files), as bytes. */
  private pfx: Uint8Array = new Uint8Array(0);
  private readonly span = attrSpan();
  /** Shared formulas: si → the master's formula text, for cells that only point at it. */
  private readonly sharedFormulas = new Map<number, string>();

  constructor(
    private readonly ctx: CellContext,
    private readonly sink: RowSink,
    private readonly sheetName = '',
  ) {}

  feed(chunk: Buffer): void {
    if (this.carry) {
      // A long element: wait for as many bytes again as are held before scanning anew,
      // so the bytes copied stay proportional to the element (not its square).
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      if (this.pendingBytes < this.carry.length && this.carry.length > 1 << 20) return;
      const b = Buffer.concat([this.carry, ...this.pending]);
      this.carry = null;
      this.pending = [];
      this.pendingBytes = 0;
      this.run(b);
    } else {
      this.run(chunk);
    }
  }

  /** The part has ended: a row or the sheet data left open is a damaged part. */
  end(): void {
    if (this.carry) {
      const b = Buffer.concat([this.carry, ...this.pending]);
      this.carry = null;
      this.pending = [];
      this.run(b);
    }
    // A part without <sheetData> (not a worksheet of cells) simply has no rows.
    if (this.state === State.Rows) throw new XlsxFormatError(`${this.sheetName}: sheet data not closed`);
  }

  private run(b: Buffer): void {
    const keep = this.scan(b);
    if (keep < b.length) {
      if (b.length - keep > MAX_ROW_BYTES)
        throw new XlsxFormatError(`${this.sheetName}: a row longer than 64 MB`);
      this.carry = b.subarray(keep);
    }
  }

  /** Scans what it can of `b`; returns where the unfinished rest starts (b.length when none). */
  private scan(b: Buffer): number {
    const end = b.length;
    let p = 0;
    if (this.state === State.Before) {
      p = this.findSheetData(b, end);
      if (this.state === State.Before) return p;
    }
    if (this.state === State.Rows) {
      p = this.rows(b, p, end);
      if (this.state === State.Rows) return p;
    }
    return this.tail(b, p, end);
  }

  /**
   * Finds <sheetData> (any prefix): sets the state and returns the position after it, or
   * returns where to keep bytes from while it has not come yet.
   */
  private findSheetData(b: Buffer, end: number): number {
    const waitFrom = Math.max(0, end - 256);
    let i = 0;
    for (;;) {
      const at = b.indexOf('sheetData', i, 'latin1');
      if (at < 0 || at + N_SHEETDATA.length >= end) return waitFrom;
      // Back over a prefix to the '<'; a closing tag or another name is not it.
      let s = at - 1;
      if (b[s] === COLON) {
        s--;
        while (s >= 0 && b[s] !== LT && !isSpace(b[s] as number) && b[s] !== SLASH) s--;
      }
      if (s < 0 || b[s] !== LT || !endsName(b[at + N_SHEETDATA.length])) {
        i = at + 1;
        continue;
      }
      const pos = readAttrs(b, at + N_SHEETDATA.length, end, this.span, null);
      if (pos < 0) return Math.min(s, waitFrom);
      this.pfx = Uint8Array.from(b.subarray(s + 1, at));
      this.state = this.span.selfClosing ? State.After : State.Rows;
      return pos;
    }
  }

  /** Reads whole rows from `p`; returns where an unfinished row starts, or the end. */
  private rows(b: Buffer, from: number, end: number): number {
    const pl = this.pfx.length;
    let p = from;
    for (;;) {
      while (p < end && isSpace(b[p] as number)) p++;
      if (p >= end) return end;
      if (b[p] !== LT) throw new XlsxFormatError(`${this.sheetName}: text between rows`);
      if (p + 2 + pl + 10 > end) return p;
      const c1 = b[p + 1];
      if (c1 === SLASH) {
        if (!nameAt(b, p + 2 + pl, N_SHEETDATA))
          throw new XlsxFormatError(`${this.sheetName}: unexpected closing tag`);
        const gt = b.indexOf(GT, p);
        if (gt < 0) return p;
        this.state = State.After;
        return gt + 1;
      }
      if (c1 === 0x21 || c1 === 0x3f) {
        // A comment or processing instruction.
        const close = b.indexOf(c1 === 0x21 ? '-->' : '?>', p + 2, 'latin1');
        if (close < 0) return p;
        p = close + (c1 === 0x21 ? 3 : 2);
        continue;
      }
      if (!nameAt(b, p + 1 + pl, N_ROW))
        throw new XlsxFormatError(`${this.sheetName}: unexpected element in sheet data`);
      const next = this.row(b, p, p + 1 + pl + 3, end);
      if (next < 0) return p;
      p = next;
    }
  }

  private rowNumber = 0;
  private readonly onRowAttr = (a: AttrSpan): void => {
    if (a.ne - a.ns !== 1 || this.bytesNow[a.ns] !== 0x72) return;
    const b = this.bytesNow;
    let r = 0;
    for (let k = a.vs; k < a.ve; k++) {
      const d = (b[k] as number) - 0x30;
      if (d < 0 || d > 9) throw new XlsxFormatError(`${this.sheetName}: bad row number`);
      r = r * 10 + d;
    }
    this.rowNumber = r;
  };
  private bytesNow: Buffer = Buffer.alloc(0);

  /** One <row> starting at `p`; returns the position after it, or -1 when it is not all here. */
  private row(b: Buffer, p: number, nameEnd: number, end: number): number {
    this.rowNumber = 0;
    this.bytesNow = b;
    const span = this.span;
    const pos = readAttrs(b, nameEnd, end, span, this.onRowAttr);
    if (pos < 0) return -1;
    const r = this.rowNumber || this.lastRow + 1;
    if (r > EXCEL_MAX_ROWS) throw new SheetTooLargeError(this.sheetName, r, this.maxCol);
    if (span.selfClosing) {
      this.lastRow = r;
      return pos;
    }
    const after = this.cells(b, pos, end, r);
    if (after < 0) {
      if (end - p > MAX_ROW_BYTES) throw new XlsxFormatError(`${this.sheetName}: a row longer than 64 MB`);
      return -1;
    }
    this.lastRow = r;
    const cells = this.rowCells;
    if (cells) {
      this.rowCells = null;
      if (r > this.maxRow) this.maxRow = r;
      this.sink(r, cells);
    }
    return after;
  }

  /** The cells of the row read last by cells() (null when none held a value). */
  private rowCells: (RawCell | undefined)[] | null = null;

  /**
   * Reads the cells of a row from `from` to its </row>: returns the position after it
   * (the cells in rowCells), or -1 when the bytes end first (the row is read again whole
   * when more have come). The end of a row is found by reading it, not searched for.
   */
  private cells(b: Buffer, from: number, e: number, r: number): number {
    const pl = this.pfx.length;
    let cells: (RawCell | undefined)[] | null = null;
    let col = 0;
    let p = from;
    for (;;) {
      p = nextTag(b, p, e);
      if (p + 2 + pl + 4 > e) return -1;
      const n = p + 1 + pl;
      if (b[n] === 0x63 && endsName(b[n + 1])) {
        // <c r="B7" s="3" t="s">
        let i = n + 1;
        let c = 0;
        let style = -1;
        let type = T_N;
        for (;;) {
          while (i < e && isSpace(b[i] as number)) i++;
          if (i >= e) return -1;
          const ch = b[i];
          if (ch === GT || ch === SLASH) break;
          const ns = i;
          while (i < e && b[i] !== 0x3d) i++;
          const nl = i - ns;
          const a = b[ns];
          while (i < e && b[i] !== 0x22 && b[i] !== 0x27) i++;
          if (i >= e) return -1;
          const q = b[i];
          const vs = ++i;
          while (i < e && b[i] !== q) i++;
          if (i >= e) return -1;
          const ve = i++;
          if (nl !== 1) continue;
          if (a === 0x72) {
            // r: the column letters (the row digits are the row's).
            c = 0;
            for (let k = vs; k < ve; k++) {
              let d = b[k] as number;
              if (d >= 0x61 && d <= 0x7a) d -= 0x20;
              if (d < 0x41 || d > 0x5a) break;
              c = c * 26 + (d - 0x40);
              if (c > EXCEL_MAX_COLS) throw new SheetTooLargeError(this.sheetName, r, c);
            }
          } else if (a === 0x73) {
            style = 0;
            for (let k = vs; k < ve; k++) style = style * 10 + ((b[k] as number) - 0x30);
          } else if (a === 0x74) {
            type = typeOf(b, vs, ve);
          }
        }
        col = c > 0 ? c : col + 1;
        if (col > EXCEL_MAX_COLS) throw new SheetTooLargeError(this.sheetName, r, col);
        if (b[i] === SLASH) {
          if (i + 1 >= e) return -1;
          p = i + 2;
          continue;
        }
        const v = this.value(b, i + 1, e, type, style);
        if (this.after < 0) return -1;
        p = this.after;
        if (v !== undefined) {
          if (!cells) cells = [];
          cells[col] = v;
          if (col > this.maxCol) this.maxCol = col;
        }
        continue;
      }
      if (b[p + 1] === SLASH && nameAt(b, p + 2 + pl, N_ROW)) {
        const gt = b.indexOf(GT, p);
        if (gt < 0) return -1;
        this.rowCells = cells;
        return gt + 1;
      }
      if (b[p + 1] === 0x21) {
        const close = b.indexOf('-->', p, 'latin1');
        if (close < 0) return -1;
        p = close + 3;
        continue;
      }
      if (nameAt(b, n, N_EXTLST)) {
        p = this.skipElement(b, p, e, N_EXTLST);
        if (p < 0) return -1;
        continue;
      }
      // Anything else inside a row (a nested <row>, another closing tag) is a damaged part.
      throw new XlsxFormatError(`${this.sheetName}: row ${r} not closed`);
    }
  }

  /** The position after the element named `name` that starts at `p` (its closing tag), or -1 past `e`. */
  private skipElement(b: Buffer, p: number, e: number, name: Uint8Array): number {
    const pl = this.pfx.length;
    const pos = readAttrs(b, p + 1 + pl + name.length, e, this.span, null);
    if (pos < 0) return -1;
    if (this.span.selfClosing) return pos;
    let q = pos;
    for (;;) {
      q = nextTag(b, q, e);
      if (q + 2 + pl + name.length >= e) return -1;
      if (b[q + 1] === SLASH && nameAt(b, q + 2 + pl, name)) {
        const gt = b.indexOf(GT, q);
        return gt < 0 || gt >= e ? -1 : gt + 1;
      }
      q++;
    }
  }

  /** Where the cell read last by value() ended (after its </c>); -1 when its bytes ran out. */
  private after = 0;

  /** The value of the cell whose content starts at `from` (after <c …>); sets `after`. */
  private value(b: Buffer, from: number, e: number, type: number, style: number): RawCell | undefined {
    const pl = this.pfx.length;
    let vs = -1;
    let ve = -1;
    let fs = -1;
    let fe = -1;
    let fShared = false;
    let fType = false;
    let si = -1;
    let text: string | null = null;
    let p = from;
    this.after = -1;
    for (;;) {
      p = nextTag(b, p, e);
      if (p + 3 + pl >= e) return undefined;
      const n = p + 1 + pl;
      const ch = b[n];
      if (b[p + 1] === SLASH) {
        if (b[n + 1] === 0x63 && b[n + 2] === GT) {
          this.after = n + 3;
          break;
        }
        p++;
        continue;
      }
      if (ch === 0x76 && b[n + 1] === GT) {
        // <v>…</v>, the common case without attributes.
        vs = n + 2;
        ve = nextTag(b, vs, e);
        p = ve;
      } else if (ch === 0x76 && endsName(b[n + 1])) {
        const pos = readAttrs(b, n + 1, e, this.span, null);
        if (pos < 0) return undefined;
        if (this.span.selfClosing) {
          p = pos;
          continue;
        }
        vs = pos;
        ve = nextTag(b, pos, e);
        p = ve;
      } else if (ch === 0x66 && endsName(b[n + 1])) {
        // <f t="shared" ref="…" si="0">…</f>
        this.fShared = false;
        this.fType = false;
        this.fSi = -1;
        this.bytesNow = b;
        const pos = readAttrs(b, n + 1, e, this.span, this.onFormulaAttr);
        if (pos < 0) return undefined;
        fShared = this.fShared;
        fType = this.fType;
        si = this.fSi;
        if (this.span.selfClosing) {
          p = pos;
          continue;
        }
        fs = pos;
        fe = nextTag(b, pos, e);
        p = fe;
      } else if (nameAt(b, n, N_IS)) {
        const plain = pl === 0 ? this.plainInline(b, p, e) : 0;
        if (plain > 0) {
          text = this.plainText;
          p = plain;
          continue;
        }
        const end = this.skipElement(b, p, e, N_IS);
        if (end < 0) return undefined;
        text = itemText(b, p, end, pl, this.span);
        p = end;
      } else {
        // extLst or anything unknown inside a cell: skip the tag, keep scanning.
        p++;
      }
    }
    if (fe > fs || fType) {
      let formula = fe > fs ? textOf(b, fs, fe, false) : '';
      if (fShared && si >= 0) {
        if (formula) this.sharedFormulas.set(si, formula);
        else formula = this.sharedFormulas.get(si) ?? '';
      }
      if (!(vs >= 0 && ve > vs)) return { t: 'f', formula };
      return this.typed(b, vs, ve, type === T_S || type === T_INLINE ? T_STR : type, style, true);
    }
    if (text !== null) {
      if (text === '') return undefined;
      this.ctx.onText?.(text);
      return { t: 's', v: text };
    }
    if (!(vs >= 0 && ve > vs)) return undefined;
    return this.typed(b, vs, ve, type, style, false);
  }

  private fShared = false;
  private fType = false;
  private fSi = -1;
  private readonly onFormulaAttr = (a: AttrSpan): void => {
    const b = this.bytesNow;
    const nl = a.ne - a.ns;
    if (nl === 1 && b[a.ns] === 0x74) {
      this.fType = true;
      this.fShared = a.ve - a.vs === 6 && b.toString('latin1', a.vs, a.ve) === 'shared';
    } else if (nl === 2 && b[a.ns] === 0x73 && b[a.ns + 1] === 0x69) {
      let idx = 0;
      for (let k = a.vs; k < a.ve; k++) idx = idx * 10 + ((b[k] as number) - 0x30);
      this.fSi = idx;
    }
  };

  private plainText = '';

  /**
   * The common inline string, <is><t>text</t></is> (or <t xml:space="preserve">), read in
   * one go: sets plainText and returns the position after it; 0 for any other shape.
   */
  private plainInline(b: Buffer, p: number, e: number): number {
    if (b[p + 3] !== 0x3e || b[p + 4] !== 0x3c || b[p + 5] !== 0x74) return 0;
    let i = p + 6;
    if (b[i] !== 0x3e) {
      if (b[i] !== 0x20) return 0;
      while (i < e && b[i] !== 0x3e && b[i] !== 0x2f) i++;
      if (b[i] !== 0x3e) return 0;
    }
    const ts = i + 1;
    const te = nextTag(b, ts, e);
    // </t></is>
    if (
      te + 9 > e ||
      b[te + 1] !== 0x2f ||
      b[te + 2] !== 0x74 ||
      b[te + 3] !== 0x3e ||
      b[te + 4] !== 0x3c ||
      b[te + 5] !== 0x2f ||
      b[te + 6] !== 0x69 ||
      b[te + 7] !== 0x73 ||
      b[te + 8] !== 0x3e
    )
      return 0;
    this.plainText = this.inlineText(b, ts, te, true);
    return te + 9;
  }

  /** The text of bytes [s, e) of a cell typed inline: decoded, or the same string as the last time these bytes came. */
  private inlineText(b: Buffer, s: number, e: number, escapes: boolean): string {
    const cache = this.ctx.texts;
    if (cache && e - s <= TEXT_CACHE_BYTES) {
      let plain = true;
      for (let i = s; i < e; i++) {
        const c = b[i];
        if (c === 0x26 || c === 0x0d || c === 0x5f) {
          plain = false;
          break;
        }
      }
      if (plain) return cache.get(b, s, e);
    }
    return textOf(b, s, e, escapes);
  }

  private typed(
    b: Buffer,
    vs: number,
    ve: number,
    type: number,
    style: number,
    formula: boolean,
  ): RawCell | undefined {
    switch (type) {
      case T_S: {
        let idx = 0;
        for (let k = vs; k < ve; k++) {
          const d = (b[k] as number) - 0x30;
          if (d < 0 || d > 9) throw new XlsxFormatError(`${this.sheetName}: bad shared string index`);
          idx = idx * 10 + d;
        }
        const s = this.ctx.shared[idx];
        if (s === undefined) throw new XlsxFormatError(`${this.sheetName}: shared string ${idx} missing`);
        return s === '' ? undefined : { t: 's', v: s };
      }
      case T_STR:
      case T_INLINE: {
        const s = this.inlineText(b, vs, ve, false);
        if (s !== '') this.ctx.onText?.(s);
        if (formula) return { t: 's', v: s, formula: true };
        return s === '' ? undefined : { t: 's', v: s };
      }
      case T_B: {
        const v = Number.parseInt(b.toString('latin1', vs, ve), 10) !== 0;
        return formula ? { t: 'b', v, formula: true } : { t: 'b', v };
      }
      case T_E: {
        const v = textOf(b, vs, ve, false);
        return formula ? { t: 'e', v, formula: true } : { t: 'e', v };
      }
      case T_D: {
        // An ISO 8601 date (t="d", strict OOXML): its calendar date and time as UTC fields.
        const s = textOf(b, vs, ve, false);
        const d = new Date(HAS_ZONE.test(s) || !s.includes('T') ? s : `${s}Z`);
        if (Number.isNaN(d.getTime())) {
          this.ctx.onText?.(s);
          return formula ? { t: 's', v: s, formula: true } : { t: 's', v: s };
        }
        return formula ? { t: 'd', v: d, formula: true } : { t: 'd', v: d };
      }
      default: {
        const v = numberOf(b, vs, ve);
        if (style >= 0 && this.ctx.dateStyles[style] === 1) {
          const d = excelToDate(v, this.ctx.date1904);
          return formula ? { t: 'd', v: d, formula: true } : { t: 'd', v: d };
        }
        return formula ? { t: 'n', v, formula: true } : { t: 'n', v };
      }
    }
  }

  /** After </sheetData>: collects <mergeCell ref="A1:B2"/>; returns where an unfinished tag starts. */
  private tail(b: Buffer, from: number, end: number): number {
    const pl = this.pfx.length;
    let p = from;
    for (;;) {
      const at = b.indexOf('mergeCell', p, 'latin1');
      if (at < 0) return Math.max(p, end - 64);
      const lt = at - 1 - pl;
      if (lt < 0 || b[lt] !== LT || !endsName(b[at + N_MERGECELL.length])) {
        if (at + N_MERGECELL.length >= end) return Math.max(p, lt);
        p = at + 1;
        continue;
      }
      let ref = '';
      const pos = readAttrs(b, at + N_MERGECELL.length, end, this.span, (a) => {
        if (a.ne - a.ns === 3 && b.toString('latin1', a.ns, a.ne) === 'ref')
          ref = b.toString('latin1', a.vs, a.ve);
      });
      if (pos < 0) return lt;
      const m = parseRange(ref);
      if (m) this.merges.push(m);
      p = pos;
    }
  }
}

function typeOf(b: Buffer, s: number, e: number): number {
  const n = e - s;
  const c = b[s];
  if (n === 1) {
    if (c === 0x73) return T_S;
    if (c === 0x62) return T_B;
    if (c === 0x65) return T_E;
    if (c === 0x64) return T_D;
    return T_N;
  }
  if (n === 3 && c === 0x73) return T_STR;
  if (n === 9 && c === 0x69) return T_INLINE;
  return T_N;
}

/**
 * The text of a string item (<si> of the shared strings, <is> of an inline string) in
 * [p, e): its <t>, or its rich text runs' <t> joined; phonetic runs (<rPh>) left out.
 */
export function itemText(
  b: Buffer,
  from: number,
  e: number,
  pl: number,
  span: ReturnType<typeof attrSpan>,
): string {
  let out = '';
  let p = from;
  // Skip the item's own start tag.
  const first = readAttrs(b, skipName(b, p + 1, e), e, span, null);
  if (first < 0 || span.selfClosing) return '';
  p = first;
  for (;;) {
    p = nextTag(b, p, e);
    if (p >= e) return out;
    if (b[p + 1] === SLASH || b[p + 1] === 0x21 || b[p + 1] === 0x3f) {
      p++;
      continue;
    }
    const n = localStart(b, p + 1, e, pl);
    if (nameAt(b, n, N_T)) {
      const pos = readAttrs(b, n + 1, e, span, null);
      if (pos < 0) throw new XlsxFormatError('text not closed');
      if (span.selfClosing) {
        p = pos;
        continue;
      }
      const te = nextTag(b, pos, e);
      out += textOf(b, pos, te, true);
      p = te;
    } else if (nameAt(b, n, N_RPH)) {
      // Skip the phonetic run whole.
      let q = p + 1;
      for (;;) {
        q = nextTag(b, q, e);
        if (q >= e) return out;
        if (b[q + 1] === SLASH && nameAt(b, localStart(b, q + 2, e, pl), N_RPH)) break;
        q++;
      }
      p = q + 1;
    } else {
      p++;
    }
  }
}

/** Where the local name of the tag name starting at `p` begins (after any prefix). */
function localStart(b: Buffer, p: number, e: number, pl: number): number {
  if (pl > 0 && b[p + pl - 1] === COLON) return p + pl;
  for (let i = p; i < e && !endsName(b[i]); i++) if (b[i] === COLON) return i + 1;
  return p;
}

function skipName(b: Buffer, p: number, e: number): number {
  let i = p;
  while (i < e && !endsName(b[i])) i++;
  return i;
}
