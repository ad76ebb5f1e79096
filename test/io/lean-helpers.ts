/**
 * Helpers for the lean reader's tests: the same workbook read into a grid of cells by the
 * lean reader and by exceljs (the reader it replaced, kept as the reference), the records
 * read through exceljs's grid with the same table and record code, and small .xlsx files
 * written part by part for the shapes the workbook builder cannot make.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { crossChecks, type RunEntries } from '../../src/io/workbook/checks.js';
import { NumberCache } from '../../src/io/workbook/fields.js';
import { inspectWorkbookFile } from '../../src/io/workbook/files.js';
import { headerKey } from '../../src/io/workbook/normalise.js';
import {
  BadRow,
  cadreRows,
  commitmentRows,
  type ReadContext,
  type SheetOut,
  scoreRows,
  villageRows,
} from '../../src/io/workbook/records.js';
import { roleMatcher } from '../../src/io/workbook/roles.js';
import { SHEET_ORDER, SHEETS, type SheetKind } from '../../src/io/workbook/schema.js';
import { readTable } from '../../src/io/workbook/sheet.js';
import { loadGridWithExcelJs } from '../../src/io/xlsx/exceljs-source.js';
import type { RawCell, SheetGrid, WorkbookGrid } from '../../src/io/xlsx/grid.js';
import {
  loadDateStyles,
  loadSharedStrings,
  openWorkbook,
  scanSheet,
  XlsxFile,
} from '../../src/io/xlsx/source.js';
import { type Finding, sortFindings } from '../../src/rules/findings.js';
import type { Policy, RunInput } from '../../src/rules/types.js';
import { makeZip } from './bad-files.js';

/** Every sheet of a workbook read by the lean reader into a grid, merged ranges applied as exceljs does. */
export async function leanGrid(path: string): Promise<WorkbookGrid> {
  const opened = await inspectWorkbookFile({ path, display: path });
  if ('code' in opened) throw new Error(`${opened.code}: ${JSON.stringify(opened.params)}`);
  try {
    const x = new XlsxFile(opened.fh, opened.entries);
    const wb = await openWorkbook(x);
    const ctx = {
      shared: await loadSharedStrings(x, wb.sharedStrings),
      dateStyles: await loadDateStyles(x, wb.styles),
      date1904: wb.date1904,
    };
    const sheets: SheetGrid[] = [];
    for (const s of wb.sheets) {
      const rows: (RawCell | undefined)[][] = [];
      const scan = await scanSheet(x, s, ctx, (r, cells) => {
        rows[r] = cells;
      });
      // exceljs gives a covered cell of a merged range the master's value and the reader
      // skips it: a covered cell holds nothing, whatever the file has in it.
      for (const m of scan.merges) {
        for (let r = m.top; r <= m.bottom; r++) {
          const row = rows[r];
          if (!row) continue;
          for (let c = m.left; c <= Math.min(m.right, row.length - 1); c++)
            if (r !== m.top || c !== m.left) row[c] = undefined;
          if (!row.some((v) => v !== undefined)) rows[r] = undefined as unknown as RawCell[];
        }
      }
      let maxRow = 0;
      let maxCol = 0;
      rows.forEach((row, r) => {
        row?.forEach((c, col) => {
          if (c === undefined) return;
          maxRow = Math.max(maxRow, r);
          maxCol = Math.max(maxCol, col);
        });
      });
      sheets.push({ name: s.name, rows, merges: scan.merges, maxRow, maxCol });
    }
    return { date1904: wb.date1904, sheets };
  } finally {
    await opened.fh.close();
  }
}

export async function excelGrid(path: string): Promise<WorkbookGrid> {
  return loadGridWithExcelJs(readFileSync(path));
}

/** A grid as plain data to compare: every non-empty cell as [row, col, type, value, formula?]. */
export function cellsOf(grid: WorkbookGrid) {
  return {
    date1904: grid.date1904,
    sheets: grid.sheets.map((s) => ({
      name: s.name,
      maxRow: s.maxRow,
      maxCol: s.maxCol,
      merges: [...s.merges].sort((a, b) => a.top - b.top || a.left - b.left),
      cells: s.rows.flatMap((row, r) =>
        (row ?? []).flatMap((c, col) => (c === undefined ? [] : [[r, col, ...plain(c)]])),
      ),
    })),
  };
}

function plain(c: RawCell): unknown[] {
  const f = 'formula' in c && c.formula ? ['formula'] : [];
  if (c.t === 'd') return ['d', c.v.getTime(), ...f];
  if (c.t === 'f') return ['f'];
  return [c.t, c.v, ...f];
}

