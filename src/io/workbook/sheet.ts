import type { Finding } from '../../rules/findings.js';
import { columnLetter, type RawCell, type SheetGrid } from './grid.js';
import { cleanText, closest, headerKey, normaliseCode, removeSpaces } from './normalise.js';
import { EXAMPLE_CODE_PREFIX, HEADER_SCAN_ROWS, type SheetSpec } from './schema.js';

/** Where a field was found: shared by every row of the sheet (RowRef.columns). */
export type ColumnsMap = Readonly<Record<string, { column: string; header: string }>>;

export interface TableRow {
  /** Excel's own row number. */
  row: number;
  /** Field key → the cell (after merged cells are filled down); absent when empty. */
  cells: Readonly<Record<string, RawCell | undefined>>;
}

export interface Table {
  file: string;
  sheet: string;
  spec: SheetSpec;
  /** The header row (the first row of a two-level header). */
  headerRow: number;
  columns: ColumnsMap;
  rows: TableRow[];
}

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

function matchHeaderRow(grid: SheetGrid, spec: SheetSpec, r: number): HeaderMatch {
  // A two-level header: 身份证号 merged over rows 2–3, 银行信息 over I2:J2 with 开户行 and
  // 银行卡号 under it in row 3. The block ends at the lowest merge starting on row r.
  let bottom = r;
  for (const m of grid.merges) {
    if (m.top === r && m.bottom > bottom) bottom = Math.min(m.bottom, r + MAX_SUBHEADER_ROWS);
  }
  const entries: { col: number; key: string; text: string }[] = [];
  const found: string[] = [];
  for (let rr = r; rr <= bottom; rr++) {
    (grid.rows[rr] ?? []).forEach((c, col) => {
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
  if (c?.t !== 's') return false;
  const t = removeSpaces(c.v);
  return t === '示例' || t.startsWith('示例行');
}

const TOTAL_WORDS = new Set(['合计', '小计', '总计', '共计', '总合计']);

function isTotalMarker(c: RawCell | undefined): boolean {
  if (c?.t !== 's') return false;
  const t = removeSpaces(c.v).replace(/[:：]$/, '');
  return TOTAL_WORDS.has(t) || (t.length <= 12 && /(小计|合计)$/.test(t));
}

/**
 * Finds the header row (the first of the first 10 rows holding every required header),
 * then the data rows below it: blank rows skipped, merged cells filled down, template
 * example rows and 合计/小计 rows skipped with a warning. Header problems are findings.
 */
export function readTable(
  grid: SheetGrid,
  spec: SheetSpec,
  file: string,
): { table: Table | null; findings: Finding[] } {
  const findings: Finding[] = [];
  const required = spec.fields.filter((x) => x.required);
  let match: HeaderMatch | null = null;
  let best: HeaderMatch | null = null;
  const bestScore = (m: HeaderMatch) => required.filter((x) => m.cols.has(x.key)).length;
  for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, grid.maxRow); r++) {
    const m = matchHeaderRow(grid, spec, r);
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
      findings.push(
        sheetFinding(
          'error',
          'header_missing',
          file,
          grid.name,
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
    return { table: null, findings };
  }

  const headerAt = (col: number): string => {
    const named = match.texts.get(col);
    if (named !== undefined) return named;
    for (let r = match.row; r <= match.bottom; r++) {
      const t = removeSpaces(cellText(grid.rows[r]?.[col]));
      if (t) return t;
    }
    return '';
  };
  const columns: Record<string, { column: string; header: string }> = {};
  for (const [key, col] of match.cols) columns[key] = { column: columnLetter(col), header: headerAt(col) };
  for (const d of match.duplicates) {
    findings.push(
      sheetFinding(
        'warning',
        'duplicate_header',
        file,
        grid.name,
        match.row,
        {
          expected: columns[d.key]?.header ?? d.key,
          first: columnLetter(d.first),
        },
        {
          column: columnLetter(d.col),
          header: headerAt(d.col),
          value: headerAt(d.col),
        },
      ),
    );
  }
  Object.freeze(columns);

  // Merged ranges below the header give their top-left value to every cell they cover.
  const filled = new Map<number, Map<number, RawCell>>();
  for (const m of grid.merges) {
    if (m.top <= match.bottom) continue;
    const master = grid.rows[m.top]?.[m.left];
    if (!master) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        const row = filled.get(r) ?? new Map<number, RawCell>();
        filled.set(r, row);
        row.set(c, master);
      }
    }
  }

  const freeCols = new Set(spec.fields.filter((x) => x.freeText).map((x) => match.cols.get(x.key)));
  const rows: TableRow[] = [];
  for (let r = match.bottom + 1; r <= grid.maxRow; r++) {
    const raw = grid.rows[r];
    if (!raw) continue;
    let any = false;
    for (const col of match.cols.values()) if (raw[col]) any = true;
    if (!any) continue;
    const exampleAt = raw.findIndex(isExampleMarker);
    if (exampleAt >= 0) {
      // A template example row is skipped only when it still holds the template's example
      // village code: a real row copied from an example (marker and all) must not vanish.
      const codeCol = match.cols.get(spec.kind === 'villages' ? 'code' : 'villageCode');
      const codeCell = codeCol === undefined ? undefined : raw[codeCol];
      const isExample =
        codeCell !== undefined && normaliseCode(cellText(codeCell)).startsWith(EXAMPLE_CODE_PREFIX);
      const c = raw[exampleAt];
      findings.push(
        sheetFinding(
          isExample ? 'warning' : 'error',
          isExample ? 'example_row' : 'example_marker',
          file,
          grid.name,
          r,
          { expected: isExample ? '' : EXAMPLE_CODE_PREFIX },
          {
            column: columnLetter(exampleAt),
            header: headerAt(exampleAt),
            value: c?.t === 's' ? cleanText(c.v) : '',
          },
        ),
      );
      continue;
    }
    const totalAt = raw.findIndex((c, col) => !freeCols.has(col) && isTotalMarker(c));
    if (totalAt >= 0) {
      const c = raw[totalAt];
      findings.push(
        sheetFinding(
          'warning',
          'total_row',
          file,
          grid.name,
          r,
          { expected: '' },
          {
            column: columnLetter(totalAt),
            value: c && c.t === 's' ? cleanText(c.v) : '',
          },
        ),
      );
      continue;
    }
    const cells: Record<string, RawCell | undefined> = {};
    const fill = filled.get(r);
    for (const [key, col] of match.cols) {
      const c = raw[col] ?? fill?.get(col);
      if (c) cells[key] = c;
    }
    rows.push({ row: r, cells });
  }
  return { table: { file, sheet: grid.name, spec, headerRow: match.row, columns, rows }, findings };
}
