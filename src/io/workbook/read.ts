import { basename, resolve } from 'node:path';
import { EXIT, ExitError } from '../../errors.js';
import { boundHeapGrowth, unpackedBytes } from '../../memory.js';
import { type Finding, sortFindings } from '../../rules/findings.js';
import type {
  CadreRecord,
  CommitmentRecord,
  Policy,
  RowRef,
  RunInput,
  ScoreRecord,
  VillageRecord,
} from '../../rules/types.js';
import { EXCEL_MAX_COLS, EXCEL_MAX_ROWS, type MergeRange } from '../xlsx/grid.js';
import { type CellContext, SheetTooLargeError, TextCache } from '../xlsx/scanner.js';
import {
  type LeanSheet,
  loadDateStyles,
  loadSharedStrings,
  openWorkbook,
  PartTooLargeError,
  scanSheet,
  XlsxFile,
} from '../xlsx/source.js';
import { ZipSizeError } from '../xlsx/zip.js';
import { crossChecks, type RunEntries } from './checks.js';
import { NumberCache, type TextScreen } from './fields.js';
import { type Candidate, expandPaths, type InspectedFile, inspectWorkbookFile } from './files.js';
import { closest, forbiddenCharAt, headerKey } from './normalise.js';
import {
  BadRow,
  type CadreFields,
  cadreRows,
  commitmentRows,
  type Entry,
  type ReadContext,
  type SheetOut,
  scoreRows,
  villageRows,
} from './records.js';
import { roleMatcher } from './roles.js';
import { SHEET_ORDER, SHEETS, type SheetKind } from './schema.js';
import { type TableInfo, TableReader, type TableRow, type TableReader as TR } from './sheet.js';

export type { SheetKind } from './schema.js';

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
  /** Records entered per sheet kind, with those that have errors (input holds the good ones). */
  entered: Record<SheetKind, number>;
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

/** The sheets of `kind` in a workbook, by its accepted names after normalisation. */
function findSheets(sheets: readonly LeanSheet[], kind: SheetKind): LeanSheet[] {
  const want = new Set(SHEETS[kind].names.map(headerKey));
  return sheets.filter((s) => want.has(headerKey(s.name)));
}

/** Progress is reported about every this many rows of a sheet. */
const PROGRESS_ROWS = 50_000;

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file the reader could not read → its finding (exit 4). */
function fileProblem(e: unknown, display: string): Finding {
  if (e instanceof SheetTooLargeError) {
    return finding('sheet_too_large', display, {
      expected: `≤ ${EXCEL_MAX_ROWS} × ${EXCEL_MAX_COLS}`,
      sheetName: e.sheet || '?',
      rows: e.rows,
      cols: e.cols,
      maxRows: EXCEL_MAX_ROWS,
      maxCols: EXCEL_MAX_COLS,
    });
  }
  if (e instanceof PartTooLargeError)
    return finding('too_large', display, { size: mb(e.size), limit: mb(e.limit) });
  if (e instanceof ZipSizeError) return finding('corrupt', display, { expected: 'xlsx', reason: e.message });
  return finding('corrupt', display, {
    expected: 'xlsx',
    reason: e instanceof Error ? e.message : String(e),
  });
}

/** What reading one sheet gave, kept only once the sheet is read for good. */
interface SheetResult {
  info: TableInfo | null;
  rows: number;
  findings: Finding[];
  out: SheetOut<object>;
}

interface WorkbookRun {
  file: string;
  policy: Policy;
  need: readonly SheetKind[];
  roles: ReturnType<typeof roleMatcher>;
  numbers: NumberCache;
  texts: TextCache;
  onProgress: ReadOptions['onProgress'];
  /** Records entered per sheet kind, good or bad (examples, totals and blank rows not counted). */
  entered: Record<SheetKind, number>;
}

type RowsOf = (ctx: ReadContext, out: SheetOut<never>) => (tr: TableRow, info: TableInfo) => void;
const ROWS_OF: Record<SheetKind, RowsOf> = {
  villages: villageRows as RowsOf,
  cadres: cadreRows as RowsOf,
  commitments: commitmentRows as RowsOf,
  scores: scoreRows as RowsOf,
};

/**
 * On a first pass (merged ranges not known yet), this many required cells found empty
 * look like the covered cells of ranges merged down (a village code merged over its
 * cadres' rows): the pass stops building records and findings it would throw away and
 * only reads on to the ranges at the end of the sheet.
 */
