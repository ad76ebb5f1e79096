import { basename, resolve } from 'node:path';
import { EXIT, ExitError } from '../errors.js';
import { type Finding, sortFindings } from '../rules/findings.js';
import type {
  CadreRecord,
  CommitmentRecord,
  Policy,
  RunInput,
  ScoreRecord,
  VillageRecord,
} from '../rules/types.js';
import { crossChecks, type RunEntries } from './workbook/checks.js';
import { loadGridWithExcelJs, SheetTooLargeError } from './workbook/exceljs-source.js';
import { type Candidate, expandPaths, openWorkbookFile } from './workbook/files.js';
import { EXCEL_MAX_COLS, EXCEL_MAX_ROWS, type SheetGrid, type WorkbookGrid } from './workbook/grid.js';
import { closest, headerKey } from './workbook/normalise.js';
import {
  type ReadContext,
  readCadres,
  readCommitments,
  readScores,
  readVillages,
} from './workbook/records.js';
import { roleMatcher } from './workbook/roles.js';
import { SHEET_ORDER, SHEETS, type SheetKind } from './workbook/schema.js';
import { readTable } from './workbook/sheet.js';

export type { SheetKind } from './workbook/schema.js';

export interface InputFile {
  path: string;
  /** The file's base name. */
  name: string;
  sha256: string;
}

export interface ReadOptions {
  /** Sheets the command requires (missing → an error finding); the others are optional. */
  need: SheetKind[];
  onProgress?: (p: { file: string; stage: string; rows: number }) => void;
}

export interface ReadResult {
  input: RunInput;
  findings: Finding[];
  files: InputFile[];
}

function finding(
  code: string,
  file: string,
  params: Record<string, string | number>,
  extra: Partial<Finding> = {},
): Finding {
  return {
    level: 'error',
    code,
    file,
    sheet: '',
    row: 0,
    column: '',
    header: '',
    value: '',
    params,
    ...extra,
  };
}

/** The sheet of `kind` in a workbook, by its accepted names after normalisation. */
function findSheets(grid: WorkbookGrid, kind: SheetKind): SheetGrid[] {
  const want = new Set(SHEETS[kind].names.map(headerKey));
  return grid.sheets.filter((s) => want.has(headerKey(s.name)));
}

/**
 * Reads the input workbooks of a run (spec/workbook.md). `paths`: files or folders (a
 * folder → its *.xlsx sorted by name, lock files ~$* skipped with a warning).
 *
 * File-level problems (missing path, folder without workbooks, old .xls, text renamed
 * .xlsx, encrypted, empty or corrupt, too large, a sheet past Excel's limits) are
 * collected for all paths, then thrown as one ExitError (exit 4). Row and cell problems
 * are findings in the result: the command decides (errors → exit 1, nothing written).
 */
