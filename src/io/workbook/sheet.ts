import type { Finding } from '../../rules/findings.js';
import { columnLetter, type MergeRange, type RawCell, type SheetGrid } from '../xlsx/grid.js';
import { cleanText, closest, headerKey, normaliseCode, removeSpaces, spaceLike } from './normalise.js';
import { EXAMPLE_CODE_PREFIX, HEADER_SCAN_ROWS, type SheetSpec } from './schema.js';

/** Where a field was found: shared by every row of the sheet (RowRef.columns). */
export type ColumnsMap = Readonly<Record<string, { column: string; header: string }>>;

export interface TableRow {
  /** Excel's own row number. */
  row: number;
  /**
   * The cell of each field of the sheet's spec, in the order of spec.fields (after merged
   * cells are filled down; undefined when empty or when the sheet has no such column).
   * An array rather than an object keyed by field: one is built for every row.
   */
  cells: readonly (RawCell | undefined)[];
}

/** Where a sheet's table was found: shared by every row read from it. */
export interface TableInfo {
  file: string;
  sheet: string;
  spec: SheetSpec;
  /** The header row (the first row of a two-level header). */
  headerRow: number;
  /** The last row of the header block; data starts below it. */
  headerBottom: number;
  columns: ColumnsMap;
}

/** A whole table, for a sheet held as a grid (the exceljs reference reader). */
export interface Table extends TableInfo {
  rows: TableRow[];
}

/** The cells of one row as read: cells[c] for column c (1-based); holes are empty cells. */
export type RawRow = (RawCell | undefined)[];

function sheetFinding(
  level: Finding['level'],
  code: string,
  file: string,
  sheet: string,
  row: number,
  params: Record<string, string | number>,
  extra: Partial<Finding> = {},
): Finding {
  return { level, code, file, sheet, row, column: '', header: '', value: '', params, ...extra };
}

/** The text a header cell shows. */
function cellText(c: RawCell | undefined): string {
  if (!c) return '';
  if (c.t === 's') return c.v;
  if (c.t === 'n') return String(c.v);
  return '';
}

interface HeaderMatch {
  /** The header row, and the last row of its block (header cells merged down over a second row of sub-headers). */
  row: number;
  bottom: number;
  /** field key → column number */
  cols: Map<string, number>;
  /** column → the header text that named its field */
  texts: Map<number, string>;
  duplicates: { key: string; col: number; first: number }[];
  found: string[];
}

/** At most this many rows below a header row can hold sub-headers under merged header cells. */
const MAX_SUBHEADER_ROWS = 2;

function matchHeaderRow(
  rows: ReadonlyMap<number, RawRow>,
  merges: readonly MergeRange[],
  spec: SheetSpec,
  r: number,
): HeaderMatch {
  // A two-level header: 身份证号 merged over rows 2–3, 银行信息 over I2:J2 with 开户行 and
  // 银行卡号 under it in row 3. The block ends at the lowest merge starting on row r.
  let bottom = r;
  for (const m of merges) {
    if (m.top === r && m.bottom > bottom) bottom = Math.min(m.bottom, r + MAX_SUBHEADER_ROWS);
  }
  const entries: { col: number; key: string; text: string }[] = [];
  const found: string[] = [];
  for (let rr = r; rr <= bottom; rr++) {
    (rows.get(rr) ?? []).forEach((c, col) => {
      const t = cellText(c);
      if (!t.trim()) return;
      entries.push({ col, key: headerKey(t), text: removeSpaces(t) });
      found.push(removeSpaces(t));
    });
  }
  const cols = new Map<string, number>();
  const texts = new Map<number, string>();
  const claimed = new Set<number>();
  const duplicates: HeaderMatch['duplicates'] = [];
  // Canonical headers first, then aliases in order: 编号 wins over a 序号 column beside it.
  const passes: ((fs: SheetSpec['fields'][number]) => readonly string[])[] = [
    (fs) => [fs.header],
    (fs) => fs.aliases,
  ];
  for (const names of passes) {
    for (const fs of spec.fields) {
      if (cols.has(fs.key)) continue;
      for (const name of names(fs)) {
        const want = headerKey(name);
        const hits = entries.filter((e) => e.key === want && !claimed.has(e.col));
        const first = hits[0];
        if (first === undefined) continue;
        cols.set(fs.key, first.col);
        texts.set(first.col, first.text);
        for (const h of hits) claimed.add(h.col);
        for (const h of hits.slice(1)) {
          if (h.col === first.col) continue;
          duplicates.push({ key: fs.key, col: h.col, first: first.col });
          texts.set(h.col, h.text);
        }
        break;
      }
    }
  }
  return { row: r, bottom, cols, texts, duplicates, found };
}