const SUSPECT_EMPTY_CELLS = 1000;

/**
 * Streams one sheet through its table reader into records. Merged ranges are only known
 * at the end of the sheet's XML: the first pass reads as if there were none; when the
 * ranges found would change anything (TableReader.standsWithout), what it read is dropped
 * and the sheet is read again with them (about twice the time, the same memory). When
 * the first pass meets many empty required cells it stops keeping what it reads and
 * only looks for the ranges (the scan alone is about half the work of a pass).
 */
async function readSheet(
  x: XlsxFile,
  sheet: LeanSheet,
  kind: SheetKind,
  cells: CellContext,
  w: WorkbookRun,
  screen: TextScreen,
): Promise<SheetResult> {
  const pass = async (merges: readonly MergeRange[] | null) => {
    const findings: Finding[] = [];
    const out: SheetOut<object> = { entries: [], diffs: new Map() };
    const ctx: ReadContext = {
      policy: w.policy,
      roles: w.roles,
      date1904: cells.date1904,
      findings,
      numbers: w.numbers,
      screen,
    };
    const onRow = ROWS_OF[kind](ctx, out as SheetOut<never>);
    let next = PROGRESS_ROWS;
    let empty = 0;
    let stopped = false;
    const reader: TR = new TableReader(
      SHEETS[kind],
      w.file,
      sheet.name,
      merges ?? [],
      findings,
      (tr, info) => {
        const before = findings.length;
        onRow(tr, info);
        if (merges === null && findings.length > before) {
          for (let i = before; i < findings.length; i++) if (findings[i]?.code === 'required_empty') empty++;
          if (empty >= SUSPECT_EMPTY_CELLS) {
            stopped = true;
            reader.skipDataRows();
            findings.length = 0;
            out.entries.length = 0;
            out.diffs.clear();
          }
        }
        if (reader.rows >= next) {
          next += PROGRESS_ROWS;
          w.onProgress?.({ file: w.file, stage: sheet.name, rows: reader.rows });
        }
      },
    );
    const scan = await scanSheet(x, sheet, cells, (r, raw) => reader.push(r, raw));
    const info = reader.end();
    return { reader, scan, stopped, result: { info, rows: reader.rows, findings, out } };
  };
  let first: Awaited<ReturnType<typeof pass>> | null = await pass(null);
  if (!first.stopped && first.reader.standsWithout(first.scan.merges)) return first.result;
  const merges = first.scan.merges;
  // Nothing of the first pass may outlive it: a million records would be held twice.
  first = null;
  w.onProgress?.({ file: w.file, stage: sheet.name, rows: 0 });
  return (await pass(merges)).result;
}