const ROWS_OF = {
  villages: villageRows,
  cadres: cadreRows,
  commitments: commitmentRows,
  scores: scoreRows,
} as const;

/**
 * The records and findings of workbooks read through exceljs's in-memory grid (the old
 * reader's path) with the same table and record code: the reference the lean reader is
 * compared against. File-level problems are not handled here.
 */
export async function readWithExcelJs(
  paths: string[],
  policy: Policy,
  need: SheetKind[],
): Promise<{ input: RunInput; findings: Finding[] }> {
  const findings: Finding[] = [];
  const run: RunEntries = {
    villages: [],
    cadres: [],
    commitments: [],
    scores: [],
    villagesComplete: true,
    diffs: new Map(),
    rejected: new Set(),
  };
  const numbers = new NumberCache();
  for (const path of paths) {
    const file = basename(path);
    const grid = await excelGrid(path);
    for (const kind of SHEET_ORDER) {
      const want = new Set(SHEETS[kind].names.map(headerKey));
      const sheet = grid.sheets.find((s) => want.has(headerKey(s.name)));
      if (!sheet) {
        if (need.includes(kind) && kind === 'villages') run.villagesComplete = false;
        continue;
      }
      const { table, findings: tf } = readTable(sheet, SHEETS[kind], file);
      const ctx: ReadContext = {
        policy,
        roles: roleMatcher(policy),
        date1904: grid.date1904,
        findings: tf,
        numbers,
      };
      if (!table) {
        findings.push(...tf);
        if (kind === 'villages') run.villagesComplete = false;
        continue;
      }
      const out: SheetOut<object> = { entries: [], diffs: new Map() };
      const onRow = (ROWS_OF[kind] as (c: ReadContext, o: SheetOut<object>) => (tr: never, i: never) => void)(
        ctx,
        out,
      );
      for (const tr of table.rows) onRow(tr as never, table as never);
      findings.push(...tf);
      (run[kind] as object[]).push(...out.entries);
      for (const [k, v] of out.diffs) run.diffs.set(k, v);
    }
  }
  findings.push(...crossChecks(run, policy));
  const kept = <T>(list: T[]) => list.filter((e) => !(e instanceof BadRow) && !run.rejected.has(e as object));
  const input = {
    villages: kept(run.villages),
    cadres: kept(run.cadres).map((c, seq) => Object.assign(c, { seq })),
    commitments: kept(run.commitments),
    scores: kept(run.scores),
  } as unknown as RunInput;
  return { input, findings: sortFindings(findings) };
}

const NS = 'http://schemas.openxmlformats.org';

export interface PartsOptions {
  /** Each sheet's name and the XML inside <worksheet> (its <sheetData> and anything after). */
  sheets: { name: string; body: string; prefix?: string }[];
  /** The <si> items of the shared strings (omitted: no shared-string part). */
  shared?: string[];
  /** The inside of <styleSheet> (omitted: no styles part). */
  styles?: string;
  date1904?: boolean | string;
  /** Stored instead of deflated. */
  stored?: boolean;
}

/** An .xlsx written part by part, for shapes the builder (exceljs) cannot write. */
export function xlsxOf(o: PartsOptions): Buffer {
  const rels = [
    ...o.sheets.map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    ),
    o.shared
      ? `<Relationship Id="rS" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
      : '',
    o.styles !== undefined
      ? `<Relationship Id="rY" Type="${NS}/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>`
      : '',
  ].join('');
  const pr =
    o.date1904 === undefined ? '' : `<workbookPr date1904="${o.date1904 === true ? '1' : o.date1904}"/>`;
  const parts: { name: string; data: string }[] = [
    {
      name: '[Content_Types].xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships">${pr}<sheets>${o.sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${NS}/package/2006/relationships">${rels}</Relationships>`,
    },
    ...o.sheets.map((s, i) => {
      const p = s.prefix ? `${s.prefix}:` : '';
      const ns = s.prefix ? `xmlns:${s.prefix}` : 'xmlns';
      return {
        name: `xl/worksheets/sheet${i + 1}.xml`,
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<${p}worksheet ${ns}="${NS}/spreadsheetml/2006/main"><${p}dimension ref="A1"/>${s.body}</${p}worksheet>`,
      };
    }),
  ];
  if (o.shared) {
    parts.push({
      name: 'xl/sharedStrings.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}/spreadsheetml/2006/main" count="${o.shared.length}" uniqueCount="${o.shared.length}">${o.shared.join('')}</sst>`,
    });
  }
  if (o.styles !== undefined) {
    parts.push({
      name: 'xl/styles.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}/spreadsheetml/2006/main">${o.styles}</styleSheet>`,
    });
  }
  return makeZip(parts, undefined, o.stored);
}