function isExampleMarker(c: RawCell | undefined): boolean {
  if (c?.t !== 's' || !c.v.includes('示')) return false;
  const t = removeSpaces(c.v);
  return t === '示例' || t.startsWith('示例行');
}

const SHI = '示'.charCodeAt(0);
const JI = '计'.charCodeAt(0);

const TRAILING_COLON = /[:：]$/;
const SUBTOTAL_END = /(小计|合计)$/;
const TOTAL_WORDS = new Set(['合计', '小计', '总计', '共计', '总合计']);

function isTotalMarker(c: RawCell | undefined): boolean {
  // Every total word ends in 计: most cells are passed over without building a string.
  if (c?.t !== 's' || !c.v.includes('计')) return false;
  const t = removeSpaces(c.v).replace(TRAILING_COLON, '');
  return TOTAL_WORDS.has(t) || (t.length <= 12 && SUBTOTAL_END.test(t));
}

/** Rows that may belong to the header block: they are held until the header is found. */
const HEAD_ROWS = HEADER_SCAN_ROWS + MAX_SUBHEADER_ROWS;

/** A merged range with its place in the sheet's list (a later range wins where two overlap). */
interface Merge {
  m: MergeRange;
  idx: number;
}

/**
 * Reads a sheet's table row by row as the rows stream in (spec/workbook.md): holds the
 * first rows until the header row is found (the first of the first 10 rows holding every
 * required header, with the sub-header rows of a two-level header), then hands each data
 * row to `onRow` at once: blank rows skipped, merged cells filled down, template example
 * rows and 合计/小计 rows skipped with a finding. Header problems are findings.
 *
 * Merged ranges come at the end of a sheet's XML, after its rows. The reader is given the
 * ranges it knows (none on a first pass over a streamed sheet); `standsWithout` then says
 * whether the ranges found at the end would have changed anything read (a range below
 * the header, one extending a header block, or one covering a cell that held a value). Only
 * then is the sheet read again with them: a title row merged across the width changes
 * nothing, so most sheets are read once.
 */
export class TableReader {
  /** Data rows handed on so far. */
  rows = 0;
  private info: TableInfo | null = null;
  private decided = false;
  private skipping = false;
  private match: HeaderMatch | null = null;
  private readonly head = new Map<number, RawRow>();
  private readonly order: Merge[];
  private readonly masters: (RawCell | undefined)[];
  private next = 0;
  private active: Merge[] = [];
  /** The column of each field of the spec, in its order (-1 when the sheet has none). */
  private fieldCols = new Int32Array(0);
  /** 1 at the column of a free-text field (its 合计 is text, not a total row). */
  private freeCols = new Uint8Array(0);
  private codeCol: number | undefined;

  constructor(
    private readonly spec: SheetSpec,
    private readonly file: string,
    private readonly sheet: string,
    private readonly merges: readonly MergeRange[],
    private readonly findings: Finding[],
    private readonly onRow: (tr: TableRow, info: TableInfo) => void,
  ) {
    this.order = merges.map((m, idx) => ({ m, idx })).sort((a, b) => a.m.top - b.m.top || a.idx - b.idx);
    this.masters = new Array(merges.length);
  }

  /** The next row holding any value, in sheet order. `raw` is taken over (covered cells are cleared in it). */
  push(r: number, raw: RawRow): void {
    if (this.order.length) this.sweep(r, raw);
    if (!this.decided) {
      if (r <= HEAD_ROWS) {
        this.head.set(r, raw);
        return;
      }
      this.decide();
    }
    if (this.match && r > this.match.bottom && !this.skipping) this.dataRow(r, raw, this.active);
  }

  /** From now on rows only move the merged ranges on (their master cells); no data row is handed on. */
  skipDataRows(): void {
    this.skipping = true;
  }

  /** The sheet has ended: the table found (null when its header was not). */
  end(): TableInfo | null {
    if (!this.decided) this.decide();
    return this.info;
  }