/** Reads one workbook's sheets into `run` and `findings` (when `keep`). Throws on a file that cannot be read. */
async function readWorkbook(
  opened: InspectedFile,
  w: WorkbookRun,
  keep: boolean,
  run: RunEntries,
  findings: Finding[],
): Promise<number> {
  const x = new XlsxFile(opened.fh, opened.entries);
  const wb = await openWorkbook(x);
  const plan: { kind: SheetKind; found: LeanSheet[] }[] = SHEET_ORDER.map((kind) => ({
    kind,
    found: findSheets(wb.sheets, kind),
  }));
  const reading = plan.some((p) => p.found.length > 0);
  const shared = reading ? await loadSharedStrings(x, wb.sharedStrings) : [];
  // Every text screened once, as it is decoded (the shared strings here, in order, the
  // sheets' own texts as the scanner meets them): a cell is searched for a character no
  // text may hold only in a workbook that has one (at a full sheet, searching every cell
  // again took more than a second, its strings long out of the cache).
  const screen: TextScreen = { suspect: shared.some((t) => forbiddenCharAt(t) >= 0) };
  const cells: CellContext = {
    shared,
    dateStyles: reading ? await loadDateStyles(x, wb.styles) : new Uint8Array(0),
    date1904: wb.date1904,
    texts: w.texts,
    onText: (t) => {
      if (!screen.suspect && forbiddenCharAt(t) >= 0) screen.suspect = true;
    },
  };
  const file = w.file;
  let total = 0;
  for (const { kind, found } of plan) {
    const spec = SHEETS[kind];
    const sheet = found[0];
    if (!sheet) {
      if (w.need.includes(kind)) {
        const names = wb.sheets.map((s) => s.name);
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
    const got = await readSheet(x, sheet, kind, cells, w, screen);
    if (!keep) continue;
    for (const f of got.findings) findings.push(f);
    if (!got.info) {
      if (kind === 'villages') run.villagesComplete = false;
      continue;
    }
    if (!got.rows && w.need.includes(kind)) {
      // An error when the whole run has no row of this kind (readWorkbooks decides).
      findings.push(
        finding(
          'sheet_empty',
          file,
          { expected: '≥ 1', headerRow: got.info.headerRow, kind },
          { level: 'warning', sheet: sheet.name },
        ),
      );
    }
    w.entered[kind] += got.out.entries.length;
    const into = run[kind] as object[];
    for (const e of got.out.entries) into.push(e);
    for (const [k, v] of got.out.diffs) run.diffs.set(k, v);
    total += got.rows;
    w.onProgress?.({ file, stage: sheet.name, rows: got.rows });
  }
  return total;
}

/**
 * Reads the input workbooks of a run (spec/workbook.md). `paths`: files or folders (a
 * folder → its *.xlsx sorted by name, lock files ~$* skipped with a warning).
 *
 * Each workbook is streamed from its file by the lean reader (xlsx/source.ts):
 * one sheet at a time, each row turned into its record as it is read, so memory grows
 * with the records kept (about 300 bytes a cadre), not with the file.
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
  const numbers = new NumberCache();
  const texts = new TextCache();
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
  const files: InputFile[] = [];
  const entered: Record<SheetKind, number> = { villages: 0, cadres: 0, commitments: 0, scores: 0 };
  // All files together: a year-end batch of towns is one large run.
  let unpacked = 0;

  for (const c of candidates) {
    const file = label(c);
    opts.onProgress?.({ file, stage: 'open', rows: 0 });
    const opened = await inspectWorkbookFile(c);
    if ('code' in opened) {
      fileFindings.push(opened);
      continue;
    }
    unpacked += unpackedBytes(opened.entries);
    boundHeapGrowth(unpacked);
    // Once a file cannot be read the run stops at exit 4: the others are still read
    // through (to report every unreadable file at once), but what they hold is not kept.
    const keep = !fileFindings.some((f) => f.level === 'error');
    const w: WorkbookRun = {
      file,
      policy,
      need: opts.need,
      roles,
      numbers,
      texts,
      onProgress: opts.onProgress,
      entered,
    };
    try {
      const local: Finding[] = [];
      const total = await readWorkbook(opened, w, keep, run, local);
      files.push({ path: c.display, name: basename(c.path), sha256: opened.sha256 });
      if (keep) {
        for (const f of local) findings.push(f);
        opts.onProgress?.({ file, stage: 'done', rows: total });
      }
    } catch (e) {
      fileFindings.push(fileProblem(e, c.display));
    } finally {
      await opened.fh.close();
    }
  }

  if (fileFindings.some((f) => f.level === 'error')) throw new ExitError(EXIT.io, sortFindings(fileFindings));

  for (const f of crossChecks(run, policy)) findings.push(f);
  // A run with no village or no cadre row at all (the untouched template: its example rows
  // are skipped) would give empty documents: its empty sheets are input errors. One file of
  // several may hold only cadres, or only villages, as long as the run has both.
  for (const f of findings) {
    const kind = f.params?.kind as SheetKind | undefined;
    if (f.code === 'sheet_empty' && (kind === 'villages' || kind === 'cadres') && entered[kind] === 0)
      f.level = 'error';
  }

  // The records kept: the entries themselves when none was bad or refused (no copy of a
  // million-entry list), else those that were not.
  const kept = <R>(list: Entry<R>[]): (R & { src: RowRef })[] => {
    const drop = (e: Entry<R>) => e instanceof BadRow || (run.rejected.size > 0 && run.rejected.has(e));
    if (!list.some(drop)) return list as (R & { src: RowRef })[];
    const out: (R & { src: RowRef })[] = [];
    for (const e of list) if (!drop(e)) out.push(e as R & { src: RowRef });
    return out;
  };
  const cadres = kept<CadreFields>(run.cadres) as CadreRecord[];
  cadres.forEach((rec, seq) => {
    rec.seq = seq;
  });
  const input: RunInput = {
    villages: kept(run.villages) as VillageRecord[],
    cadres,
    commitments: kept(run.commitments) as CommitmentRecord[],
    scores: kept(run.scores) as ScoreRecord[],
  };
  return { input, findings: sortFindings([...fileFindings, ...findings]), files, entered };
}
