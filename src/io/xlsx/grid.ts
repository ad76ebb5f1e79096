/**
 * The raw content of a workbook, independent of how it was read. The lean reader
 * (source.ts, scanner.ts) streams each sheet as rows of RawCells and never
 * holds a whole sheet; a SheetGrid (all rows at once, plus merged ranges) is what the
 * exceljs reference reader (exceljs-source.ts) gives, for the tests that compare the two.
 */

/** One cell as stored: its value type decides how a field may read it. */
export type RawCell =
  /** Text: shared/inline strings, rich text and hyperlinks flattened to their text, string formula results. */
  | { t: 's'; v: string; formula?: boolean }
  /** A number, with its number format (a date format turns it into `d` before it gets here). */
  | { t: 'n'; v: number; formula?: boolean }
  /** A date cell (number with a date format), as a Date whose UTC fields are the calendar date and time. */
  | { t: 'd'; v: Date; formula?: boolean }
  | { t: 'b'; v: boolean; formula?: boolean }
  /** A cached error value (#N/A, #REF!, #VALUE!, …). */
  | { t: 'e'; v: string; formula?: boolean }
  /** A formula with no cached result (saved by a program that does not calculate). */
  | { t: 'f'; formula: string };

/** A rectangle of merged cells, 1-based inclusive. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetGrid {
  name: string;
  /** rows[r][c]: Excel row r and column c (both 1-based); holes are empty cells. */
  rows: (RawCell | undefined)[][];
  merges: MergeRange[];
  /** The last row and column that hold anything (0 when the sheet is empty). */
  maxRow: number;
  maxCol: number;
}

export interface WorkbookGrid {
  /** The 1904 date system (workbook.properties.date1904): serial 0 is 1904-01-01. */
  date1904: boolean;
  sheets: SheetGrid[];
}

/** Excel's limits (Excel specifications and limits). */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLS = 16_384;

/** Column number (1-based) → letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    const m = (x - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

/** "B3" → { row: 3, col: 2 }; null when not an A1 address. */
export function parseAddress(a: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(a.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of (m[1] as string).toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** "A1:F1" → a MergeRange; null when malformed. */
export function parseRange(r: string): MergeRange | null {
  const [a, b] = r.split(':');
  const p = a ? parseAddress(a) : null;
  const q = b ? parseAddress(b) : p;
  if (!p || !q) return null;
  return {
    top: Math.min(p.row, q.row),
    left: Math.min(p.col, q.col),
    bottom: Math.max(p.row, q.row),
    right: Math.max(p.col, q.col),
  };
}