  /**
   * Read with no merged ranges known: whether `merges` (found at the end of the sheet)
   * leave everything read as it is. True when each is a single-row range within the
   * header block or above it whose covered cells are empty (a title row merged across).
   */
  standsWithout(merges: readonly MergeRange[]): boolean {
    const limit = this.match ? this.match.bottom : HEAD_ROWS;
    for (const m of merges) {
      if (m.top !== m.bottom || m.top > limit) return false;
      const raw = this.head.get(m.top);
      if (!raw) continue;
      for (let c = m.left + 1; c <= m.right && c < raw.length; c++) if (raw[c] !== undefined) return false;
    }
    return true;
  }

  /** Moves the merged ranges on to row r: notes each range's master cell, clears the cells it covers. */
  private sweep(r: number, raw: RawRow): void {
    if (this.active.length) this.active = this.active.filter((a) => a.m.bottom >= r);
    while (this.next < this.order.length && (this.order[this.next] as Merge).m.top <= r) {
      const o = this.order[this.next++] as Merge;
      if (o.m.bottom < r) continue;
      // The master cell is the top-left one; a range whose top row held nothing has none.
      this.masters[o.idx] = o.m.top === r ? raw[o.m.left] : undefined;
      let at = this.active.length;
      while (at > 0 && (this.active[at - 1] as Merge).idx > o.idx) at--;
      this.active.splice(at, 0, o);
    }
    // Covered cells show the master's value in Excel, whatever the file holds in them.
    for (const { m } of this.active) {
      const last = Math.min(m.right, raw.length - 1);
      for (let c = m.left; c <= last; c++) if (r !== m.top || c !== m.left) raw[c] = undefined;
    }
  }

  private decide(): void {
    this.decided = true;
    const spec = this.spec;
    const required = spec.fields.filter((x) => x.required);
    let match: HeaderMatch | null = null;
    let best: HeaderMatch | null = null;
    const bestScore = (m: HeaderMatch) => required.filter((x) => m.cols.has(x.key)).length;
    for (let r = 1; r <= HEADER_SCAN_ROWS; r++) {
      if (!this.head.size) break;
      const m = matchHeaderRow(this.head, this.merges, spec, r);
      if (required.every((x) => m.cols.has(x.key))) {
        match = m;
        break;
      }
      if (m.found.length && (!best || bestScore(m) > bestScore(best))) best = m;
    }
    if (!match) {
      const found = best?.found ?? [];
      for (const fs of required) {
        if (best?.cols.has(fs.key)) continue;
        this.findings.push(
          sheetFinding(
            'error',
            'header_missing',
            this.file,
            this.sheet,
            best?.row ?? 0,
            {
              expected: [fs.header, ...fs.aliases].join(' / '),
              found: found.join('、') || '-',
              closest: closest(found, [fs.header, ...fs.aliases]) || '-',
              scanned: HEADER_SCAN_ROWS,
            },
            { header: fs.header },
          ),
        );
      }
      return;
    }
    this.match = match;
    const columns: Record<string, { column: string; header: string }> = {};
    for (const [key, col] of match.cols)
      columns[key] = { column: columnLetter(col), header: this.headerAt(col) };
    for (const d of match.duplicates) {
      this.findings.push(
        sheetFinding(
          'warning',
          'duplicate_header',
          this.file,
          this.sheet,
          match.row,
          {
            expected: columns[d.key]?.header ?? d.key,
            first: columnLetter(d.first),
          },
          {
            column: columnLetter(d.col),
            header: this.headerAt(d.col),
            value: this.headerAt(d.col),
          },
        ),
      );
    }
    Object.freeze(columns);
    this.info = {
      file: this.file,
      sheet: this.sheet,
      spec,
      headerRow: match.row,
      headerBottom: match.bottom,
      columns,
    };
    this.fieldCols = Int32Array.from(spec.fields, (x) => match.cols.get(x.key) ?? -1);
    this.freeCols = new Uint8Array(Math.max(0, ...match.cols.values()) + 1);
    for (const x of spec.fields) {
      const col = match.cols.get(x.key);
      if (x.freeText && col !== undefined) this.freeCols[col] = 1;
    }
    this.codeCol = match.cols.get(spec.kind === 'villages' ? 'code' : 'villageCode');
    // Rows held below the header block are data rows.
    for (const [r, raw] of this.head) {
      if (r <= match.bottom) continue;
      const covering = this.order
        .filter((o) => o.m.top <= r && r <= o.m.bottom)
        .sort((a, b) => a.idx - b.idx);
      this.dataRow(r, raw, covering);
    }
  }