export async function readWorkbooks(paths: string[], policy: Policy, opts: ReadOptions): Promise<ReadResult> {
  const expanded = await expandPaths(paths);
  const fileFindings: Finding[] = [...expanded.findings];

  // The same file given twice (or a file and its folder) is read once.
  const seenPaths = new Set<string>();
  const candidates: Candidate[] = [];
  for (const c of expanded.files) {
    const abs = resolve(c.path);
    if (seenPaths.has(abs)) {
      fileFindings.push(finding('duplicate_input', c.display, { expected: 'once' }, { level: 'warning' }));
      continue;
    }
    seenPaths.add(abs);
    candidates.push(c);
  }
  // Findings name a file by its base name, or by its path when two inputs share one.
  const baseCount = new Map<string, number>();
  for (const c of candidates) baseCount.set(basename(c.path), (baseCount.get(basename(c.path)) ?? 0) + 1);
  const label = (c: Candidate) => ((baseCount.get(basename(c.path)) ?? 0) > 1 ? c.display : basename(c.path));

  const roles = roleMatcher(policy);
  const findings: Finding[] = [];
  const run: RunEntries = { villages: [], cadres: [], commitments: [], scores: [], villagesComplete: true };
  const files: InputFile[] = [];

  for (const c of candidates) {
    const file = label(c);
    opts.onProgress?.({ file, stage: 'open', rows: 0 });
    const opened = await openWorkbookFile(c);
    if ('code' in opened) {
      fileFindings.push(opened);
      continue;
    }
    let grid: WorkbookGrid;
    try {
      grid = await loadGridWithExcelJs(opened.buffer);
    } catch (e) {
      if (e instanceof SheetTooLargeError) {
        fileFindings.push(
          finding('sheet_too_large', c.display, {
            expected: `≤ ${EXCEL_MAX_ROWS} × ${EXCEL_MAX_COLS}`,
            sheetName: e.sheet || '?',
            rows: e.rows,
            cols: e.cols,
            maxRows: EXCEL_MAX_ROWS,
            maxCols: EXCEL_MAX_COLS,
          }),
        );
      } else {
        fileFindings.push(
          finding('corrupt', c.display, {
            expected: 'xlsx',
            reason: e instanceof Error ? e.message : String(e),
          }),
        );
      }
      continue;
    }
    files.push({ path: c.display, name: basename(c.path), sha256: opened.sha256 });
    // Once a file cannot be read the run stops at exit 4: the others are still opened
    // (to report every unreadable file at once) but not parsed.
    if (fileFindings.some((f) => f.level === 'error')) continue;

    const ctx: ReadContext = { policy, roles, date1904: grid.date1904, findings };
    let total = 0;
    for (const kind of SHEET_ORDER) {
      const spec = SHEETS[kind];
      const found = findSheets(grid, kind);
      const sheet = found[0];
      if (!sheet) {
        if (opts.need.includes(kind)) {
          const names = grid.sheets.map((s) => s.name);
          findings.push(
            finding(
              'sheet_missing',
              file,
              {
                expected: spec.names.join(' / '),
                found: names.join('、') || '-',
                closest: closest(names, spec.names) || '-',
              },
              { sheet: spec.names[0] ?? kind },
            ),
          );
          if (kind === 'villages') run.villagesComplete = false;
        }
        continue;
      }
      if (found.length > 1) {
        findings.push(
          finding(
            'sheet_ambiguous',
            file,
            { expected: spec.names[0] ?? kind, found: found.map((s) => s.name).join('、') },
            { sheet: sheet.name },
          ),
        );
      }
      const { table, findings: tableFindings } = readTable(sheet, spec, file);
      findings.push(...tableFindings);
      if (!table) {
        if (kind === 'villages') run.villagesComplete = false;
        continue;
      }
      if (!table.rows.length && opts.need.includes(kind)) {
        findings.push(
          finding(
            'sheet_empty',
            file,
            { expected: '≥ 1', headerRow: table.headerRow },
            { level: 'warning', sheet: sheet.name },
          ),
        );
      }
      if (kind === 'villages') run.villages.push(...readVillages(table, ctx));
      else if (kind === 'cadres') run.cadres.push(...readCadres(table, ctx));
      else if (kind === 'commitments') run.commitments.push(...readCommitments(table, ctx));
      else run.scores.push(...readScores(table, ctx));
      total += table.rows.length;
      opts.onProgress?.({ file, stage: sheet.name, rows: table.rows.length });
    }
    opts.onProgress?.({ file, stage: 'done', rows: total });
  }

  if (fileFindings.some((f) => f.level === 'error')) throw new ExitError(EXIT.io, sortFindings(fileFindings));

  findings.push(...crossChecks(run, policy));

  const input: RunInput = {
    villages: run.villages.flatMap((e): VillageRecord[] => (e.record ? [{ ...e.record, src: e.src }] : [])),
    cadres: [],
    commitments: run.commitments.flatMap((e): CommitmentRecord[] =>
      e.record ? [{ ...e.record, src: e.src }] : [],
    ),
    scores: run.scores.flatMap((e): ScoreRecord[] => (e.record ? [{ ...e.record, src: e.src }] : [])),
  };
  let seq = 0;
  for (const e of run.cadres) {
    if (!e.record) continue;
    const rec: CadreRecord = { ...e.record, seq: seq++, src: e.src };
    input.cadres.push(rec);
  }
  return { input, findings: sortFindings([...fileFindings, ...findings]), files };
}