  /** The header text of a column: the name that matched its field, else the text in the header block. */
  private headerAt(col: number): string {
    const match = this.match as HeaderMatch;
    const named = match.texts.get(col);
    if (named !== undefined) return named;
    for (let r = match.row; r <= match.bottom; r++) {
      const t = removeSpaces(cellText(this.head.get(r)?.[col]));
      if (t) return t;
    }
    return '';
  }

  private dataRow(r: number, raw: RawRow, covering: readonly Merge[]): void {
    const info = this.info as TableInfo;
    const cols = this.fieldCols;
    let any = false;
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i] as number;
      if (col >= 0 && raw[col] !== undefined) {
        any = true;
        break;
      }
    }
    if (!any) return;
    // One pass over the row's text cells finds the first example marker (示例 …) and the
    // first total marker (… 合计) by their first and last characters; only a candidate
    // is looked at closely.
    const n = raw.length;
    let exampleAt = -1;
    let totalAt = -1;
    for (let col = 1; col < n; col++) {
      const c = raw[col];
      if (c === undefined || c.t !== 's' || c.v === '') continue;
      const v = c.v;
      const first = v.charCodeAt(0);
      if ((first === SHI || spaceLike(first)) && isExampleMarker(c)) {
        exampleAt = col;
        break;
      }
      if (totalAt < 0 && this.freeCols[col] !== 1) {
        const last = v.charCodeAt(v.length - 1);
        if ((last === JI || last === 0x3a || last === 0xff1a || spaceLike(last)) && isTotalMarker(c))
          totalAt = col;
      }
    }
    if (exampleAt >= 0) {
      const c = raw[exampleAt] as RawCell & { t: 's' };
      // A template example row is skipped only when it still holds the template's example
      // village code: a real row copied from an example (marker and all) must not vanish.
      const codeCell = this.codeCol === undefined ? undefined : raw[this.codeCol];
      const isExample =
        codeCell !== undefined && normaliseCode(cellText(codeCell)).startsWith(EXAMPLE_CODE_PREFIX);
      this.findings.push(
        sheetFinding(
          isExample ? 'warning' : 'error',
          isExample ? 'example_row' : 'example_marker',
          this.file,
          this.sheet,
          r,
          { expected: isExample ? '' : EXAMPLE_CODE_PREFIX },
          {
            column: columnLetter(exampleAt),
            header: this.headerAt(exampleAt),
            value: cleanText(c.v),
          },
        ),
      );
      return;
    }
    if (totalAt >= 0) {
      const c = raw[totalAt] as RawCell & { t: 's' };
      this.findings.push(
        sheetFinding(
          'warning',
          'total_row',
          this.file,
          this.sheet,
          r,
          { expected: '' },
          {
            column: columnLetter(totalAt),
            value: cleanText(c.v),
          },
        ),
      );
      return;
    }
    const cells: (RawCell | undefined)[] = [];
    for (let i = 0; i < cols.length; i++) {
      const col = cols[i] as number;
      cells.push(
        col < 0
          ? undefined
          : (raw[col] ?? (covering.length ? this.filled(r, col, covering, info.headerBottom) : undefined)),
      );
    }
    this.rows++;
    this.onRow({ row: r, cells }, info);
  }

  /** The value a merged range below the header gives cell (r, col): the last such range's master. */
  private filled(
    r: number,
    col: number,
    covering: readonly Merge[],
    headerBottom: number,
  ): RawCell | undefined {
    let out: RawCell | undefined;
    for (const o of covering) {
      const m = o.m;
      if (m.top <= headerBottom || col < m.left || col > m.right || (r === m.top && col === m.left)) continue;
      const master = this.masters[o.idx];
      if (master) out = master;
    }
    return out;
  }
}

/**
 * Finds the header row and the data rows of a sheet held as a grid (the exceljs reference
 * reader): the same reading as the streamed one, all rows at once.
 */
export function readTable(
  grid: SheetGrid,
  spec: SheetSpec,
  file: string,
): { table: Table | null; findings: Finding[] } {
  const findings: Finding[] = [];
  const rows: TableRow[] = [];
  const reader = new TableReader(spec, file, grid.name, grid.merges, findings, (tr) => rows.push(tr));
  grid.rows.forEach((raw, r) => {
    if (raw) reader.push(r, [...raw]);
  });
  const info = reader.end();
  return { table: info ? { ...info, rows } : null, findings };
}
